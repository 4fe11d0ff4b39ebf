import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { AppDeps } from '../../deps';
import { UnauthorizedError } from '../../errors';

/**
 * GET /metrics: the process's Prometheus metrics. Without METRICS_TOKEN it does not exist (the app's
 * 404); with it, it needs `Authorization: Bearer <token>` (compared in constant time; else 401 with
 * `WWW-Authenticate: Bearer`). The token is never logged.
 */
export function metricsRoutes(deps: Pick<AppDeps, 'config' | 'metrics'>): Router {
  const router = Router();
  const token = deps.config.metricsToken;
  if (token === null) return router;
  const expected = digest(token);
  router.get('/metrics', async (req, res) => {
    const given = /^Bearer +(\S+) *$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!given || !timingSafeEqual(digest(given), expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new UnauthorizedError(
        'metrics_unauthorized',
        'GET /metrics needs the header Authorization: Bearer <METRICS_TOKEN>.',
      );
    }
    const body = await deps.metrics.render();
    res.status(200).setHeader('Cache-Control', 'no-store').type(deps.metrics.contentType).send(body);
  });
  return router;
}

/** Equal-length digests, so the comparison takes the same time whatever the given token's length. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
