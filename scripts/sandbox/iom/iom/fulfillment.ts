/**
 * What an IOM operator (or IOM's orchestration) does to an order, written straight into the Dataverse
 * rows so every step shows up in the Web API and in change tracking:
 * create a fulfillment order → pick → pack → ship (with carrier and tracking, partial quantities
 * allowed) or cancel.
 *
 * State names follow IOM's state framework (https://learn.microsoft.com/en-us/dynamics365/intelligent-order-management/state-framework): fulfillment orders go New → Picked → Packed → Partially
 * shipped / Shipped, or Cancelled (nothing shipped) / Closed (rest cancelled after a partial shipment).
 * The sales order follows (sales-order-state.ts); returns are in returns.ts.
 */
import { isEntityRef, isoSeconds, type Row } from '../dataverse/entity-store';
import type { DataverseEnvironment } from '../dataverse/environment';
import { newGuid } from '../ids';
import { carrierId, SEED_CATALOG } from '../seed';
import type { FulfillmentState, OperatorLineQuantity, ShipmentInput } from '../types';
import {
  ACTIVE_IOM_ROW,
  amount,
  checkQuantity,
  idOf,
  IomOperatorError,
  lineLabel,
  nextOrderName,
  orderLines,
  ref,
  requestedLines,
  requireSalesOrder,
} from './iom-rows';
import { refreshSalesOrder } from './sales-order-state';

const DAY_MS = 24 * 60 * 60 * 1000;

const OPEN_STATES: ReadonlySet<string> = new Set(['New', 'Picked', 'Packed', 'Partially shipped']);

function requireFulfillmentOrder(env: DataverseEnvironment, fulfillmentOrderId: string): Row {
  const order = env.store.get('msdyn_fulfillmentorder', fulfillmentOrderId);
  if (!order) throw new IomOperatorError(`Fulfillment order ${fulfillmentOrderId} does not exist.`);
  return order;
}

function fulfillmentLines(env: DataverseEnvironment, fulfillmentOrderId: string): Row[] {
  return env.store.children('msdyn_fulfillmentorderdetail', 'msdyn_fulfillmentid', fulfillmentOrderId);
}

export function isOpenFulfillmentState(state: unknown): boolean {
  return OPEN_STATES.has(String(state));
}

/** Quantity of a sales order line not yet on a (non-cancelled part of a) fulfillment order. */
function unallocated(env: DataverseEnvironment, line: Row): number {
  const allocated = env.store
    .children('msdyn_fulfillmentorderdetail', 'msdyn_salesorderdetailid', idOf(line, 'salesorderdetailid'))
    .reduce((sum, detail) => sum + amount(detail.msdyn_quantity) - amount(detail.msdyn_cancelledquantity), 0);
  return amount(line.quantity) - allocated;
}

function openQuantity(detail: Row): number {
  return (
    amount(detail.msdyn_quantity) -
    amount(detail.msdyn_shippedquantity) -
    amount(detail.msdyn_cancelledquantity)
  );
}

export function createFulfillmentOrder(
  env: DataverseEnvironment,
  salesOrderId: string,
  requested?: readonly OperatorLineQuantity[],
): string {
  const order = requireSalesOrder(env, salesOrderId);
  const orderId = idOf(order, 'salesorderid');
  if (order.statecode !== 0 && order.statecode !== 1) {
    throw new IomOperatorError(
      `Sales order ${String(order.name)} is closed; it cannot be fulfilled any more.`,
    );
  }
  const lines = orderLines(env, orderId);
  const picks = requested
    ? requestedLines(order, lines, requested, (line) => unallocated(env, line), lineLabel)
    : lines.map((line) => ({ line, quantity: unallocated(env, line) })).filter((p) => p.quantity > 0);
  if (picks.length === 0)
    throw new IomOperatorError(`Nothing is left to fulfill on sales order ${String(order.name)}.`);
  const name = nextOrderName(env, 'msdyn_fulfillmentorder', order, 'FO');
  const customer = order.customerid;
  const account = isEntityRef(customer) ? env.store.get('account', customer.id) : undefined;
  const fulfillmentOrderId = newGuid();
  env.store.transaction(() => {
    env.store.insert('msdyn_fulfillmentorder', {
      msdyn_fulfillmentorderid: fulfillmentOrderId,
      msdyn_name: name,
      msdyn_salesorderid: ref('salesorder', orderId),
      msdyn_warehouse: ref('msdyn_warehouse', SEED_CATALOG.warehouseIds[0] ?? ''),
      msdyn_customername: String(order.shipto_name ?? account?.name ?? ''),
      msdyn_iomstatename: 'New',
      msdyn_plannedshipmentdate: isoSeconds(env.now() + 2 * DAY_MS),
      msdyn_shiptocity: order.shipto_city ?? null,
      msdyn_shiptocountry: order.shipto_country ?? null,
      ...ACTIVE_IOM_ROW,
    });
    picks.forEach(({ line, quantity }, index) => {
      env.store.insert('msdyn_fulfillmentorderdetail', {
        msdyn_fulfillmentorderdetailid: newGuid(),
        msdyn_name: `${name}-${index + 1}`,
        msdyn_fulfillmentid: ref('msdyn_fulfillmentorder', fulfillmentOrderId),
        msdyn_salesorderdetailid: ref('salesorderdetail', idOf(line, 'salesorderdetailid')),
        msdyn_product: line.productid ?? null,
        msdyn_productname: lineLabel(line),
        msdyn_quantity: quantity,
        msdyn_shippedquantity: 0,
        msdyn_cancelledquantity: 0,
        msdyn_iomstatename: 'New',
        ...ACTIVE_IOM_ROW,
      });
    });
    refreshSalesOrder(env, orderId, 'Sent To Fulfillment');
  });
  return fulfillmentOrderId;
}

/** Pick (from New) or pack (from Picked). */
export function advance(
  env: DataverseEnvironment,
  fulfillmentOrderId: string,
  to: 'Picked' | 'Packed',
): void {
  const order = requireFulfillmentOrder(env, fulfillmentOrderId);
  const from = to === 'Picked' ? 'New' : 'Picked';
  if (order.msdyn_iomstatename !== from) {
    throw new IomOperatorError(
      `Fulfillment order ${String(order.msdyn_name)} is ${String(order.msdyn_iomstatename)}; only a ${from} order can be ${to.toLowerCase()}.`,
    );
  }
  env.store.transaction(() => {
    env.store.update('msdyn_fulfillmentorder', fulfillmentOrderId, { msdyn_iomstatename: to });
    for (const detail of fulfillmentLines(env, fulfillmentOrderId)) {
      if (openQuantity(detail) > 0)
        env.store.update('msdyn_fulfillmentorderdetail', idOf(detail, 'msdyn_fulfillmentorderdetailid'), {
          msdyn_iomstatename: to,
        });
    }
    refreshSalesOrder(env, salesOrderOf(order), to);
  });
}

export function ship(env: DataverseEnvironment, fulfillmentOrderId: string, shipment: ShipmentInput): void {
  const order = requireFulfillmentOrder(env, fulfillmentOrderId);
  if (!OPEN_STATES.has(String(order.msdyn_iomstatename))) {
    throw new IomOperatorError(
      `Fulfillment order ${String(order.msdyn_name)} is ${String(order.msdyn_iomstatename)}; nothing can be shipped.`,
    );
  }
  const carrier = SEED_CATALOG.carriers.find(
    (c) => c.toLowerCase() === shipment.carrier.trim().toLowerCase(),
  );
  if (!carrier)
    throw new IomOperatorError(
      `Unknown carrier '${shipment.carrier}'. Choose one of ${SEED_CATALOG.carriers.join(', ')}.`,
    );
  const trackingNumber = shipment.trackingNumber.trim();
  if (trackingNumber === '' || trackingNumber.length > 100)
    throw new IomOperatorError('A tracking number (1–100 characters) is required.');
  const details = fulfillmentLines(env, fulfillmentOrderId);
  const items = shipment.lines
    ? shipment.lines.map((item) => {
        const detail = details.find(
          (d) => d.msdyn_fulfillmentorderdetailid === item.fulfillmentOrderDetailId.toLowerCase(),
        );
        if (!detail)
          throw new IomOperatorError(
            `Line ${item.fulfillmentOrderDetailId} is not on fulfillment order ${String(order.msdyn_name)}.`,
          );
        checkQuantity(item.quantity, openQuantity(detail), String(detail.msdyn_productname));
        return { detail, quantity: item.quantity };
      })
    : details
        .map((detail) => ({ detail, quantity: openQuantity(detail) }))
        .filter((item) => item.quantity > 0);
  if (new Set(items.map((item) => item.detail.msdyn_fulfillmentorderdetailid)).size !== items.length) {
    throw new IomOperatorError('Each fulfillment line may appear once per shipment.');
  }
  if (items.length === 0)
    throw new IomOperatorError(`Nothing is left to ship on ${String(order.msdyn_name)}.`);
  const shipDate = isoSeconds(env.now());
  const count = env.store.children(
    'msdyn_fulfillmenttracking',
    'msdyn_fulfillmentorderid',
    fulfillmentOrderId,
  ).length;
  env.store.transaction(() => {
    const trackingId = newGuid();
    env.store.insert('msdyn_fulfillmenttracking', {
      msdyn_fulfillmenttrackingid: trackingId,
      msdyn_name: `${String(order.msdyn_name)}-S${count + 1}`,
      msdyn_fulfillmentorderid: ref('msdyn_fulfillmentorder', fulfillmentOrderId),
      msdyn_trackingnumber: trackingNumber,
      msdyn_shippingcarrier: ref('msdyn_shippingcarrier', carrierId(carrier)),
      msdyn_carriername: carrier,
      msdyn_shipmentid: `SHP-${trackingId.slice(0, 8).toUpperCase()}`,
      msdyn_shipdate: shipDate,
      ...ACTIVE_IOM_ROW,
    });
    for (const { detail, quantity } of items) {
      const detailId = idOf(detail, 'msdyn_fulfillmentorderdetailid');
      const lineRef = detail.msdyn_salesorderdetailid ?? null;
      env.store.insert('msdyn_fulfillmenttrackingline', {
        msdyn_fulfillmenttrackinglineid: newGuid(),
        msdyn_name: String(detail.msdyn_productname),
        msdyn_fulfillmenttrackingid: ref('msdyn_fulfillmenttracking', trackingId),
        msdyn_fulfillmentorderdetailid: ref('msdyn_fulfillmentorderdetail', detailId),
        msdyn_salesorderdetailid: lineRef,
        msdyn_quantity: quantity,
        ...ACTIVE_IOM_ROW,
      });
      const shipped = amount(detail.msdyn_shippedquantity) + quantity;
      const done = shipped + amount(detail.msdyn_cancelledquantity) >= amount(detail.msdyn_quantity);
      env.store.update('msdyn_fulfillmentorderdetail', detailId, {
        msdyn_shippedquantity: shipped,
        msdyn_shipdate: shipDate,
        msdyn_iomstatename: done ? 'Shipped' : 'Partially shipped',
        ...(done ? { statecode: 1, statuscode: 2 } : {}),
      });
      if (isEntityRef(lineRef)) {
        const line = env.store.get('salesorderdetail', lineRef.id);
        if (line)
          env.store.update('salesorderdetail', lineRef.id, {
            quantityshipped: amount(line.quantityshipped) + quantity,
          });
      }
    }
    const complete = fulfillmentLines(env, fulfillmentOrderId).every((detail) => openQuantity(detail) <= 0);
    const state: FulfillmentState = complete ? 'Shipped' : 'Partially shipped';
    env.store.update('msdyn_fulfillmentorder', fulfillmentOrderId, {
      msdyn_iomstatename: state,
      ...(complete ? { statecode: 1, statuscode: 2 } : {}),
    });
    refreshSalesOrder(env, salesOrderOf(order), state);
  });
}

export function cancel(env: DataverseEnvironment, fulfillmentOrderId: string): void {
  const order = requireFulfillmentOrder(env, fulfillmentOrderId);
  if (!OPEN_STATES.has(String(order.msdyn_iomstatename))) {
    throw new IomOperatorError(
      `Fulfillment order ${String(order.msdyn_name)} is ${String(order.msdyn_iomstatename)}; it cannot be cancelled.`,
    );
  }
  env.store.transaction(() => {
    let anyShipped = false;
    for (const detail of fulfillmentLines(env, fulfillmentOrderId)) {
      const open = openQuantity(detail);
      const shipped = amount(detail.msdyn_shippedquantity) > 0;
      anyShipped ||= shipped;
      if (open <= 0) continue;
      env.store.update('msdyn_fulfillmentorderdetail', idOf(detail, 'msdyn_fulfillmentorderdetailid'), {
        msdyn_cancelledquantity: amount(detail.msdyn_cancelledquantity) + open,
        msdyn_iomstatename: shipped ? 'Shipped' : 'Cancelled',
        statecode: 1,
        statuscode: 2,
      });
      const lineRef = detail.msdyn_salesorderdetailid;
      const line = isEntityRef(lineRef) ? env.store.get('salesorderdetail', lineRef.id) : undefined;
      if (line && isEntityRef(lineRef)) {
        env.store.update('salesorderdetail', lineRef.id, {
          quantitycancelled: amount(line.quantitycancelled) + open,
        });
      }
    }
    const state: FulfillmentState = anyShipped ? 'Closed' : 'Cancelled';
    env.store.update('msdyn_fulfillmentorder', fulfillmentOrderId, {
      msdyn_iomstatename: state,
      statecode: 1,
      statuscode: 2,
    });
    refreshSalesOrder(env, salesOrderOf(order), 'Fulfillment cancelled');
  });
}

function salesOrderOf(fulfillmentOrder: Row): string {
  const order = fulfillmentOrder.msdyn_salesorderid;
  if (!isEntityRef(order))
    throw new IomOperatorError(
      `Fulfillment order ${String(fulfillmentOrder.msdyn_name)} has no sales order.`,
    );
  return order.id;
}
