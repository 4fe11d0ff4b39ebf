import type { AppDeps } from '../deps';
import { ensureStoreSchedules } from '../relay/schedules';
import type { StoreDataPurged } from '../storage/types';

/**
 * The merchant's "disconnect and purge": delete the IOM connection, the mappings, every order's link,
 * timeline and outbound record, the sync cursors, the settings, and cancel the store's jobs. The store
 * stays installed (its token, webhooks, users and push secret are kept), so the app opens again at
 * onboarding; the store's recurring jobs are scheduled again from scratch.
 *
 * Unlike an uninstall (purge-store.ts), order history goes too: orders sent before are found again in
 * IOM by the alternate key on the external order id, so a reconnect does not duplicate them there.
 */
export async function purgeStoreData(
  deps: AppDeps,
  storeHash: string,
): Promise<StoreDataPurged & { jobs: number }> {
  const jobs = await deps.storage.jobs.cancelForStore(storeHash, deps.clock());
  const purged = await deps.storage.storeData.purge(storeHash);
  await ensureStoreSchedules(deps, storeHash);
  deps.logger.info({ storeHash, ...purged, cancelledJobs: jobs }, 'store data purged by the merchant');
  return { ...purged, jobs };
}
