import { SandboxActionError } from '../store-directory';
import { buildOrder, changeAddress, type IdSource } from './order-builder';
import type { PlaceOrderParsed, UpdateOrderParsed } from './order-input';
import { percentOf } from './money';
import { lineBaseTotal, orderTotals, quantityShipped, type OrderRecord } from './order-model';

/** Order ids start here on every store. */
export const FIRST_ORDER_ID = 100;

export type SortField = 'id' | 'date_created' | 'date_modified';

export interface OrderFilter {
  minId?: number;
  maxId?: number;
  statusId?: number;
  /** Epoch ms, compared at whole seconds (the API's dates have no milliseconds). */
  minDateCreated?: number;
  maxDateCreated?: number;
  minDateModified?: number;
  maxDateModified?: number;
  externalOrderId?: string;
  customerId?: number;
  /** The billing email, case-insensitive. */
  email?: string;
  /** total_inc_tax bounds, in 1/10000 units. */
  minTotal?: number;
  maxTotal?: number;
}

export interface OrderSort {
  field: SortField;
  direction: 'asc' | 'desc';
}

/** What an update changed, for the webhooks it fires. */
export interface OrderChange {
  order: OrderRecord;
  previousStatusId: number;
  statusChanged: boolean;
}

/** Ids of an order's sub-resources, counted per store. */
export interface SubresourceIds {
  nextShipmentId(): number;
  nextRefundId(): number;
  nextRefundPaymentId(): number;
}

/** Sub-resource id counters that continue after the ids the given orders use. */
function idCounters(orders: OrderRecord[]): Pick<StoreOrders, 'ids' | 'subresources'> {
  const after = (ids: number[]) => Math.max(0, ...ids) + 1;
  let productId = after(orders.flatMap((o) => o.lines.map((l) => l.id)));
  let addressId = after(orders.flatMap((o) => o.destinations.map((d) => d.id)));
  let couponId = after(orders.flatMap((o) => (o.coupon ? [o.coupon.id] : [])));
  let shipmentId = after(orders.flatMap((o) => o.shipments.map((x) => x.id)));
  let refundId = after(orders.flatMap((o) => o.refunds.map((r) => r.id)));
  let refundPaymentId = after(orders.flatMap((o) => o.refunds.flatMap((r) => r.payments.map((p) => p.id))));
  return {
    ids: {
      nextOrderProductId: () => productId++,
      nextAddressId: () => addressId++,
      nextCouponId: () => couponId++,
    },
    subresources: {
      nextShipmentId: () => shipmentId++,
      nextRefundId: () => refundId++,
      nextRefundPaymentId: () => refundPaymentId++,
    },
  };
}

interface StoreOrders {
  storeId: string;
  orders: Map<number, OrderRecord>;
  nextOrderId: number;
  ids: IdSource;
  subresources: SubresourceIds;
}

/** Every store's orders. Records handed out are copies; changes go through `update` and `archive`. */
export class OrderBook {
  private readonly stores = new Map<string, StoreOrders>();

  constructor(storeHashes: string[]) {
    storeHashes.forEach((hash, index) => {
      this.stores.set(hash, {
        // BigCommerce's numeric store id (the `store_id` of webhook payloads); the value is arbitrary.
        storeId: String(1025646 + index),
        orders: new Map(),
        nextOrderId: FIRST_ORDER_ID,
        ...idCounters([]),
      });
    });
  }

  /** For the demo's state file: every store's orders. */
  snapshot(): Record<string, OrderRecord[]> {
    return Object.fromEntries(
      [...this.stores].map(([hash, store]) => [hash, structuredClone([...store.orders.values()])]),
    );
  }

  /** Puts saved orders back; ids continue after the highest saved ones. Unknown stores are ignored. */
  restore(saved: Record<string, OrderRecord[]>): void {
    for (const [hash, orders] of Object.entries(saved)) {
      const store = this.stores.get(hash);
      if (!store) continue;
      store.orders = new Map(structuredClone(orders).map((o) => [o.id, o]));
      store.nextOrderId = Math.max(FIRST_ORDER_ID, ...orders.map((o) => o.id + 1));
      Object.assign(store, idCounters(orders));
    }
  }

  storeId(storeHash: string): string {
    return this.state(storeHash).storeId;
  }

  place(storeHash: string, input: PlaceOrderParsed, now: number): OrderRecord {
    const store = this.state(storeHash);
    const order = buildOrder(input, store.ids, { id: store.nextOrderId++, storeHash, now });
    store.orders.set(order.id, order);
    return structuredClone(order);
  }

  get(storeHash: string, id: number): OrderRecord | null {
    const order = this.state(storeHash).orders.get(id);
    return order ? structuredClone(order) : null;
  }

  /** Every order of the store, archived ones included, by id. */
  all(storeHash: string): OrderRecord[] {
    return [...this.state(storeHash).orders.values()].map((o) => structuredClone(o));
  }

  /** Orders matching the filter, archived ones excluded, sorted (ties broken by id); only the `window`
   *  (a page) is copied, so paging through thousands of orders stays cheap. */
  list(
    storeHash: string,
    filter: OrderFilter,
    sort: OrderSort = { field: 'id', direction: 'asc' },
    window: { offset: number; limit: number } = { offset: 0, limit: Number.MAX_SAFE_INTEGER },
  ): OrderRecord[] {
    const sec = (ms: number): number => Math.floor(ms / 1000);
    const within = (value: number, min?: number, max?: number): boolean =>
      (min === undefined || sec(value) >= sec(min)) && (max === undefined || sec(value) <= sec(max));
    const keyOf = (o: OrderRecord): number =>
      sort.field === 'id' ? o.id : sort.field === 'date_created' ? sec(o.createdAt) : sec(o.modifiedAt);
    const sign = sort.direction === 'asc' ? 1 : -1;
    return [...this.state(storeHash).orders.values()]
      .filter((o) => !o.isDeleted)
      .filter(
        (o) =>
          (filter.minId === undefined || o.id >= filter.minId) &&
          (filter.maxId === undefined || o.id <= filter.maxId),
      )
      .filter((o) => filter.statusId === undefined || o.statusId === filter.statusId)
      .filter((o) => filter.externalOrderId === undefined || o.externalOrderId === filter.externalOrderId)
      .filter((o) => filter.customerId === undefined || o.customerId === filter.customerId)
      .filter(
        (o) =>
          filter.email === undefined || o.billingAddress.email.toLowerCase() === filter.email.toLowerCase(),
      )
      .filter((o) => within(o.createdAt, filter.minDateCreated, filter.maxDateCreated))
      .filter((o) => within(o.modifiedAt, filter.minDateModified, filter.maxDateModified))
      .filter((o) => {
        const total = orderTotals(o).totalIncTax;
        return (
          (filter.minTotal === undefined || total >= filter.minTotal) &&
          (filter.maxTotal === undefined || total <= filter.maxTotal)
        );
      })
      .sort((a, b) => sign * (keyOf(a) - keyOf(b) || a.id - b.id))
      .slice(window.offset, window.offset + window.limit)
      .map((o) => structuredClone(o));
  }

  /** Applies the changes; null when the order does not exist (or is archived). */
  update(storeHash: string, id: number, changes: UpdateOrderParsed, now: number): OrderChange | null {
    const order = this.state(storeHash).orders.get(id);
    if (!order || order.isDeleted) return null;
    const previousStatusId = order.statusId;
    if (changes.statusId !== undefined) order.statusId = changes.statusId;
    if (changes.customerMessage !== undefined) order.customerMessage = changes.customerMessage;
    if (changes.staffNotes !== undefined) order.staffNotes = changes.staffNotes;
    if (changes.externalOrderId !== undefined) order.externalOrderId = changes.externalOrderId;
    if (changes.billingAddress)
      order.billingAddress = changeAddress(order.billingAddress, changes.billingAddress);
    if (changes.shippingAddress) {
      const { id: addressId, ...fields } = changes.shippingAddress;
      const destination =
        addressId === undefined ? order.destinations[0] : order.destinations.find((d) => d.id === addressId);
      if (!destination) throw new UnknownAddressError(id, addressId);
      destination.address = changeAddress(destination.address, fields);
    }
    if (changes.products) changeProducts(order, changes.products);
    order.modifiedAt = now;
    return {
      order: structuredClone(order),
      previousStatusId,
      statusChanged: previousStatusId !== order.statusId,
    };
  }

  /**
   * Runs `change` on the stored order (its shipments, refunds or status), then moves `date_modified`.
   * Null when the order does not exist or is archived. `change` validates first and throws before it
   * mutates anything, so a refused change leaves the order as it was.
   */
  modify<T>(
    storeHash: string,
    id: number,
    now: number,
    change: (order: OrderRecord, ids: SubresourceIds) => T,
  ): (OrderChange & { result: T }) | null {
    const store = this.state(storeHash);
    const order = store.orders.get(id);
    if (!order || order.isDeleted) return null;
    const previousStatusId = order.statusId;
    const result = change(order, store.subresources);
    order.modifiedAt = now;
    return {
      order: structuredClone(order),
      previousStatusId,
      statusChanged: previousStatusId !== order.statusId,
      result: structuredClone(result),
    };
  }

  /** Archives the order (BigCommerce's DELETE /v2/orders/{id}); null when it does not exist. */
  archive(storeHash: string, id: number, now: number): OrderRecord | null {
    const order = this.state(storeHash).orders.get(id);
    if (!order || order.isDeleted) return null;
    order.isDeleted = true;
    order.modifiedAt = now;
    return structuredClone(order);
  }

  private state(storeHash: string): StoreOrders {
    const store = this.stores.get(storeHash);
    if (!store) throw new SandboxActionError(404, `Unknown store ${storeHash}`);
    return store;
  }
}

export class UnknownAddressError extends Error {
  constructor(orderId: number, addressId: number | undefined) {
    super(`Order ${orderId} has no shipping address ${String(addressId)}`);
    this.name = 'UnknownAddressError';
  }
}

export class UnknownProductError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownProductError';
  }
}

/**
 * `PUT /v2/orders/{id}` with `products`: "the PUT request clears all discounts and promotions applied to
 * the changed order line items" (orders.v2 `updateOrder`, https://developer.bigcommerce.com/docs/rest-management/orders#update-an-order).
 * The changed lines lose their share of the coupon (and are taxed on their full price); `quantity`, when
 * given, changes too. Sandbox scope: only existing lines (by `id`) can be changed.
 */
function changeProducts(order: OrderRecord, products: Array<{ id: number; quantity?: number }>): void {
  for (const change of products) {
    const line = order.lines.find((l) => l.id === change.id);
    if (!line) throw new UnknownProductError(`Order ${order.id} has no order product ${change.id}`);
    if (change.quantity !== undefined && change.quantity < quantityShipped(order, line.id))
      throw new UnknownProductError(
        `Order product ${line.id} has ${quantityShipped(order, line.id)} unit(s) shipped; its quantity cannot go below that`,
      );
  }
  for (const change of products) {
    const line = order.lines.find((l) => l.id === change.id);
    if (!line) continue;
    if (order.coupon) order.coupon.discount -= line.discount;
    line.discount = 0;
    if (change.quantity !== undefined) line.quantity = change.quantity;
    line.totalTax = percentOf(lineBaseTotal(line), order.taxRate);
  }
}
