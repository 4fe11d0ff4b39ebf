import type { AppDeps } from '../deps';
import type { AttentionCarrierView, AttentionGroupView, AttentionResponse } from '../http/api-types';
import type { AttentionReason } from '../storage/types';

/** Needs-attention orders looked at for the inbox (newest first). */
const MAX_ORDERS = 5_000;
/** Outbound records needing attention looked at for the inbox (by order id). */
const MAX_OUTBOUND = 5_000;
const OUTBOUND_PAGE = 500;

type GroupBuilder = AttentionGroupView & {
  bySku: Map<string, number[]>;
  byCarrier: Map<string, number[]>;
};

/**
 * The store's needs-attention orders grouped by cause: the inbound side (order links) with unmapped
 * SKUs listed each with its orders, then the outbound side (IOM fulfillment that could not be written
 * to BigCommerce) with unmapped carriers listed each with its orders and the mapping that fixes it.
 */
export async function attentionGroups(
  deps: Pick<AppDeps, 'storage'>,
  storeHash: string,
): Promise<AttentionResponse> {
  const inbound = new Map<string, GroupBuilder>();
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
      add(inbound, 'inbound', attention, link.orderId);
    }
    after = page.next;
  } while (after !== null && total < MAX_ORDERS);

  const outbound = new Map<string, GroupBuilder>();
  let outboundTotal = 0;
  let afterOrderId: number | undefined;
  for (;;) {
    const records = await deps.storage.outbound.listAttention(storeHash, {
      limit: OUTBOUND_PAGE,
      ...(afterOrderId === undefined ? {} : { afterOrderId }),
    });
    for (const record of records) {
      if (!record.attention) continue;
      outboundTotal += 1;
      add(outbound, 'outbound', record.attention, record.orderId);
    }
    if (records.length < OUTBOUND_PAGE || outboundTotal >= MAX_OUTBOUND) break;
    afterOrderId = records[records.length - 1]!.orderId;
  }

  return {
    total,
    outboundTotal,
    groups: [...sorted(inbound), ...sorted(outbound)].map(view),
  };
}

function add(
  groups: Map<string, GroupBuilder>,
  direction: AttentionGroupView['direction'],
  attention: AttentionReason,
  orderId: number,
): void {
  let group = groups.get(attention.code);
  if (!group) {
    group = {
      direction,
      code: attention.code,
      count: 0,
      message: attention.message,
      fix: attention.fix,
      orders: [],
      bySku: new Map(),
      byCarrier: new Map(),
    };
    groups.set(attention.code, group);
  }
  group.count += 1;
  group.orders.push(orderId);
  for (const sku of attention.skus ?? []) group.bySku.set(sku, [...(group.bySku.get(sku) ?? []), orderId]);
  if (attention.carrier !== undefined)
    group.byCarrier.set(attention.carrier, [...(group.byCarrier.get(attention.carrier) ?? []), orderId]);
}

function sorted(groups: Map<string, GroupBuilder>): GroupBuilder[] {
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

function view({ bySku, byCarrier, ...group }: GroupBuilder): AttentionGroupView {
  const result: AttentionGroupView = { ...group };
  if (bySku.size > 0)
    result.skus = [...bySku.entries()]
      .map(([sku, orders]) => ({ sku, orders }))
      .sort((a, b) => b.orders.length - a.orders.length);
  if (byCarrier.size > 0)
    result.carriers = [...byCarrier.entries()]
      .map(([carrier, orders]) => carrierView(carrier, orders))
      .sort((a, b) => b.orders.length - a.orders.length);
  return result;
}

function carrierView(carrier: string, orders: number[]): AttentionCarrierView {
  return {
    carrier,
    orders,
    fix: `Map "${carrier}" to a BigCommerce carrier in IOM Connector › Mappings › Carriers; the ${orders.length === 1 ? 'order waiting for it is' : `${orders.length} orders waiting for it are`} then updated.`,
    mappingPath: `/api/mappings/carrier/${encodeURIComponent(carrier)}`,
  };
}
