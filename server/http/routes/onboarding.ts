import { Router } from 'express';
import type { AppDeps } from '../../deps';
import { recentOrders } from '../../onboarding/recent-orders';
import { readSettings } from '../../relay/store-settings';
import type { OnboardingStatusResponse, RecentOrdersResponse } from '../onboarding-api-types';
import { sessionOf } from '../locals';

/** What the first-run flow reads: how far the store is, and orders to preview. Mounted under /api. */
export function onboardingRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/onboarding', async (_req, res) => {
    const { store } = sessionOf(res);
    const [connection, settings, links] = await Promise.all([
      deps.storage.connections.get(store.hash),
      deps.storage.settings.get(store.hash),
      deps.storage.orderLinks.list(store.hash, { limit: 1 }),
    ]);
    const body: OnboardingStatusResponse = {
      connected: connection !== null,
      syncStarted: readSettings(settings).syncEnabled || links.items.length > 0,
    };
    res.setHeader('Cache-Control', 'no-store').json(body);
  });

  router.get('/bigcommerce/recent-orders', async (_req, res) => {
    const { store } = sessionOf(res);
    const body: RecentOrdersResponse = { orders: await recentOrders(deps, store) };
    res.setHeader('Cache-Control', 'no-store').json(body);
  });

  return router;
}
