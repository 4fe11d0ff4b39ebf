import type { AppDeps } from '../deps';
import type { OrderLinkRecord, SyncState } from '../storage/types';
import { ORDER_SYNC_JOB, orderJobKey } from './tasks/sync-order';

/** At most this many orders are looked at per re-queue (the inbox pages beyond that). */
const MAX_SCANNED = 10_000;

/**
 * Enqueue the sync of every order of a store in `state` that `matches` (e.g. parked for a SKU that was
 * just mapped, or for a connection that works again). Returns the order ids queued.
 */
export async function requeueOrders(
  deps: Pick<AppDeps, 'storage' | 'clock'>,
  storeHash: string,
  state: SyncState,
  matches: (link: OrderLinkRecord) => boolean,
  reason: string,
  options: { force?: boolean } = {},
): Promise<number[]> {
  const queued: number[] = [];
  let after: string | null = null;
  let scanned = 0;
  do {
    const page = await deps.storage.orderLinks.listByState(storeHash, state, { limit: 200, after });
    for (const link of page.items) {
      if (!matches(link)) continue;
      const now = deps.clock();
      await deps.storage.jobs.enqueue(
        {
          storeHash,
          kind: ORDER_SYNC_JOB,
          key: orderJobKey(link.orderId),
          payload: {
            orderId: link.orderId,
            reason,
            receivedAt: now.toISOString(),
            ...(options.force ? { force: true } : {}),
          },
          lane: 'bulk',
        },
        now,
      );
      queued.push(link.orderId);
    }
    scanned += page.items.length;
    after = page.next;
  } while (after !== null && scanned < MAX_SCANNED);
  return queued;
}

/** Attention causes a working connection fixes. */
export const CONNECTION_CAUSES = new Set(['authentication', 'not_connected', 'iom_unavailable', 'throttled']);
