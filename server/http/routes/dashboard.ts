import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { createWebhookChecker, dashboardStats } from '../../relay/dashboard-stats';
import { isTimeZone } from '../../relay/local-days';
import type { DashboardResponse } from '../dashboard-api-types';
import { QueryValidationError } from '../query-errors';
import { sessionOf } from '../locals';

const dashboardQuery = z.object({
  tz: z
    .string()
    .max(64)
    .refine(isTimeZone, 'must be an IANA time zone, e.g. Europe/Berlin or America/New_York')
    .default('UTC'),
});

/** GET /api/dashboard: the relay's health at a glance. Mounted under /api. */
export function dashboardRoutes(deps: AppDeps): Router {
  const router = Router();
  const checkWebhooks = createWebhookChecker(deps);

  router.get('/dashboard', async (req, res) => {
    const parsed = dashboardQuery.safeParse(req.query);
    if (!parsed.success) throw QueryValidationError.of('dashboard query', parsed.error.issues);
    const { store } = sessionOf(res);
    const body: DashboardResponse = await dashboardStats(deps, store, parsed.data.tz, checkWebhooks);
    res.setHeader('Cache-Control', 'no-store').json(body);
  });

  return router;
}
