import type { SimulatorContext } from '../context';
import { SandboxActionError } from '../store-directory';
import { announceUpdate, publish } from './order-actions';
import type { OrderChange, SubresourceIds } from './order-book';
import { quantityShipped, type OrderRecord, type ShipmentRecord } from './order-model';
import type { MerchantShipmentParsed, NewShipment, ShipmentChanges } from './shipment-input';

/**
 * Shipments of an order, created by the API (`/v2/orders/{id}/shipments`) or by the merchant in the control
 * panel. Each write fires `store/shipment/{created,updated,deleted}` (`data: {type:'shipment', id, orderId}`,
 * https://developer.bigcommerce.com/docs/integrations/webhooks/events#shipments) and, when the status moved,
 * `store/order/statusUpdated` then `store/order/updated`.
 *
 * Sandbox assumptions (BigCommerce's docs do not say): a shipment write moves the order's `date_modified`
 * but fires no `store/order/updated` unless the status changed; refused requests are 422 with a message
 * naming the offending item; deleting a shipment frees its units to be shipped again and leaves the
 * status as it is ("Deleting a shipment does not take the order out of Shipped").
 */

export const SHIPPED = 2;
export const PARTIALLY_SHIPPED = 3;

export interface ShipmentResult {
  order: OrderRecord;
  shipment: ShipmentRecord;
}

export function createShipment(
  ctx: SimulatorContext,
  storeHash: string,
  orderId: number,
  input: NewShipment,
): ShipmentResult {
  const now = ctx.now();
  const change = modify(ctx, storeHash, orderId, (order, ids) => {
    checkShipment(order, input);
    const shipment: ShipmentRecord = { id: ids.nextShipmentId(), createdAt: now, ...structuredClone(input) };
    order.shipments.push(shipment);
    order.shippedAt = now;
    if (ctx.knobs.shipmentsSetStatus) order.statusId = fullyShipped(order) ? SHIPPED : PARTIALLY_SHIPPED;
    return shipment;
  });
  publishShipment(ctx, storeHash, 'created', change.result, orderId);
  if (change.statusChanged) announceUpdate(ctx, storeHash, change);
  return { order: change.order, shipment: change.result };
}

export function updateShipment(
  ctx: SimulatorContext,
  storeHash: string,
  orderId: number,
  shipmentId: number,
  changes: ShipmentChanges,
): ShipmentResult {
  const change = modify(ctx, storeHash, orderId, (order) => {
    const shipment = order.shipments.find((s) => s.id === shipmentId);
    if (!shipment) throw new SandboxActionError(404, 'The requested shipment was not found.');
    if (changes.orderAddressId !== undefined && changes.orderAddressId !== shipment.orderAddressId) {
      requireAddress(order, changes.orderAddressId);
      throw new SandboxActionError(
        422,
        `Shipment ${shipmentId} carries items of order_address_id ${shipment.orderAddressId}; its items cannot move to address ${changes.orderAddressId}. Delete the shipment and create a new one instead.`,
      );
    }
    Object.assign(shipment, changes);
    return shipment;
  });
  publishShipment(ctx, storeHash, 'updated', change.result, orderId);
  return { order: change.order, shipment: change.result };
}

/** Deletes one shipment, or every shipment when `shipmentId` is undefined; returns the deleted ones. */
export function deleteShipments(
  ctx: SimulatorContext,
  storeHash: string,
  orderId: number,
  shipmentId?: number,
): ShipmentRecord[] {
  const change = modify(ctx, storeHash, orderId, (order) => {
    const gone = order.shipments.filter((s) => shipmentId === undefined || s.id === shipmentId);
    if (shipmentId !== undefined && gone.length === 0)
      throw new SandboxActionError(404, 'The requested shipment was not found.');
    order.shipments = order.shipments.filter((s) => !gone.includes(s));
    return gone;
  });
  for (const shipment of change.result) publishShipment(ctx, storeHash, 'deleted', shipment, orderId);
  return change.result;
}

/**
 * The merchant ships items in the control panel. Without `items` everything not yet shipped to the first
 * address that has some goes out. The `shipmentsSetStatus` knob applies as for the API.
 */
export function merchantShipment(
  ctx: SimulatorContext,
  storeHash: string,
  orderId: number,
  input: MerchantShipmentParsed,
): ShipmentResult {
  const order = ctx.orders.get(storeHash, orderId);
  if (!order || order.isDeleted)
    throw new SandboxActionError(404, `Order ${orderId} does not exist on store ${storeHash}`);
  const items =
    input.items ??
    (() => {
      const open = order.lines.filter((l) => l.quantity > quantityShipped(order, l.id));
      const first = open[0];
      if (!first) throw new SandboxActionError(422, `Order ${orderId} has nothing left to ship`);
      return open
        .filter((l) => l.addressId === first.addressId)
        .map((l) => ({ orderProductId: l.id, quantity: l.quantity - quantityShipped(order, l.id) }));
    })();
  const firstLine = order.lines.find((l) => l.id === items[0]?.orderProductId);
  if (!firstLine)
    throw new SandboxActionError(
      422,
      `Order ${orderId} has no order product ${String(items[0]?.orderProductId)}`,
    );
  const { items: _items, ...tracking } = input;
  return createShipment(ctx, storeHash, orderId, {
    ...tracking,
    orderAddressId: firstLine.addressId,
    items,
    merchantShippingCost: 0,
  });
}

function checkShipment(order: OrderRecord, input: NewShipment): void {
  requireAddress(order, input.orderAddressId);
  for (const item of input.items) {
    const line = order.lines.find((l) => l.id === item.orderProductId);
    if (!line)
      throw new SandboxActionError(
        422,
        `Order ${order.id} has no order product ${item.orderProductId}. Use an id from GET /v2/orders/${order.id}/products.`,
      );
    if (line.addressId !== input.orderAddressId)
      throw new SandboxActionError(
        422,
        `Order product ${line.id} ships to order_address_id ${line.addressId}, not ${input.orderAddressId}. One shipment covers the items of one address.`,
      );
    const shipped = quantityShipped(order, line.id);
    if (item.quantity > line.quantity - shipped)
      throw new SandboxActionError(
        422,
        `Order product ${line.id} has ${line.quantity - shipped} unit(s) left to ship (quantity ${line.quantity}, ${shipped} shipped); the shipment asks for ${item.quantity}.`,
      );
  }
}

function requireAddress(order: OrderRecord, addressId: number): void {
  if (!order.destinations.some((d) => d.id === addressId))
    throw new SandboxActionError(
      422,
      `Order ${order.id} has no shipping address ${addressId}. Use the order_address_id of the products you ship.`,
    );
}

function fullyShipped(order: OrderRecord): boolean {
  return order.lines.every((l) => quantityShipped(order, l.id) >= l.quantity);
}

function modify<T>(
  ctx: SimulatorContext,
  storeHash: string,
  orderId: number,
  change: (order: OrderRecord, ids: SubresourceIds) => T,
): OrderChange & { result: T } {
  ctx.stores.get(storeHash); // throws SandboxActionError(404) for an unknown store
  const result = ctx.orders.modify(storeHash, orderId, ctx.now(), change);
  if (!result) throw new SandboxActionError(404, 'The requested order was not found.');
  return result;
}

function publishShipment(
  ctx: SimulatorContext,
  storeHash: string,
  event: 'created' | 'updated' | 'deleted',
  shipment: ShipmentRecord,
  orderId: number,
): void {
  publish(ctx, storeHash, `store/shipment/${event}`, { type: 'shipment', id: shipment.id, orderId });
}
