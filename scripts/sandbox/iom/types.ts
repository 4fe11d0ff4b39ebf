/**
 * Types shared by the Entra ID + Dataverse/IOM simulator's modules. The public ones are re-exported from
 * `index.ts`.
 */

export type { RecordedRequest } from '../shared/recorded-request';

/** Tables whose change tracking can be switched on and off. */
export interface ChangeTrackingKnobs {
  salesorder: boolean;
  msdyn_fulfillmentorder: boolean;
  msdyn_returnorder: boolean;
}

export interface PrivilegeKnobs {
  /** prvReadSalesOrder: read salesorders and their lines. */
  readSalesOrders: boolean;
  /** prvCreateSalesOrder: create salesorders and their lines (POST, upsert that creates, intake excluded). */
  createSalesOrders: boolean;
  /** prvWriteSalesOrder: update salesorders and their lines (PATCH of an existing row, CancelSalesOrder). */
  writeSalesOrders: boolean;
  /** System Customizer: may create alternate keys. */
  customizeEntities: boolean;
}

/** EntityKeyIndexStatus: the state of the index Dataverse builds for an alternate key. */
export type EntityKeyIndexStatus = 'Pending' | 'InProgress' | 'Active' | 'Failed';

/** Runtime switches; mutate the object the simulator hands out. `reset()` restores the defaults. */
export interface IomKnobs {
  /** Delay before every answer (token endpoint, Web API, intake), in milliseconds. */
  latencyMs: number;
  /** 0..1: share of Web API and intake requests answered 503 with a Dataverse error body. */
  errorRate: number;
  /** 0..1: share of Web API and intake requests never answered (they hang until the client gives up). */
  timeoutRate: number;
  /** false: the msdyn_* tables and columns do not exist, and the intake flow is gone. */
  iomInstalled: boolean;
  changeTracking: ChangeTrackingKnobs;
  /**
   * Organization.ExpireChangeTrackingInDays: a delta token older than this many days (against the
   * simulator's clock) is refused. Default 7.
   */
  changeTrackingExpiryDays: number;
  /** Whether salesorder has an alternate key on msdyn_externalorderid. */
  alternateKeyOnExternalOrderId: boolean;
  /** That key's index status; 'Failed' until a ReactivateEntityKey (or creating the key) rebuilds it. */
  alternateKeyIndexStatus: EntityKeyIndexStatus;
  privileges: PrivilegeKnobs;
  /** false: the app registration gets tokens but is not an application user in the environment. */
  applicationUserExists: boolean;
  /** Path regex → status: the next matching request fails with that status, once per entry. */
  forceStatus: { [pathRegex: string]: number };
  /** Lifetime of issued access tokens (`expires_in`); 0 issues tokens that are already expired. */
  tokenLifetimeSeconds: number;
  /**
   * Further Dataverse environment URLs (no trailing slash) registered as resources in the tenant: the token
   * endpoint issues tokens for them too (e.g. for a test's server that accepts connections and never answers).
   */
  otherEnvironmentUrls: string[];
}

export type SalesOrderState = 'Active' | 'Submitted' | 'Canceled' | 'Fulfilled' | 'Invoiced';

export interface SalesOrderLineView {
  salesOrderDetailId: string;
  /** The product's productnumber; null for a write-in line. */
  sku: string | null;
  description: string;
  quantity: number;
  quantityShipped: number;
  quantityCancelled: number;
  quantityReturned: number;
  pricePerUnit: number;
}

export interface SalesOrderView {
  salesOrderId: string;
  name: string;
  orderNumber: string;
  externalOrderId: string | null;
  customerName: string | null;
  state: SalesOrderState;
  stateCode: number;
  statusCode: number;
  /** The statuscode's label, e.g. 'In Progress'. */
  statusReason: string;
  /** IOM's state and state reason names (msdyn_iomstatename, msdyn_iomstatereasonname). */
  iomState: string;
  iomStateReason: string | null;
  totalAmount: number;
  createdOn: string;
  modifiedOn: string;
  lines: SalesOrderLineView[];
  fulfillmentOrderIds: string[];
  returnOrderIds: string[];
}

export type FulfillmentState =
  'New' | 'Picked' | 'Packed' | 'Partially shipped' | 'Shipped' | 'Cancelled' | 'Closed';

export interface FulfillmentLineView {
  fulfillmentOrderDetailId: string;
  salesOrderDetailId: string;
  sku: string | null;
  description: string;
  quantity: number;
  quantityShipped: number;
  quantityCancelled: number;
}

export interface ShipmentView {
  trackingId: string;
  carrier: string;
  trackingNumber: string;
  shippedOn: string;
  lines: Array<{ fulfillmentOrderDetailId: string; quantity: number }>;
}

export interface FulfillmentOrderView {
  fulfillmentOrderId: string;
  name: string;
  salesOrderId: string;
  state: FulfillmentState;
  stateCode: number;
  warehouse: string | null;
  lines: FulfillmentLineView[];
  shipments: ShipmentView[];
}

export interface ReturnOrderView {
  returnOrderId: string;
  name: string;
  salesOrderId: string;
  receivedOn: string;
  lines: Array<{
    returnOrderDetailId: string;
    salesOrderDetailId: string;
    sku: string | null;
    quantity: number;
  }>;
}

export interface OperatorLineQuantity {
  salesOrderDetailId: string;
  quantity: number;
}

export interface ShipmentInput {
  carrier: string;
  trackingNumber: string;
  /** Omitted: ship everything still open on the fulfillment order. */
  lines?: Array<{ fulfillmentOrderDetailId: string; quantity: number }>;
}

/** The seeded master data, so a demo or a test can configure the connector without querying first. */
export interface IomSeedCatalog {
  accountId: string;
  accountName: string;
  priceLevelId: string;
  currencyIds: { USD: string; EUR: string };
  uomId: string;
  uomScheduleId: string;
  warehouseIds: string[];
  products: Array<{ productId: string; sku: string; name: string; price: number }>;
  carriers: string[];
}

/** What the operator page's buttons do; also callable from tests. Errors are `IomOperatorError`s. */
export interface IomOperator {
  createFulfillmentOrder(salesOrderId: string, lines?: OperatorLineQuantity[]): FulfillmentOrderView;
  pick(fulfillmentOrderId: string): void;
  pack(fulfillmentOrderId: string): void;
  /** Partial quantities allowed; without `lines` everything still open ships. */
  ship(fulfillmentOrderId: string, shipment: ShipmentInput): void;
  cancel(fulfillmentOrderId: string): void;
  receiveReturn(salesOrderId: string, lines: OperatorLineQuantity[]): ReturnOrderView;
  /** Step 1 of an IOM cancellation: the order says 'Cancellation requested' and stays In Progress. */
  requestCancel(salesOrderId: string): void;
  /**
   * Step 2: cancels every open fulfillment order and every quantity not yet on one; the order ends
   * Canceled, or Fulfilled (Complete/Partial) when something had shipped.
   */
  confirmCancel(salesOrderId: string): void;
}

/** Where the simulator pushes sales order changes (our connector's contract, not Microsoft's). */
export interface PushTarget {
  url: string;
  secret: string;
  storeHash: string;
}

/** What happened to a sales order, as a push names it. */
export type PushEvent =
  | 'fulfillment_created'
  | 'picked'
  | 'packed'
  | 'shipped'
  | 'fulfillment_cancelled'
  | 'cancel_requested'
  | 'cancel_confirmed'
  | 'returned';

/** One push attempt; `status` is null until it is answered (or when it failed without an answer). */
export interface PushAttempt {
  url: string;
  salesOrderId: string;
  event: PushEvent;
  occurredAt: string;
  /** The raw JSON body sent and its `X-IOM-Connector-Signature` header. */
  body: string;
  signature: string;
  status: number | null;
  error: string | null;
  /** false while the request is in flight. */
  settled: boolean;
}
