import type { AppDeps } from '../deps';

/**
 * Forget every secret of the store (access token, webhook secret, IOM connection), end all its
 * sessions, cancel its pending jobs and mark it uninstalled. Order history (links and events) is kept
 * so a re-install never duplicates orders in IOM. Idempotent.
 */
export async function purgeStore(
  deps: Pick<AppDeps, 'storage' | 'logger'>,
  storeHash: string,
  now: Date,
): Promise<void> {
  const { storage } = deps;
  await storage.stores.markUninstalled(storeHash, now);
  await storage.users.removeAllForStore(storeHash);
  await storage.connections.delete(storeHash);
  const cancelled = await storage.jobs.cancelForStore(storeHash, now);
  deps.logger.info({ storeHash, cancelledJobs: cancelled }, 'store uninstalled and purged');
}
