import type { AppDeps } from '../deps';
import { acceptSignedPayload } from './callback-payload';

/**
 * GET /remove_user (server to server): the user's access ends at once, session tokens included, and
 * any load payload BigCommerce issued them before this removal is refused from now on.
 */
export async function removeUser(
  deps: AppDeps,
  signedPayload: unknown,
): Promise<{ storeHash: string; userId: number }> {
  const now = deps.clock();
  const payload = await acceptSignedPayload(deps, signedPayload, now);
  await deps.storage.userRemovals.record({
    storeHash: payload.storeHash,
    userId: payload.user.id,
    removedIat: payload.iat,
    removedAt: now.toISOString(),
  });
  await deps.storage.users.remove(payload.storeHash, payload.user.id);
  deps.logger.info({ storeHash: payload.storeHash, userId: payload.user.id }, 'user removed');
  return { storeHash: payload.storeHash, userId: payload.user.id };
}
