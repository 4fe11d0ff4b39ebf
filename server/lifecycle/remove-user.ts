import type { AppDeps } from '../deps';
import { verifySignedPayload } from '../bigcommerce/signed-payload';

/** GET /remove_user (server to server): the user's access ends at once, session tokens included. */
export async function removeUser(
  deps: AppDeps,
  signedPayload: unknown,
): Promise<{ storeHash: string; userId: number }> {
  const payload = await verifySignedPayload(signedPayload, deps.config.bigcommerce, deps.clock());
  await deps.storage.users.remove(payload.storeHash, payload.user.id);
  deps.logger.info({ storeHash: payload.storeHash, userId: payload.user.id }, 'user removed');
  return { storeHash: payload.storeHash, userId: payload.user.id };
}
