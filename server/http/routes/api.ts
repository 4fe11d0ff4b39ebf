import { Router } from 'express';
import type { AppDeps } from '../../deps';
import type { RefreshResponse, SessionResponse } from '../api-types';
import { requireSession } from '../middleware/session-auth';
import { attentionRoutes } from './attention';
import { connectionRoutes } from './connection';
import { dashboardRoutes } from './dashboard';
import { mappingRoutes } from './mappings';
import { onboardingRoutes } from './onboarding';
import { pushSecretRoutes } from './push-secret';
import { relayRoutes } from './relay';
import { userRoutes } from './users';
import { storeSettingsActionRoutes } from './store-settings-actions';
import { controlPanelUrl } from '../../bigcommerce/control-panel-url';
import { sessionOf } from '../locals';
import { ownerEmailOf, permissionsOf } from '../permissions';

/** The JSON API the embedded client calls. Every route is behind requireSession and store-scoped. */
export function apiRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use(requireSession(deps));

  router.get('/session', async (_req, res) => {
    const { store, user, expiresAt } = sessionOf(res);
    const body: SessionResponse = {
      store: {
        hash: store.hash,
        status: store.status,
        scopes: store.scope.split(/\s+/).filter(Boolean),
        installedAt: store.installedAt,
        controlPanelUrl: controlPanelUrl(store.hash, deps.config.bigcommerce.loginUrl),
      },
      user: { id: user.userId, email: user.email, role: user.role },
      permissions: permissionsOf(user.role),
      owner: { email: ownerEmailOf(store) },
      expiresAt,
    };
    res.setHeader('Cache-Control', 'no-store').json(body);
  });

  router.post('/session/refresh', async (_req, res) => {
    const { store, user } = sessionOf(res);
    const issued = await deps.sessions.issue(
      { storeHash: store.hash, userId: user.userId, sessionVersion: user.sessionVersion },
      deps.clock(),
    );
    const body: RefreshResponse = issued;
    res.setHeader('Cache-Control', 'no-store').json(body);
  });

  // Before connectionRoutes: its /iom/:kind would take /iom/products.
  router.use(attentionRoutes(deps));
  router.use(mappingRoutes(deps));
  router.use(connectionRoutes(deps));
  router.use(userRoutes(deps));
  router.use(relayRoutes(deps));
  router.use(pushSecretRoutes(deps));
  router.use(storeSettingsActionRoutes(deps));
  router.use(dashboardRoutes(deps));
  router.use(onboardingRoutes(deps));

  return router;
}
