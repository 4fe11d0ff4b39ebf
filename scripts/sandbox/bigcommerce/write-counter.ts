/** The kinds of API writes the simulator counts per store (what the app asked BigCommerce to change). */
export interface StoreWrites {
  /** `PUT /v2/orders/{id}`, any fields. */
  orderUpdates: number;
  /** `PUT /v2/orders/{id}` carrying `status_id` (changed or not). */
  statusUpdates: number;
  /** `PUT /v2/orders/{id}` carrying `products` (which clears those lines' discounts). */
  productUpdates: number;
  shipmentsCreated: number;
  shipmentsUpdated: number;
  /** One per `DELETE` request (one shipment or all of them). */
  shipmentDeletes: number;
  refundQuotes: number;
  refunds: number;
}

export type WriteKind = keyof StoreWrites;

const none = (): StoreWrites => ({
  orderUpdates: 0,
  statusUpdates: 0,
  productUpdates: 0,
  shipmentsCreated: 0,
  shipmentsUpdated: 0,
  shipmentDeletes: 0,
  refundQuotes: 0,
  refunds: 0,
});

/** Counts accepted API writes per store; refused requests (4xx) and merchant actions are not counted. */
export class WriteCounter {
  private readonly stores = new Map<string, StoreWrites>();

  count(storeHash: string, kind: WriteKind): void {
    const writes = this.stores.get(storeHash) ?? none();
    writes[kind] += 1;
    this.stores.set(storeHash, writes);
  }

  /** A copy of the store's counts (all zero for a store nothing was written to). */
  of(storeHash: string): StoreWrites {
    return { ...(this.stores.get(storeHash) ?? none()) };
  }
}
