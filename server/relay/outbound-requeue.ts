import type { AppDeps } from '../deps';
import type { OutboundRecord } from '../storage/types';
import { carrierKey } from './carrier-map';
import { OUTBOUND_ORDER_JOB, outboundJobKey } from './outbound-job';

/** At most this many waiting orders are queued per fix (the rest by the next poll or a re-sync). */
const MAX_REQUEUED = 5_000;
const PAGE = 200;

/**
 * Queue again the outbound jobs of the store's orders held with attention `code` (and matching
 * `matches`), after the merchant fixed the cause; returns their order ids.
 */
export async function requeueOutbound(
  deps: Pick<AppDeps, 'storage' | 'clock'>,
  storeHash: string,
  code: string,
  reason: string,
  matches: (record: OutboundRecord) => boolean = () => true,
): Promise<number[]> {
  const queued: number[] = [];
  let afterOrderId: number | undefined;
  while (queued.length < MAX_REQUEUED) {
    const page = await deps.storage.outbound.listAttention(storeHash, {
      code,
      limit: PAGE,
      ...(afterOrderId === undefined ? {} : { afterOrderId }),
    });
    for (const record of page) {
      if (!matches(record)) continue;
      const now = deps.clock();
      await deps.storage.jobs.enqueue(
        {
          storeHash,
          kind: OUTBOUND_ORDER_JOB,
          key: outboundJobKey(record.orderId),
          payload: { orderId: record.orderId, reason },
          lane: 'bulk',
        },
        now,
      );
      queued.push(record.orderId);
    }
    if (page.length < PAGE) break;
    afterOrderId = page[page.length - 1]!.orderId;
  }
  return queued;
}

/**
 * After a merchant maps IOM carrier `iomCarrier` (PUT /api/mappings/carrier/{iomCarrier}): the orders
 * whose shipments were held for it (names match as the carrier map matches them).
 */
export function requeueOutboundForCarrier(
  deps: Pick<AppDeps, 'storage' | 'clock'>,
  storeHash: string,
  iomCarrier: string,
): Promise<number[]> {
  const key = carrierKey(iomCarrier);
  return requeueOutbound(
    deps,
    storeHash,
    'unmapped_carrier',
    'carrier mapped',
    (record) => !!record.attention?.carrier && carrierKey(record.attention.carrier) === key,
  );
}
