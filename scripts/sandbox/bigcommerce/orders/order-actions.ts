import { randomInt } from 'node:crypto';
import type { SimulatorContext } from '../context';
import { SandboxActionError } from '../store-directory';
import { CATALOG } from './catalog';
import type { OrderMetafield } from './metafield-store';
import { UnknownAddressError, UnknownProductError, type OrderChange } from './order-book';
import { placeOrderSchema, type PlaceOrderParsed, type UpdateOrderParsed } from './order-input';
import type { OrderRecord } from './order-model';

/**
 * Order changes a shopper or merchant makes, each followed by the webhooks BigCommerce fires for it. The
 * v2 routes, the control panel and the simulator's test drivers all come through here.
 */

export function placeOrder(ctx: SimulatorContext, storeHash: string, input: PlaceOrderParsed): OrderRecord {
  requireStore(ctx, storeHash);
  const order = ctx.orders.place(storeHash, input, ctx.now());
  publish(ctx, storeHash, 'store/order/created', { type: 'order', id: order.id });
  return order;
}

/** The demo's "Place 1,000 orders": each with 1–3 random catalog lines, paid. */
export function placeRandomOrders(ctx: SimulatorContext, storeHash: string, count: number): OrderRecord[] {
  requireStore(ctx, storeHash);
  const placed: OrderRecord[] = [];
  for (let i = 0; i < count; i += 1) {
    const lines = Array.from({ length: 1 + randomInt(3) }, () => ({
      sku: CATALOG[randomInt(CATALOG.length)]?.sku ?? 'MUG-GRY',
      quantity: 1 + randomInt(4),
    }));
    placed.push(placeOrder(ctx, storeHash, placeOrderSchema.parse({ lines })));
  }
  return placed;
}

export function updateOrder(
  ctx: SimulatorContext,
  storeHash: string,
  orderId: number,
  changes: UpdateOrderParsed,
): OrderRecord {
  requireStore(ctx, storeHash);
  let change: OrderChange | null;
  try {
    change = ctx.orders.update(storeHash, orderId, changes, ctx.now());
  } catch (error) {
    if (error instanceof UnknownAddressError || error instanceof UnknownProductError)
      throw new SandboxActionError(422, error.message);
    throw error;
  }
  if (!change) throw new SandboxActionError(404, `Order ${orderId} does not exist on store ${storeHash}`);
  announceUpdate(ctx, storeHash, change);
  return change.order;
}

/** Webhooks for an applied update: statusUpdated (when the status changed), then updated. */
export function announceUpdate(ctx: SimulatorContext, storeHash: string, change: OrderChange): void {
  const id = change.order.id;
  if (change.statusChanged) {
    publish(ctx, storeHash, 'store/order/statusUpdated', {
      type: 'order',
      id,
      status: { previous_status_id: change.previousStatusId, new_status_id: change.order.statusId },
    });
  }
  publish(ctx, storeHash, 'store/order/updated', { type: 'order', id });
}

export function archiveOrder(ctx: SimulatorContext, storeHash: string, orderId: number): OrderRecord {
  requireStore(ctx, storeHash);
  const order = ctx.orders.archive(storeHash, orderId, ctx.now());
  if (!order) throw new SandboxActionError(404, `Order ${orderId} does not exist on store ${storeHash}`);
  publish(ctx, storeHash, 'store/order/archived', { type: 'order', id: order.id });
  return order;
}

/** `store/order/metafield/{created,updated,deleted}`: `data` names the metafield, its order (as a string) and namespace. */
export function announceMetafield(
  ctx: SimulatorContext,
  storeHash: string,
  event: 'created' | 'updated' | 'deleted',
  metafield: OrderMetafield,
): void {
  publish(ctx, storeHash, `store/order/metafield/${event}`, {
    metafield_id: metafield.id,
    resource_id: String(metafield.resource_id),
    namespace: metafield.namespace,
  });
}

export function publish(
  ctx: SimulatorContext,
  storeHash: string,
  scope: string,
  data: Record<string, unknown>,
): void {
  ctx.webhooks.publish({ storeHash, storeId: ctx.orders.storeId(storeHash), scope, data });
}

function requireStore(ctx: SimulatorContext, storeHash: string): void {
  ctx.stores.get(storeHash); // throws SandboxActionError(404) for an unknown store
}
