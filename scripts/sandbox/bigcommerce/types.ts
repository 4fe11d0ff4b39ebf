/**
 * Types shared by the BigCommerce simulator's modules. The public ones are re-exported from `index.ts`.
 */

export interface SandboxUser {
  id: number;
  email: string;
}

export interface SandboxStoreSeed {
  hash: string;
  owner: SandboxUser;
  users?: SandboxUser[];
  /** Shown in the control panel's left nav; defaults to `Store {hash}`. */
  name?: string;
}

/** A webhook as the v3 API returns it (`webhook_Full` in webhooks.v3.yml). */
export interface WebhookRecord {
  id: number;
  client_id: string;
  store_hash: string;
  scope: string;
  destination: string;
  headers: Record<string, string> | null;
  is_active: boolean;
  created_at: number;
  updated_at: number;
}

export type { RecordedRequest } from '../shared/recorded-request';

export interface SimulatorKnobs {
  /** Delay added before every response, in milliseconds. */
  latencyMs: number;
  /** When set, `POST /oauth2/token` answers with this HTTP status instead of doing its work. */
  tokenEndpointFailure: number | null;
  /** When set, every `/stores/{hash}/...` API request answers with this HTTP status. */
  apiFailure: number | null;
  /** When set, `POST /stores/{hash}/graphql` answers with this HTTP status (and a GraphQL error body). */
  graphqlFailure: number | null;
  /** The store's API quota per 30-second window (BigCommerce Standard/Plus plans: 150). */
  apiRequestsPerWindow: number;
  /** Waits before each retry of a failed webhook delivery; after the last one the hook is deactivated.
   *  Default BigCommerce's schedule (60 s, 180 s, … 86400 s); tests scale it down. */
  webhookRetryDelaysMs: number[];
  /** While true, events are not delivered at all (recorded as `dropped`), as if BigCommerce lost them. */
  webhooksPaused: boolean;
  /** Whether creating a shipment moves the order's status: all units shipped → 2 Shipped, some → 3 Partially
   *  Shipped. BigCommerce's docs do not say (sandbox assumption); default false: the status stays as it was
   *  and the app must set it with `PUT /v2/orders/{id}`. */
  shipmentsSetStatus: boolean;
  /** Test hook: called once a shipment created by `POST /v2/orders/{id}/shipments` is stored (and its
   *  webhook published) and BEFORE the HTTP response is sent, with the shipment in the v2 shape. A
   *  returned promise holds the response until it settles (e.g. to kill the caller in that window). */
  onShipmentCreated?: (
    storeHash: string,
    orderId: number,
    shipment: Record<string, unknown> & { id: number },
  ) => void | Promise<void>;
  /** Test hook: called once `GET /v2/orders` (the list) has read its page and BEFORE the HTTP response is
   *  sent, with the page asked for and the ids on it. A returned promise holds the response until it
   *  settles (e.g. to act while the caller's page read is in flight). */
  onOrdersListed?: (storeHash: string, listed: ListedOrdersPage) => void | Promise<void>;
}

/** What one `GET /v2/orders` answered: the page asked for, its size, and the ids on it in order. */
export interface ListedOrdersPage {
  page: number;
  limit: number;
  orderIds: number[];
}

/** A webhook callback as BigCommerce sends it (the body of the POST to the hook's destination). */
export interface WebhookPayload {
  scope: string;
  /** The store's numeric id, as a string. */
  store_id: string;
  data: Record<string, unknown>;
  /** SHA-1 of the payload; the same on every retry of one event. */
  hash: string;
  /** Event time, Unix seconds. */
  created_at: number;
  /** `stores/{store_hash}` */
  producer: string;
}

/** One delivery attempt (or a dropped delivery while `webhooksPaused`). */
export interface WebhookDelivery {
  hookId: number;
  destination: string;
  scope: string;
  /** 0 for the first attempt, n for the n-th retry. */
  attempt: number;
  /** Epoch milliseconds. */
  at: number;
  payload: WebhookPayload;
  outcome: 'delivered' | 'failed' | 'dropped';
  /** The destination's HTTP status; null when it could not be reached (or the delivery was dropped). */
  status: number | null;
  error: string | null;
}

export interface SignPayloadOptions {
  /** The `url` claim (deep link); defaults to '/'. */
  url?: string;
  /** Lifetime counted from `nbf`; defaults to 24 h like BigCommerce. */
  expiresInSec?: number;
  /** `nbf` relative to `iat`; defaults to -5 s like BigCommerce's examples. */
  notBeforeOffsetSec?: number;
}

/** The result of a server-to-server callback to the app. Status 0 means the app could not be reached. */
export interface AppCallbackResult {
  status: number;
  body: string;
}

/** What the control panel's "Open app" button does: load the app, or re-consent after a scope change. */
export interface OpenAppResult {
  kind: 'load' | 'auth';
  url: string;
}

/** A panel of sandbox facts shown beside the control panel (e.g. the IOM sandbox's connection values). */
export interface SandboxNote {
  title: string;
  rows: Array<{
    label: string;
    value: string;
    /** Render the value as a link that opens in a new tab. */ link?: boolean;
  }>;
}

/** An extra side navigation item of the control panel, opened in a new tab (e.g. the sandbox mail catcher). */
export interface SandboxLink {
  label: string;
  url: string;
}
