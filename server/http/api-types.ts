/**
 * Types shared by the server's HTTP layer and the browser client (type-only imports from client/).
 * Every JSON error the app returns has the ApiErrorBody shape.
 */

import type { MailStatusView, NotificationSettingsView } from './notifications-api-types';
import type { FulfillmentProfile, SchemaOverrides } from '../iom/fulfillment-profile';

export type { FulfillmentProfile, SchemaOverrides, TableNames } from '../iom/fulfillment-profile';

/** Embedded in the app shell page as `<script id="app-bootstrap" type="application/json">`. */
export interface AppBootstrap {
  /** The app's own short-lived session token; the client sends it as `Authorization: Bearer <token>`. */
  token: string;
  /** ISO-8601 expiry of `token`. */
  expiresAt: string;
  /** In-app path to open first (the signed payload's `url` deep link), always starting with `/`. */
  path: string;
}

export interface SessionResponse {
  store: {
    hash: string;
    status: 'installed' | 'uninstalled';
    scopes: string[];
    installedAt: string;
    /** The store's BigCommerce control panel (`…/manage`); its order pages are `<controlPanelUrl>/orders/<id>`. */
    controlPanelUrl: string;
  };
  user: {
    id: number;
    email: string;
    role: UserRoleView;
  };
  /** What this user may do; the client hides or disables the rest and says why. */
  permissions: SessionPermissions;
  /** The store owner, whom a user asks to be made an admin. */
  owner: { email: string };
  /** ISO-8601 expiry of the token used for this request. */
  expiresAt: string;
}

/** `owner`: the store owner; `admin`: made an app admin by the owner; `user`: views and operates. */
export type UserRoleView = 'owner' | 'admin' | 'user';

export interface SessionPermissions {
  /** Change, disconnect and extend the IOM connection (and the settings that decide where orders go):
   *  the owner and app admins. */
  manageConnection: boolean;
  /** Make users app admins or back to users: the owner only. */
  manageUsers: boolean;
}

/** A user of the store who has opened IOM Connector. */
export interface UserView {
  id: number;
  email: string;
  role: UserRoleView;
  /** ISO-8601 time the user last opened the app. */
  lastSeenAt: string;
}

/** GET /api/users: the owner first, then admins, then users, each by email. */
export interface UsersResponse {
  users: UserView[];
}

/** PUT /api/users/:userId (owner only). The owner's own role cannot be changed. */
export interface UserRoleBody {
  role: 'admin' | 'user';
}

export interface UserResponse {
  user: UserView;
}

export interface RefreshResponse {
  token: string;
  expiresAt: string;
}

export interface ApiErrorBody {
  error: {
    /** Stable machine code, e.g. `session_expired`, `session_revoked`, `not_found`, `validation_failed`,
     *  `forbidden_role`. */
    code: string;
    /** A sentence saying what was wrong and what to do. */
    message: string;
    requestId?: string;
    /** For `validation_failed`: each field's problem, so the UI never parses the message. */
    fields?: FieldErrorView[];
  };
}

export type ConnectionCheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface ConnectionCheckView {
  id: string;
  label: string;
  status: ConnectionCheckStatus;
  message: string;
  /** Something the app can do for the merchant: `create-alternate-key` or `reactivate-alternate-key`. */
  action?: string;
}

export interface ConnectionTestView {
  ok: boolean;
  testedAt: string;
  checks: ConnectionCheckView[];
}

/** The store's IOM connection as the cockpit sees it: the client secret is never returned. */
export interface ConnectionView {
  environmentUrl: string;
  tenantId: string;
  clientId: string;
  hasClientSecret: boolean;
  intakeMode: 'dataverse' | 'intake-provider';
  /** With its `sig` credential masked. */
  intakeUrl: string | null;
  updatedAt: string;
  lastTest: ConnectionTestView | null;
  /** The fulfillment/tracking/return tables and columns the last test discovered; null before one ran. */
  fulfillmentProfile?: FulfillmentProfile | null;
  /** The admin's overrides of those names (`'tracking.table': 'x'`). */
  schemaOverrides?: SchemaOverrides;
}

export interface ConnectionResponse {
  connection: ConnectionView | null;
}

/** POST /api/connection/test: the test, and the fulfillment profile it discovered (null if it did not get that far). */
export interface ConnectionTestResponse extends ConnectionTestView {
  fulfillmentProfile: FulfillmentProfile | null;
}

/** PUT /api/connection/schema-overrides: the saved overrides and the profile discovered with them. */
export interface SchemaOverridesResponse {
  schemaOverrides: SchemaOverrides;
  fulfillmentProfile: FulfillmentProfile;
}

/** PUT /api/connection. Leave clientSecret out to keep the saved one. */
export interface ConnectionInputBody {
  environmentUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  intakeMode: 'dataverse' | 'intake-provider';
  intakeUrl?: string | null;
}

export interface MasterDataResponse {
  items: Array<{ id: string; name: string; detail: string | null }>;
  /** More rows exist than were returned. */
  truncated: boolean;
}

export interface ProductLookupResponse {
  found: Record<string, { productId: string; name: string; defaultUnitId: string | null }>;
  missing: string[];
}

/** Field-level problems of a refused request body (`error.fields` of an ApiErrorBody). */
export interface FieldErrorView {
  field: string;
  message: string;
}

/** GET|PUT /api/settings. */
export interface SettingsView {
  syncEnabled: boolean;
  statusAllowList: number[];
  goLiveDate: string | null;
  accountStrategy: 'default' | 'per-customer';
  defaultAccountId: string | null;
  priceListId: string | null;
  unitId: string | null;
  warehouseId: string | null;
  unmappedSkuPolicy: 'park' | 'write-in';
  /** IOM → BigCommerce (server/relay/outbound-settings.ts). */
  outbound: OutboundSettingsView;
  /** Failure e-mails (server/notifications/notification-settings.ts). */
  notifications: NotificationSettingsView;
}

export interface OutboundSettingsView {
  /** IOM outcome → BigCommerce status id to set (null: leave the status alone). */
  statusMap: {
    partiallyShipped: number | null;
    shipped: number | null;
    cancelRequested: number | null;
    cancelled: number | null;
    partiallyReturned: number | null;
    returned: number | null;
  };
  lockedStatuses: number[];
  onBigCommerceCancel: 'cancel' | 'record';
  /** null: the deployment's IOM_POLL_INTERVAL_S. */
  pollIntervalSeconds: number | null;
  refundsEnabled: boolean;
}

export interface SettingsResponse {
  settings: SettingsView;
  /** BigCommerce status id → name, for the status allow-list. */
  statuses: Record<string, string>;
  /** The admin's IOM schema overrides (kept with the connection; `{}` when none). */
  schemaOverrides: Record<string, string>;
  /** Whether the deployment sends e-mail (SMTP_URL); without it the notification settings do nothing. */
  mail: MailStatusView;
}

export type OrderSyncState = 'pending' | 'synced' | 'needs_attention' | 'skipped';

export interface AttentionView {
  code: string;
  message: string;
  fix: string;
  skus?: string[];
  /** For `unmapped_carrier` (outbound): the IOM carrier name that has no BigCommerce carrier. */
  carrier?: string;
}

export interface OrderLinkView {
  orderId: number;
  state: OrderSyncState;
  iomSalesOrderId: string | null;
  customerEmail: string | null;
  statusId: number | null;
  orderCreatedAt: string | null;
  lastDateModified: string | null;
  lastError: string | null;
  attention: AttentionView | null;
  skipReason: string | null;
  syncedAt: string | null;
  updatedAt: string;
}

/** GET /api/orders */
export interface OrdersResponse {
  orders: OrderLinkView[];
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
}

export interface TimelineEventView {
  id: string;
  at: string;
  direction: 'inbound' | 'outbound' | 'system';
  type: string;
  message: string;
  data?: Record<string, unknown>;
}

/** A line of an IOM shipment or return, with the BigCommerce line it is (when it matched one). */
export interface OutboundLineView {
  /** The BigCommerce order product id (null: the IOM line matched no BigCommerce line). */
  orderProductId: number | null;
  /** That line's SKU, from the order's link (null when unknown). */
  sku: string | null;
  quantity: number;
}

/** One IOM shipment (tracking record) and the BigCommerce shipment(s) the relay made of it. */
export interface OutboundShipmentView {
  iomShipmentId: string;
  trackingNumber: string;
  /** The IOM carrier name. */
  carrier: string | null;
  /** One per shipping address of its lines; empty when `byHand`. */
  bigcommerceShipmentIds: number[];
  /** Its lines had been shipped in BigCommerce by hand already: nothing was created. */
  byHand: boolean;
  /** When it was written (or found) in BigCommerce. */
  at: string;
  /** Its lines as IOM shipped them (from the last reconcile; [] when not known). */
  items: OutboundLineView[];
}

/** What IOM did with the order at the last reconcile. */
export interface OutboundIomView {
  /** The IOM sales order's state, e.g. 'In Progress', 'Fulfilled', 'Cancelled'. */
  iomState: string | null;
  fulfillmentOrders: Array<{ id: string; name: string; state: string | null }>;
  shipments: Array<{
    id: string;
    name: string;
    trackingNumber: string;
    carrier: string | null;
    lines: OutboundLineView[];
  }>;
  returns: Array<{ id: string; name: string; lines: OutboundLineView[] }>;
}

/** The outbound relay's side of an order (IOM fulfillment written back to BigCommerce). */
export interface OrderOutboundView {
  shipments: OutboundShipmentView[];
  /** IOM shipments whose BigCommerce write started and has not been confirmed yet (the next run
   *  adopts or creates them). */
  pending: Array<{ iomShipmentId: string; since: string }>;
  /** The BigCommerce status id this relay last set (null: none). */
  statusWritten: number | null;
  cancel: 'none' | 'requested' | 'confirmed';
  /** IOM return orders applied to BigCommerce; `refundId` when money was refunded. */
  returns: Array<{ iomReturnId: string; at: string; refundId: number | null }>;
  attention: AttentionView | null;
  /** Set while the order's BigCommerce status is one the relay never changes. */
  lockedAt: string | null;
  lastReconciledAt: string | null;
  /** null until the first reconcile read IOM. */
  iom: OutboundIomView | null;
}

/** GET /api/orders/{orderId} */
export interface OrderDetailResponse {
  order: OrderLinkView;
  /** The sync job, if one exists: its state and when it runs next. */
  job: { state: string; dueAt: string | null; attempts: number; lastError: string | null } | null;
  /** IOM's fulfillment written back to BigCommerce; null while the outbound relay has not touched it. */
  outbound: OrderOutboundView | null;
  timeline: TimelineEventView[];
  /** The page of older events after these (null: none). */
  timelineNext: string | null;
}

export interface PreviewProblemView {
  code: string;
  message: string;
  fix: string;
  sku?: string;
  setting?: string;
}

/** GET /api/orders/{orderId}/preview: what would be sent, and what would stop it. Writes nothing. */
export interface PreviewResponse {
  orderId: number;
  statusId: number;
  /** Why the import filter would not send it now (null: it qualifies). */
  skipReason: string | null;
  externalOrderId: string;
  /** The exact salesorder deep-insert body. */
  body: Record<string, unknown>;
  problems: PreviewProblemView[];
  totals: { bigcommerceTotalIncTax: string; expectedIomTotal: string };
  /** Whether, if sync were on, the order would be sent as it is. */
  sendable: boolean;
  notes: string[];
}

/** For outbound `unmapped_carrier`: one IOM carrier, the orders it holds up, and the mapping that fixes it. */
export interface AttentionCarrierView {
  carrier: string;
  orders: number[];
  fix: string;
  /** PUT this (body `{trackingCarrier, shippingProvider}`) to map the carrier; the orders are then updated. */
  mappingPath: string;
}

export interface AttentionGroupView {
  /** `inbound`: BigCommerce → IOM (the order's link); `outbound`: IOM → BigCommerce. */
  direction: 'inbound' | 'outbound';
  code: string;
  count: number;
  /** A representative message and fix of the group. */
  message: string;
  fix: string;
  orders: number[];
  /** For `unmapped_sku`: each SKU with the orders it holds up. */
  skus?: Array<{ sku: string; orders: number[] }>;
  /** For outbound `unmapped_carrier`: each IOM carrier with the orders it holds up. */
  carriers?: AttentionCarrierView[];
}

/** GET /api/attention */
export interface AttentionResponse {
  groups: AttentionGroupView[];
  /** Orders needing attention on the inbound side (each order once). */
  total: number;
  /** Orders whose outbound relay needs attention (each order once). */
  outboundTotal: number;
}

export interface SkuMappingView {
  sku: string;
  productId: string;
  updatedAt: string;
}

/** GET /api/mappings/sku */
export interface SkuMappingsResponse {
  mappings: SkuMappingView[];
  next: string | null;
}

/** A BigCommerce shipment's carrier fields (tracking_carrier, shipping_provider). */
export interface CarrierTargetView {
  trackingCarrier: string;
  shippingProvider: string;
}

/** A merchant's carrier override. */
export interface CarrierMappingView extends CarrierTargetView {
  /** The IOM carrier name as the merchant typed it (matched case- and spacing-insensitively). */
  iomCarrier: string;
  updatedAt: string;
}

/** GET /api/mappings/carrier */
export interface CarrierMappingsResponse {
  /** Built in; an override of the same name wins. */
  defaults: Array<CarrierTargetView & { iomCarrier: string }>;
  overrides: CarrierMappingView[];
  /** BigCommerce's shipping_provider values (besides carrier_{id}). */
  shippingProviders: string[];
  next: string | null;
}

/** GET /api/mappings/carrier/{iomCarrier} */
export interface CarrierMappingResponse {
  iomCarrier: string;
  /** What a shipment of this carrier is created with; null: unmapped (shipments wait). */
  resolved: (CarrierTargetView & { source: 'merchant' | 'default' }) | null;
  default: CarrierTargetView | null;
  override: CarrierMappingView | null;
}

/** PUT /api/mappings/carrier/{iomCarrier} */
export interface CarrierMappingPutResponse {
  mapping: CarrierMappingView;
  /** Orders whose shipments waited for this carrier and were queued again. */
  requeued: number[];
}

/** GET /api/push-secret, POST /api/push-secret/rotate */
export interface PushSecretResponse {
  secret: string;
  header: string;
  url: string;
  /** How to sign: the header's format and what the HMAC covers. */
  format: string;
}

/** PUT /api/mappings/sku/{sku} */
export interface SkuMappingResponse {
  mapping: SkuMappingView;
  /** Orders waiting for this SKU that were queued again. */
  requeued: number[];
}

/** POST|GET|DELETE /api/backfill: the store's latest backfill and its progress. */
export interface BackfillResponse {
  status: 'running' | 'done' | 'cancelled';
  from: string;
  to: string;
  startedAt: string;
  finishedAt: string | null;
  /** Pages of 250 orders read from BigCommerce. */
  pages: number;
  /** Orders found in the range. */
  seen: number;
  /** Orders queued for sync (those IOM already had are not). */
  queued: number;
  synced: number;
  /** Orders that need attention. */
  failed: number;
  /** Orders the import filter skips. */
  skipped: number;
  /** Seconds until every order seen is done, at the rate so far (null: not known yet). */
  etaSeconds: number | null;
  /** Why it stopped early, if it did. */
  error: string | null;
}
