import type { AppDeps } from '../deps';
import type { AttentionItem } from './digest-plan';

/** At most this many orders of each direction are looked at per digest. */
const MAX_ITEMS = 5_000;
const PAGE = 500;

/** Every order of the store that needs attention now, inbound (order links) and outbound (IOM fulfilment). */
export async function collectAttention(
  deps: Pick<AppDeps, 'storage'>,
  storeHash: string,
): Promise<AttentionItem[]> {
  const items: AttentionItem[] = [];
  let after: string | null = null;
  let inbound = 0;
  do {
    const page = await deps.storage.orderLinks.listByState(storeHash, 'needs_attention', {
      limit: PAGE,
      after,
    });
    for (const link of page.items) {
      inbound += 1;
      items.push({
        direction: 'inbound',
        orderId: link.orderId,
        code: link.attention?.code ?? 'other',
        message: link.attention?.message ?? link.lastError ?? 'Unknown problem.',
        fix: link.attention?.fix ?? 'Retry the order.',
      });
    }
    after = page.next;
  } while (after !== null && inbound < MAX_ITEMS);
  let outbound = 0;
  let afterOrderId: number | undefined;
  for (;;) {
    const records = await deps.storage.outbound.listAttention(storeHash, {
      limit: PAGE,
      ...(afterOrderId === undefined ? {} : { afterOrderId }),
    });
    for (const record of records) {
      if (!record.attention) continue;
      outbound += 1;
      const { code, message, fix } = record.attention;
      items.push({ direction: 'outbound', orderId: record.orderId, code, message, fix });
    }
    if (records.length < PAGE || outbound >= MAX_ITEMS) break;
    afterOrderId = records[records.length - 1]!.orderId;
  }
  return items;
}
