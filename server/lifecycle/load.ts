import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { verifySignedPayload } from '../bigcommerce/signed-payload';
import type { IssuedSession } from '../security/session-token';

export interface LoadResult {
  storeHash: string;
  userId: number;
  path: string;
  session: IssuedSession;
}

/**
 * GET /load (https://developer.bigcommerce.com/docs/integrations/apps/guide/callbacks): verify the signed payload, add the user if BigCommerce lets
 * someone new open the app (multi-user), and mint the app's own session token.
 */
export async function load(deps: AppDeps, signedPayload: unknown): Promise<LoadResult> {
  const now = deps.clock();
  const payload = await verifySignedPayload(signedPayload, deps.config.bigcommerce, now);
  const store = await deps.storage.stores.get(payload.storeHash);
  if (!store || store.status !== 'installed') {
    throw new AppError(
      403,
      'not_installed',
      `IOM Connector is not installed on store ${payload.storeHash}. Install it from Apps › Marketplace in your BigCommerce control panel.`,
      { retriable: false },
    );
  }
  const user = await deps.storage.users.upsert(
    {
      storeHash: payload.storeHash,
      userId: payload.user.id,
      email: payload.user.email,
      // The payload names the current owner (ownership can move after install).
      role: payload.user.id === payload.owner.id ? 'owner' : 'user',
    },
    now,
  );
  deps.logger.info({ storeHash: payload.storeHash, userId: user.userId }, 'app loaded');
  const session = await deps.sessions.issue(
    { storeHash: payload.storeHash, userId: user.userId, sessionVersion: user.sessionVersion },
    now,
  );
  return { storeHash: payload.storeHash, userId: user.userId, path: payload.path, session };
}
