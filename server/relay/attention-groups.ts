import type { AppDeps } from '../deps';
import type { AttentionGroupView, AttentionResponse } from '../http/api-types';

/** Needs-attention orders looked at for the inbox (newest first). */
const MAX_ORDERS = 5_000;

/** The store's needs-attention orders grouped by cause; unmapped SKUs listed each with its orders. */
export async function attentionGroups(
  deps: Pick<AppDeps, 'storage'>,
  storeHash: string,
): Promise<AttentionResponse> {
  const groups = new Map<string, AttentionGroupView & { bySku: Map<string, number[]> }>();
  let after: string | null = null;
  let total = 0;
  do {
    const page = await deps.storage.orderLinks.listByState(storeHash, 'needs_attention', {
      limit: 500,
      after,
    });
    for (const link of page.items) {
      total += 1;
      const attention = link.attention ?? {
        code: 'other',
        message: link.lastError ?? 'Unknown problem.',
        fix: 'Retry the order.',
      };
      let group = groups.get(attention.code);
      if (!group) {
        group = {
          code: attention.code,
          count: 0,
          message: attention.message,
          fix: attention.fix,
          orders: [],
          bySku: new Map(),
        };
        groups.set(attention.code, group);
      }
      group.count += 1;
      group.orders.push(link.orderId);
      for (const sku of attention.skus ?? [])
        group.bySku.set(sku, [...(group.bySku.get(sku) ?? []), link.orderId]);
    }
    after = page.next;
  } while (after !== null && total < MAX_ORDERS);
  return {
    total,
    groups: [...groups.values()]
      .sort((a, b) => b.count - a.count)
      .map(({ bySku, ...group }) =>
        bySku.size > 0
          ? {
              ...group,
              skus: [...bySku.entries()]
                .map(([sku, orders]) => ({ sku, orders }))
                .sort((a, b) => b.orders.length - a.orders.length),
            }
          : group,
      ),
  };
}
