import { Router } from 'express';
import type { AppDeps } from '../../deps';
import { locals } from '../locals';

/** /healthz: the process is up. /readyz: storage answers too (load balancers route on this). */
export function healthRoutes(deps: Pick<AppDeps, 'storage'>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await deps.storage.ping();
      res.setHeader('Cache-Control', 'no-store').json({ status: 'ready', storage: deps.storage.kind });
    } catch (error) {
      locals(res).log.error({ err: error }, 'storage is not reachable');
      res
        .status(503)
        .setHeader('Cache-Control', 'no-store')
        .json({
          status: 'unavailable',
          storage: deps.storage.kind,
          error: { code: 'storage_unreachable', message: 'Storage is not reachable.' },
        });
    }
  });
  return router;
}
