import type { BigCommerceOrder } from '../../bigcommerce/order-schema';
import type { AppDeps } from '../../deps';
import type { DataverseClient } from '../../iom/dataverse-client';
import { DataverseError } from '../../iom/errors';
import { mapSalesOrder } from '../../iom/sales-order-mapping';
import type { AttentionReason, ConnectionRecord, LineLink, OrderLinkRecord } from '../../storage/types';
import { statusName, type InboundSettings } from '../store-settings';

/** BigCommerce status ids that matter once IOM has the order. */
const CANCELLED = 5;
const REFUNDED = 4;
const PARTIALLY_REFUNDED = 14;

type TimelineEvent = (type: string, message: string, data?: Record<string, unknown>) => Promise<void>;

export interface ChangeContext {
  client: DataverseClient;
  connection: ConnectionRecord;
  order: BigCommerceOrder;
  settings: InboundSettings;
  link: OrderLinkRecord;
  /** The BigCommerce status the order had when it was last applied. */
  previousStatusId: number | null;
  /** What a cancellation in BigCommerce does to the IOM order (outbound settings). */
  onBigCommerceCancel: 'cancel' | 'record';
  event: TimelineEvent;
}

/** Header columns an address or message change updates in IOM. */
const HEADER_FIELDS = /^(billto_|shipto_|emailaddress$|description$)/;

/**
 * Apply a change to an order IOM already has:
 * - cancelled in BigCommerce → the IOM order is cancelled (`CancelSalesOrder`), unless fulfilment has
 *   started: then it is flagged for the merchant, not forced;
 * - refunded → recorded on the timeline;
 * - address, message or line changes before fulfilment → the IOM order is updated (header PATCH; lines
 *   matched by their BigCommerce order product id: quantity changes PATCHed, new lines added, removed
 *   lines deleted); after fulfilment started → recorded and flagged.
 */
export async function applyChangesAfterCreation(
  deps: AppDeps,
  change: ChangeContext,
): Promise<{ link: Partial<OrderLinkRecord> }> {
  const { order, link, event } = change;
  const salesOrderId = link.iomSalesOrderId!;
  const statusChanged = change.previousStatusId !== order.status_id;
  if (order.status_id === CANCELLED) {
    if (!statusChanged) return { link: {} };
    if (change.onBigCommerceCancel === 'record') {
      await event(
        'order.cancel_recorded',
        `Order cancelled in BigCommerce; recorded only (Settings: a BigCommerce cancellation does not cancel the IOM order). Cancel it in IOM if it should not ship.`,
      );
      return { link: {} };
    }
    if (await fulfilmentStarted(change.client, salesOrderId)) {
      return flag(event, {
        code: 'change_after_fulfilment',
        message: `Order ${order.id} was cancelled in BigCommerce after IOM started fulfilling it; the IOM order was not cancelled.`,
        fix: 'Cancel the order (or what is left of it) in IOM, or contact the warehouse.',
      });
    }
    await cancelInIom(change.client, salesOrderId, order.id);
    await event(
      'salesorder.cancelled',
      `Order cancelled in BigCommerce; IOM sales order ${salesOrderId} cancelled.`,
    );
    return { link: { attention: null } };
  }
  if (statusChanged && (order.status_id === REFUNDED || order.status_id === PARTIALLY_REFUNDED)) {
    await event(
      'order.refunded',
      `BigCommerce reports the order ${statusName(order.status_id)}; recorded (IOM is not changed by refunds).`,
    );
    return { link: {} };
  }

  const products = await deps.relay.references.products(
    change.client,
    deps.storage.mappings,
    link.storeHash,
    order.consignments.shipping.flatMap((c) => c.line_items.map((l) => l.sku)),
  );
  const { draft } = mapSalesOrder({
    storeHash: link.storeHash,
    order,
    settings: { ...change.settings, unmappedSkuPolicy: 'write-in' },
    refs: {
      accountId: null,
      priceListId: null,
      currencyId: null,
      unitId: change.settings.unitId,
      warehouseId: change.settings.warehouseId,
    },
    products,
    externalOrderIdColumn: null,
  });
  const header = Object.fromEntries(Object.entries(draft.body).filter(([k]) => HEADER_FIELDS.test(k)));
  const lines = (draft.body.order_details as Array<Record<string, unknown>>) ?? [];
  const lineChanges = diffLines(link.lineLinks ?? [], draft.lineLinks);
  const changedSomething =
    lineChanges.changed.length + lineChanges.added.length + lineChanges.removed.length > 0;
  if (!changedSomething && !(await headerDiffers(change.client, salesOrderId, header))) {
    await event(
      'order.changed',
      `Order changed in BigCommerce (${statusName(order.status_id)}); nothing IOM holds changed.`,
    );
    return { link: {} };
  }
  if (await fulfilmentStarted(change.client, salesOrderId)) {
    return flag(event, {
      code: 'change_after_fulfilment',
      message: `Order ${order.id} changed in BigCommerce after IOM started fulfilling it; the change was not applied to IOM.`,
      fix: 'Apply the change in IOM by hand if it still matters (address or items), then mark it done by re-syncing.',
    });
  }
  await change.client.call(
    'update sales order',
    (api) => api.update({ collection: 'salesorders', key: salesOrderId, data: header }),
    { idempotent: true },
  );
  const numbers = await lineNumbers(change.client, salesOrderId);
  for (const next of lineChanges.changed) {
    const id = numbers.get(next.before.lineItemNumber);
    if (id)
      await change.client.call(
        'update order line',
        (api) =>
          api.update({ collection: 'salesorderdetails', key: id, data: { quantity: next.after.quantity } }),
        { idempotent: true },
      );
  }
  for (const removed of lineChanges.removed) {
    const id = numbers.get(removed.lineItemNumber);
    if (id)
      await change.client.call(
        'remove order line',
        (api) => api.deleteRecord({ collection: 'salesorderdetails', key: id }),
        {
          idempotent: true,
        },
      );
  }
  let nextNumber = Math.max(0, ...[...numbers.keys()]) + 1;
  const newLinks: LineLink[] = [];
  for (const added of lineChanges.added) {
    const body = lines.find((l) => l.lineitemnumber === added.lineItemNumber);
    if (!body) continue;
    const lineItemNumber = nextNumber++;
    await change.client.call(
      'add order line',
      (api) =>
        api.create({
          collection: 'salesorderdetails',
          data: {
            ...body,
            lineitemnumber: lineItemNumber,
            'salesorderid@odata.bind': `/salesorders(${salesOrderId})`,
          },
        }),
      { idempotent: false },
    );
    newLinks.push({ ...added, lineItemNumber });
  }
  const kept = (link.lineLinks ?? [])
    .filter((l) => !lineChanges.removed.some((r) => r.orderProductId === l.orderProductId))
    .map((l) => {
      const changed = lineChanges.changed.find((c) => c.before.orderProductId === l.orderProductId);
      return changed ? { ...l, quantity: changed.after.quantity } : l;
    });
  await event(
    'salesorder.updated',
    `Order changed in BigCommerce; IOM sales order updated (${[
      'address and details',
      lineChanges.changed.length ? `${lineChanges.changed.length} line(s) changed` : null,
      lineChanges.added.length ? `${lineChanges.added.length} added` : null,
      lineChanges.removed.length ? `${lineChanges.removed.length} removed` : null,
    ]
      .filter(Boolean)
      .join(', ')}).`,
  );
  return { link: { lineLinks: [...kept, ...newLinks], attention: null } };
}

async function flag(
  event: TimelineEvent,
  reason: AttentionReason,
): Promise<{ link: Partial<OrderLinkRecord> }> {
  await event('order.change_flagged', `${reason.message} ${reason.fix}`, { code: reason.code });
  return { link: { attention: reason } };
}

function diffLines(before: readonly LineLink[], after: readonly LineLink[]) {
  const byProduct = new Map(before.map((l) => [l.orderProductId, l]));
  const changed: Array<{ before: LineLink; after: LineLink }> = [];
  const added: LineLink[] = [];
  for (const line of after) {
    const old = byProduct.get(line.orderProductId);
    if (!old) added.push(line);
    else if (old.quantity !== line.quantity) changed.push({ before: old, after: line });
  }
  const afterIds = new Set(after.map((l) => l.orderProductId));
  const removed = before.filter((l) => !afterIds.has(l.orderProductId));
  return { changed, added, removed };
}

async function headerDiffers(
  client: DataverseClient,
  salesOrderId: string,
  header: Record<string, unknown>,
): Promise<boolean> {
  const columns = Object.keys(header);
  if (columns.length === 0) return false;
  const row = await client.call(
    'read sales order',
    (api) =>
      api.retrieve<Record<string, unknown>>({
        collection: 'salesorders',
        key: salesOrderId,
        select: columns,
      }),
    { idempotent: true },
  );
  return columns.some((c) => (row[c] ?? '') !== header[c]);
}

async function lineNumbers(client: DataverseClient, salesOrderId: string): Promise<Map<number, string>> {
  const rows = await client.call(
    'read order lines',
    (api) =>
      api.retrieveMultiple<{ salesorderdetailid: string; lineitemnumber: number | null }>({
        collection: 'salesorderdetails',
        select: ['salesorderdetailid', 'lineitemnumber'],
        filter: `_salesorderid_value eq ${salesOrderId}`,
      }),
    { idempotent: true },
  );
  return new Map(
    rows.value
      .filter((r) => typeof r.lineitemnumber === 'number')
      .map((r) => [r.lineitemnumber as number, r.salesorderdetailid]),
  );
}

/**
 * Whether IOM created a fulfilment order for the sales order. The lookup's name on
 * msdyn_fulfillmentorder is not documented (ARCHITECTURE.md, IOM tables): `msdyn_salesorderid` is what
 * the discovered schema names; a table or column this environment lacks counts as "started", so the
 * change is flagged rather than forced.
 */
async function fulfilmentStarted(client: DataverseClient, salesOrderId: string): Promise<boolean> {
  try {
    const rows = await client.call(
      'look for fulfillment orders',
      (api) =>
        api.retrieveMultiple<{ msdyn_fulfillmentorderid: string }>({
          collection: 'msdyn_fulfillmentorders',
          select: ['msdyn_fulfillmentorderid'],
          filter: `_msdyn_salesorderid_value eq ${salesOrderId}`,
          top: 1,
        }),
      { idempotent: true },
    );
    return rows.value.length > 0;
  } catch (error) {
    if (error instanceof DataverseError && (error.upstreamStatus === 400 || error.upstreamStatus === 404))
      return true;
    throw error;
  }
}

async function cancelInIom(client: DataverseClient, salesOrderId: string, orderId: number): Promise<void> {
  try {
    await client.call(
      'cancel sales order',
      (api) =>
        api.callAction({
          actionName: 'CancelSalesOrder',
          action: {
            OrderClose: {
              subject: `Cancelled in BigCommerce (order ${orderId})`,
              'salesorderid@odata.bind': `/salesorders(${salesOrderId})`,
            },
            Status: -1,
          },
        }),
      { idempotent: true },
    );
  } catch (error) {
    // Already cancelled (a retry after a lost answer): the goal is met.
    if (error instanceof DataverseError && error.upstreamStatus === 400 && /cancel/i.test(error.message))
      return;
    throw error;
  }
}
