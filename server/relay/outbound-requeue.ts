import type { AppDeps } from '../deps';
import { carrierKey } from './carrier-map';
import { OUTBOUND_ORDER_JOB, outboundJobKey } from './outbound-job';

/** At most this many waiting orders are queued per mapping change (the rest by the next poll or re-sync). */
const MAX_REQUEUED = 5_000;

/**
 * After a merchant maps IOM carrier `iomCarrier` (PUT /api/mappings/carrier/{iomCarrier}): queue again
 * the outbound jobs of the orders whose shipments were held for it (attention code `unmapped_carrier`
 * naming that carrier), returning their order ids.
 */
export async function requeueOutboundForCarrier(
  deps: Pick<AppDeps, 'storage' | 'clock'>,
  storeHash: string,
  iomCarrier: string,
): Promise<number[]> {
  const queued: number[] = [];
  let afterOrderId: number | undefined;
  while (queued.length < MAX_REQUEUED) {
    const page = await deps.storage.outbound.listAttention(storeHash, {
      code: 'unmapped_carrier',
      limit: 200,
      ...(afterOrderId === undefined ? {} : { afterOrderId }),
    });
    for (const record of page) {
      // Carrier names match as the carrier map matches them (case, spaces and punctuation aside).
      if (!record.attention?.carrier || carrierKey(record.attention.carrier) !== carrierKey(iomCarrier))
        continue;
      const now = deps.clock();
      await deps.storage.jobs.enqueue(
        {
          storeHash,
          kind: OUTBOUND_ORDER_JOB,
          key: outboundJobKey(record.orderId),
          payload: { orderId: record.orderId, reason: 'carrier mapped' },
          lane: 'bulk',
        },
        now,
      );
      queued.push(record.orderId);
    }
    if (page.length < 200) break;
    afterOrderId = page[page.length - 1]!.orderId;
  }
  return queued;
}
