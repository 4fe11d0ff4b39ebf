import type { AppDeps } from '../deps';
import { verifySignedPayload } from '../bigcommerce/signed-payload';

/**
 * GET /uninstall (server to server): forget every secret of the store (access token, webhook secret,
 * IOM connection), end all its sessions, cancel its pending jobs and mark it uninstalled. Order
 * history (links and events) is kept so a re-install never duplicates orders in IOM. Idempotent.
 */
export async function uninstall(deps: AppDeps, signedPayload: unknown): Promise<{ storeHash: string }> {
  const now = deps.clock();
  const payload = await verifySignedPayload(signedPayload, deps.config.bigcommerce, now);
  const { storage } = deps;
  const storeHash = payload.storeHash;
  await storage.stores.markUninstalled(storeHash, now);
  await storage.users.removeAllForStore(storeHash);
  await storage.connections.delete(storeHash);
  const cancelled = await storage.jobs.cancelForStore(storeHash, now);
  deps.logger.info({ storeHash, userId: payload.user.id, cancelledJobs: cancelled }, 'store uninstalled');
  return { storeHash };
}
