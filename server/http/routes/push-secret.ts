import { Router } from 'express';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { PUSH_SIGNATURE_FORMAT, PUSH_SIGNATURE_HEADER, newPushSecret } from '../../relay/push-signature';
import type { PushSecretResponse } from '../api-types';
import { locals, sessionOf } from '../locals';
import { requirePermission } from '../permissions';

/**
 * The secret IOM signs POST /iom/events with: shown to the owner and admins (created on first look),
 * and rotated on request (the old one stops working at once). Mounted under /api.
 */
export function pushSecretRoutes(deps: AppDeps): Router {
  const router = Router();
  const manage = (action: string) => requirePermission(deps, 'manage', action);

  router.get('/push-secret', manage('see the IOM push secret'), async (_req, res) => {
    const { store } = sessionOf(res);
    const current = (await deps.storage.stores.get(store.hash))?.pushSecret ?? null;
    const secret = current ?? (await storeNewSecret(deps, store.hash));
    res.setHeader('Cache-Control', 'no-store').json(body(deps, secret));
  });

  router.post('/push-secret/rotate', manage('rotate the IOM push secret'), async (_req, res) => {
    const { store } = sessionOf(res);
    const secret = await storeNewSecret(deps, store.hash);
    locals(res).log.info({ storeHash: store.hash }, 'push secret rotated');
    res.setHeader('Cache-Control', 'no-store').json(body(deps, secret));
  });

  return router;
}

/** Store a fresh secret and answer what storage then holds (two first looks at once agree on one). */
async function storeNewSecret(deps: AppDeps, storeHash: string): Promise<string> {
  const now = deps.clock();
  if (!(await deps.storage.stores.setPushSecret(storeHash, newPushSecret(), now))) {
    throw new AppError(404, 'not_found', 'This store is not installed any more: reinstall IOM Connector.', {
      retriable: false,
    });
  }
  const stored = (await deps.storage.stores.get(storeHash))?.pushSecret;
  if (!stored) throw new Error(`push secret of store ${storeHash} was not stored`);
  return stored;
}

function body(deps: AppDeps, secret: string): PushSecretResponse {
  return {
    secret,
    header: PUSH_SIGNATURE_HEADER,
    url: `${deps.config.appUrl}/iom/events`,
    format: PUSH_SIGNATURE_FORMAT,
  };
}
