/**
 * The storage interface: typed repositories for everything in ARCHITECTURE.md, Data.
 *
 * Every record is keyed by store hash and no repository method reads across stores, except the job
 * claimer, which is a worker-level operation (it hands each claimed job back with its store hash).
 * Secrets (access tokens, webhook secrets, IOM client secrets) are passed in and returned as plain
 * text; the repositories encrypt them before they reach the underlying document store.
 *
 * Times are ISO-8601 strings in UTC (`new Date().toISOString()`), so they sort lexicographically.
 */

import type { FulfillmentProfile, SchemaOverrides } from '../iom/fulfillment-profile';

export type StoreStatus = 'installed' | 'uninstalled';

export interface StoreRecord {
  hash: string;
  /** Plain text here; encrypted at rest. Null once the store is uninstalled. */
  accessToken: string | null;
  /** Space-separated scopes as granted by BigCommerce. */
  scope: string;
  ownerId: number;
  ownerEmail: string;
  status: StoreStatus;
  /** Shared secret BigCommerce echoes in the webhook headers. Plain text here; encrypted at rest. */
  webhookSecret: string | null;
  installedAt: string;
  uninstalledAt: string | null;
  /** Set when /uninstall arrived but BigCommerce had not yet revoked the token: nothing is sent to
   *  IOM while it is set; a job confirms the uninstall (then purges) or restores the store. */
  uninstallRequestedAt: string | null;
  /** HMAC key IOM (a provider action or a Power Automate flow) signs POST /iom/events with. Plain text
   *  here; encrypted at rest. Null until first asked for (GET /api/push-secret), and once uninstalled. */
  pushSecret: string | null;
  updatedAt: string;
}

export type StoreInstall = Pick<StoreRecord, 'hash' | 'accessToken' | 'scope' | 'ownerId' | 'ownerEmail'> & {
  webhookSecret: string;
};

export interface StoreRepository {
  get(hash: string): Promise<StoreRecord | null>;
  /** Insert or overwrite the store as installed (re-install and scope changes overwrite the token;
   *  the push secret, if any, is kept). */
  saveInstall(install: StoreInstall, now: Date): Promise<StoreRecord>;
  /** Forget the access token, webhook and push secrets and mark the store uninstalled. No-op if unknown. */
  markUninstalled(hash: string, now: Date): Promise<void>;
  /** Keep the owner BigCommerce names in each signed payload (ownership can move after install). */
  updateOwner(hash: string, owner: { id: number; email: string }, now: Date): Promise<void>;
  /** Record an unconfirmed uninstall request (the store stays installed, the relay pauses). */
  requestUninstall(hash: string, now: Date): Promise<void>;
  /** Drop the uninstall request if it is still the one made at `requestedAt`; false otherwise. */
  clearUninstallRequest(hash: string, requestedAt: string, now: Date): Promise<boolean>;
  /** Replace the store's push secret (rotation: the old one stops working at once); false if unknown. */
  setPushSecret(hash: string, secret: string, now: Date): Promise<boolean>;
}

/** When BigCommerce last told us a user lost access, on BigCommerce's clock (the payload's `iat`). */
export interface UserRemovalRecord {
  storeHash: string;
  userId: number;
  /** `iat` of the /remove_user payload: load payloads issued at or before it are refused. */
  removedIat: number;
  removedAt: string;
}

export interface UserRemovalRepository {
  get(storeHash: string, userId: number): Promise<UserRemovalRecord | null>;
  /** Keep the latest removal per user (an older `removedIat` never overwrites a newer one). */
  record(removal: UserRemovalRecord): Promise<void>;
}

/** `owner`: the store owner as BigCommerce last named them; `admin`: a user the owner made an app admin
 *  (both manage the IOM connection); `user`: views and operates. */
export type UserRole = 'owner' | 'admin' | 'user';

/** The roles a user can be given in the app; the owner role only ever comes from BigCommerce. */
export type GrantableRole = Exclude<UserRole, 'owner'>;

/** A role, or how to derive it from the stored one (null for a user not seen before). */
export type RoleDecision = UserRole | ((stored: UserRole | null) => UserRole);

export interface UserRecord {
  storeHash: string;
  userId: number;
  email: string;
  role: UserRole;
  /** Random value minted when the user row is created; session tokens carry it, so a removed and
   *  re-added user never revives a token issued before the removal. */
  sessionVersion: string;
  createdAt: string;
  lastSeenAt: string;
}

export interface UserRepository {
  get(storeHash: string, userId: number): Promise<UserRecord | null>;
  /** Insert the user (with a fresh sessionVersion) or update email/role/lastSeenAt, keeping the
   *  existing sessionVersion. The role is written only when the decision changes it, so a concurrent
   *  setRole is not undone by a load that keeps the role. A store has one owner: when a user becomes
   *  the owner, any other user stored as owner (ownership moved) becomes a `user`. */
  upsert(
    user: { storeHash: string; userId: number; email: string; role: RoleDecision },
    now: Date,
  ): Promise<UserRecord>;
  /** Change an existing user's role; null if the user is unknown (never creates one). */
  setRole(storeHash: string, userId: number, role: GrantableRole): Promise<UserRecord | null>;
  remove(storeHash: string, userId: number): Promise<void>;
  removeAllForStore(storeHash: string): Promise<number>;
  listForStore(storeHash: string): Promise<UserRecord[]>;
}

export type IntakeMode = 'dataverse' | 'intake-provider';

export interface ConnectionRecord {
  storeHash: string;
  environmentUrl: string;
  tenantId: string;
  clientId: string;
  /** Plain text here; encrypted at rest. */
  clientSecret: string;
  intakeMode: IntakeMode;
  /** The IOM intake provider's HTTP message-handler URL (intake-provider mode only). Its `sig` query
   *  parameter is a credential, so it is encrypted at rest like a secret. */
  intakeUrl: string | null;
  /** The outcome of the last connection test, for the cockpit. */
  lastTest: ConnectionTestRecord | null;
  updatedAt: string;
  /** Set when IOM refused the connection's credentials while relaying: the store's orders wait
   *  instead of each failing on its own. Every `put` (a saved or re-tested connection) clears it. */
  relayPause?: { reason: string; at: string } | null;
  /** The fulfillment/tracking/return tables the last connection test discovered (null: not yet). */
  fulfillmentProfile?: FulfillmentProfile | null;
  /** The admin's table/column name overrides for that discovery (`'tracking.table': 'x'`). */
  schemaOverrides?: SchemaOverrides;
}

export type ConnectionCheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface ConnectionTestRecord {
  ok: boolean;
  testedAt: string;
  checks: Array<{ id: string; label: string; status: ConnectionCheckStatus; message: string }>;
}

export interface ConnectionRepository {
  get(storeHash: string): Promise<ConnectionRecord | null>;
  put(connection: ConnectionRecord): Promise<void>;
  delete(storeHash: string): Promise<void>;
  /** Pause the store's relay (only that field is written); no-op without a connection. */
  pauseRelay(storeHash: string, pause: { reason: string; at: string }): Promise<void>;
  /** Save the discovered profile and/or the overrides alone (only given fields); no-op without a connection. */
  saveSchema(
    storeHash: string,
    schema: { fulfillmentProfile?: FulfillmentProfile | null; schemaOverrides?: SchemaOverrides },
  ): Promise<void>;
}

/** Per-store settings document; its shape is owned by the feature that reads it (validated there). */
export type StoreSettings = Record<string, unknown>;

export interface SettingsRepository {
  get(storeHash: string): Promise<StoreSettings | null>;
  put(storeHash: string, settings: StoreSettings, now: Date): Promise<void>;
  delete(storeHash: string): Promise<void>;
}

export type MappingKind = 'sku' | 'carrier' | 'status' | 'warehouse';

export interface MappingRecord {
  storeHash: string;
  kind: MappingKind;
  /** The BigCommerce-side key (a SKU, a carrier slug, …). */
  source: string;
  /** The IOM-side value (a product id, a carrier name, …). */
  target: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `after` to read the next page; null on the last page. */
  next: string | null;
}

export interface MappingRepository {
  get(storeHash: string, kind: MappingKind, source: string): Promise<MappingRecord | null>;
  put(mapping: MappingRecord): Promise<void>;
  delete(storeHash: string, kind: MappingKind, source: string): Promise<void>;
  /** Ordered by `source` ascending. */
  list(
    storeHash: string,
    kind: MappingKind,
    opts: { limit: number; after?: string | null },
  ): Promise<Page<MappingRecord>>;
}

/**
 * `pending`: queued or being sent; `synced`: IOM has the order's newest state; `needs_attention`:
 * stopped for a reason the merchant can fix (see `attention`); `skipped`: not for IOM (yet) under
 * the store's import filter (see `skipReason`); a later change that qualifies sends it.
 */
export type SyncState = 'pending' | 'synced' | 'needs_attention' | 'skipped';

/** Why an order needs attention, grouped by `code` in the cockpit's inbox. */
export interface AttentionReason {
  /** e.g. `unmapped_sku`, `iom_rejected`, `missing_setting`, `authentication`, `throttled`, `order_deleted`. */
  code: string;
  /** What is wrong, in the merchant's words. */
  message: string;
  /** What fixes it. */
  fix: string;
  /** For `unmapped_sku`: every SKU of the order that has no IOM product. */
  skus?: string[];
  /** For `unmapped_carrier`: the IOM carrier name that has no BigCommerce carrier. */
  carrier?: string;
}

/** One IOM order line and the BigCommerce line it came from (for shipments coming back). */
export interface LineLink {
  lineItemNumber: number;
  orderProductId: number;
  orderAddressId: number;
  sku: string;
  quantity: number;
}

export interface OrderLinkRecord {
  storeHash: string;
  orderId: number;
  iomSalesOrderId: string | null;
  syncState: SyncState;
  /** BigCommerce `date_modified` of the last order state applied to IOM (ISO-8601). */
  lastDateModified: string | null;
  /** BigCommerce shipment id → IOM fulfillment/tracking record id. */
  shipmentLinks: Record<string, string>;
  lastError: string | null;
  updatedAt: string;
  /** The order's customer e-mail (billing address), lower-cased, for search. */
  customerEmail?: string | null;
  /** BigCommerce status id as last read. */
  statusId?: number | null;
  /** BigCommerce `date_created` (ISO-8601). */
  orderCreatedAt?: string | null;
  attention?: AttentionReason | null;
  skipReason?: string | null;
  lineLinks?: LineLink[];
  /** Whether the IOM sales order id has been written to the BigCommerce order as a metafield. */
  metafieldWritten?: boolean;
  /** When IOM first received the order. */
  syncedAt?: string | null;
  /** A digest of the order state last applied (status, addresses, lines, message): BigCommerce's
   *  `date_modified` has whole seconds, so two states within one second are told apart by it. */
  stateHash?: string | null;
  /** Intake-provider mode: the ProviderExternalRequestId the order was (or is being) sent with, so a
   *  retry repeats it and the provider dedupes. */
  intakeRequestId?: string | null;
}

export interface OrderLinkRepository {
  get(storeHash: string, orderId: number): Promise<OrderLinkRecord | null>;
  put(link: OrderLinkRecord): Promise<void>;
  /** Ordered by `updatedAt` descending (newest first). */
  listByState(
    storeHash: string,
    syncState: SyncState,
    opts: { limit: number; after?: string | null },
  ): Promise<Page<OrderLinkRecord>>;
  /** Every link of the store, or those of one customer e-mail; newest `updatedAt` first. */
  list(
    storeHash: string,
    opts: { limit: number; after?: string | null; customerEmail?: string },
  ): Promise<Page<OrderLinkRecord>>;
  /** The store's link to this IOM sales order (ids compare case-insensitively), or null. */
  findByIomSalesOrderId(storeHash: string, iomSalesOrderId: string): Promise<OrderLinkRecord | null>;
  /** Links whose BigCommerce metafield is still to write (oldest first), for the batched write-back. */
  listMetafieldBacklog(storeHash: string, limit: number): Promise<OrderLinkRecord[]>;
  /** How many links of each state have an order id in [minOrderId, maxOrderId] (backfill progress). */
  countByStateInRange(
    storeHash: string,
    minOrderId: number,
    maxOrderId: number,
  ): Promise<Record<SyncState, number>>;
  /** How many links are in this state (an indexed count: no link is read). */
  countByState(storeHash: string, syncState: SyncState): Promise<number>;
  /** How many orders IOM first received (`syncedAt`) in [from, before) (an indexed count). */
  countSynced(storeHash: string, window: { from: string; before: string }): Promise<number>;
  /** The link of the highest order id the store has (BigCommerce ids grow: its newest order), or null. */
  latest(storeHash: string): Promise<OrderLinkRecord | null>;
  /**
   * The links of orders created (BigCommerce `date_created`) in [from, before), optionally of one state,
   * newest created first. A link whose order has not been read yet (no creation date) is not listed.
   */
  listByCreated(
    storeHash: string,
    opts: { from?: string; before?: string; syncState?: SyncState; limit: number; after?: string | null },
  ): Promise<Page<OrderLinkRecord>>;
  /** Record that BigCommerce holds the IOM id of these orders (only those two fields are written, so a
   *  concurrent sync of the same order keeps its own changes). */
  markMetafieldWritten(storeHash: string, orderIds: readonly number[]): Promise<void>;
}

/** One IOM shipment (tracking record) and what became of it in BigCommerce. */
export interface OutboundShipmentLink {
  /** One per shipping address the package's lines go to (BigCommerce shipments have one address). */
  bigcommerceShipmentIds: number[];
  /** Every line of it had been shipped in BigCommerce by hand already: nothing was created. */
  byHand: boolean;
  trackingNumber: string;
  carrier: string | null;
  at: string;
}

/** What the IOM side of an order looked like at the last reconcile, for the order page. */
export interface OutboundSummary {
  iomState: string | null;
  fulfillmentOrders: Array<{ id: string; name: string; state: string | null }>;
  shipments: Array<{
    id: string;
    name: string;
    trackingNumber: string;
    carrier: string | null;
    lines: Array<{ orderProductId: number | null; quantity: number }>;
  }>;
  returns: Array<{
    id: string;
    name: string;
    lines: Array<{ orderProductId: number | null; quantity: number }>;
  }>;
}

/** The outbound relay's record of one BigCommerce order (written only by the outbound task). */
export interface OutboundRecord {
  storeHash: string;
  orderId: number;
  iomSalesOrderId: string;
  /** By IOM tracking (shipment) id. */
  shipments: Record<string, OutboundShipmentLink>;
  /** IOM tracking id → when its BigCommerce shipment POST started (a crash leaves it here). */
  pending: Record<string, string>;
  /** The BigCommerce status this relay last set, so the inbound relay can tell it from a merchant's. */
  statusWritten: number | null;
  statusWrittenAt: string | null;
  cancel: 'none' | 'requested' | 'confirmed';
  /** `pictureFingerprint` of IOM's side when it was last written to BigCommerce (relay/outbound-plan.ts). */
  iomFingerprint: string | null;
  /** IOM sales order line id → its `lineitemnumber`, kept so a later look need not read the lines again. */
  iomLineNumbers: Record<string, number>;
  /** By IOM return order id: applied to BigCommerce (and refunded, when money moves). */
  returns: Record<string, { at: string; refundId: number | null }>;
  attention: AttentionReason | null;
  /** Set while the order's BigCommerce status is locked (the relay leaves it alone). */
  lockedAt: string | null;
  lastReconciledAt: string | null;
  summary: OutboundSummary | null;
  updatedAt: string;
}

export interface OutboundRepository {
  get(storeHash: string, orderId: number): Promise<OutboundRecord | null>;
  put(record: OutboundRecord): Promise<void>;
  /** Orders whose outbound relay needs attention (optionally of one code or carrier), by order id. */
  listAttention(
    storeHash: string,
    opts: { limit: number; code?: string; carrier?: string; afterOrderId?: number },
  ): Promise<OutboundRecord[]>;
  /** How many orders' outbound relay needs attention (an indexed count). */
  countAttention(storeHash: string): Promise<number>;
}

export interface SyncCursorRepository {
  get(storeHash: string, name: string): Promise<Record<string, unknown> | null>;
  put(storeHash: string, name: string, value: Record<string, unknown>, now: Date): Promise<void>;
}

export type EventDirection = 'inbound' | 'outbound' | 'system';

export interface OrderEvent {
  storeHash: string;
  orderId: number;
  direction: EventDirection;
  /** A short machine name, e.g. `webhook.received`, `salesorder.created`. */
  type: string;
  /** A sentence a merchant can read. */
  message: string;
  data?: Record<string, unknown>;
}

export interface OrderEventRecord extends OrderEvent {
  id: string;
  at: string;
}

export interface EventRepository {
  append(event: OrderEvent, now: Date): Promise<OrderEventRecord>;
  /** Oldest first; events appended within the same millisecond keep their append order. */
  listForOrder(
    storeHash: string,
    orderId: number,
    opts: { limit: number; after?: string | null },
  ): Promise<Page<OrderEventRecord>>;
  /** The store's events across its orders, newest first, optionally of one type. */
  listForStore(
    storeHash: string,
    opts: { limit: number; after?: string | null; type?: string },
  ): Promise<Page<OrderEventRecord>>;
  /** How many events of this type the store had at or after `since` (an indexed count). */
  countForStore(storeHash: string, opts: { type: string; since: string }): Promise<number>;
}

export type JobState = 'idle' | 'due' | 'running' | 'parked' | 'cancelled';

/**
 * `live`: work someone is waiting for (a webhook, a re-sync click); `bulk`: work in volume (backfill,
 * sweep). Due live jobs are claimed before due bulk jobs of every store, so a store's backfill delays
 * another store's new order by at most the one job a worker slot is busy with.
 */
export type JobLane = 'live' | 'bulk';

export interface JobRecord {
  /** Derived from (storeHash, kind, key): there is at most one job per serialization key. */
  id: string;
  storeHash: string;
  kind: string;
  /** Serialization key, e.g. `order:250`. */
  key: string;
  payload: Record<string, unknown>;
  state: JobState;
  lane: JobLane;
  /** When the job may next run (for a running job: when its lease expires); null when idle/parked/cancelled. */
  dueAt: string | null;
  attempts: number;
  leaseOwner: string | null;
  lastError: string | null;
  /** Last time someone asked for this job to run (enqueue). */
  requestedAt: string;
  updatedAt: string;
}

/** A job held by one worker until `leaseExpiresAt`. */
export interface ClaimedJob {
  job: JobRecord;
  /** Monotonic per job; identifies this claim. */
  generation: number;
  owner: string;
  leaseExpiresAt: string;
}

export interface JobRepository {
  /**
   * Ask for (storeHash, kind, key) to run at `runAt` (default now). Coalesces: if the job exists and
   * is idle or parked it becomes due (the earlier of its current due time and runAt); if it is
   * running, it runs again after the current run completes. The payload is replaced.
   */
  enqueue(
    job: {
      storeHash: string;
      kind: string;
      key: string;
      payload?: Record<string, unknown>;
      runAt?: Date;
      /** Default `live`. A due or running live job stays live when bulk work asks for it again. */
      lane?: JobLane;
    },
    now: Date,
  ): Promise<JobRecord>;
  /**
   * Claim up to `limit` due jobs (dueAt <= now): live ones first, each lane oldest due first. A running job whose lease has
   * expired is due again. Two concurrent claimers never both win the same job generation.
   */
  claimDue(opts: {
    owner: string;
    now: Date;
    leaseMs: number;
    limit: number;
    /** Only jobs of these kinds (a worker claims only what it can run); all kinds when absent. */
    kinds?: readonly string[];
  }): Promise<ClaimedJob[]>;
  /** Extend the lease; false if the claim was lost (another worker took over after expiry). */
  renew(claim: ClaimedJob, now: Date, leaseMs: number): Promise<boolean>;
  /** Finish successfully. If the job was enqueued again while running, it becomes due again. */
  complete(claim: ClaimedJob, now: Date): Promise<void>;
  /** Run again at `runAt` (retriable failure). `countAttempt: false` hands the attempt back (the run
   *  was deferred before it did anything). */
  retry(
    claim: ClaimedJob,
    opts: { runAt: Date; error: string; countAttempt?: boolean },
    now: Date,
  ): Promise<void>;
  /** Stop retrying (permanent failure); a later enqueue makes it due again. */
  park(claim: ClaimedJob, opts: { error: string }, now: Date): Promise<void>;
  /** Cancel every job of the store that is not running; running jobs are cancelled when they finish. */
  cancelForStore(storeHash: string, now: Date): Promise<number>;
  get(storeHash: string, kind: string, key: string): Promise<JobRecord | null>;
  listForStore(storeHash: string, opts: { limit: number; after?: string | null }): Promise<Page<JobRecord>>;
}

export interface ReceiptRepository {
  /** True if the delivery hash has an unexpired receipt. Read-only. */
  seen(storeHash: string, hash: string, now: Date): Promise<boolean>;
  /** When the unexpired receipt of the hash was first recorded (ISO-8601; the epoch for a receipt
   *  older than this field); null if there is none. Read-only. */
  receivedAt(storeHash: string, hash: string, now: Date): Promise<string | null>;
  /** Record a webhook delivery hash; true the first time it is seen (until it expires). */
  recordOnce(storeHash: string, hash: string, now: Date, ttlMs: number): Promise<boolean>;
  /** Delete expired receipts; returns how many. */
  purgeExpired(now: Date): Promise<number>;
}

/** What "disconnect and purge" deleted (see store-data-repository.ts). */
export interface StoreDataPurged {
  orders: number;
  events: number;
  mappings: number;
  settings: boolean;
  connection: boolean;
}

export interface StoreDataRepository {
  /** Delete the store's order links (with timelines and outbound records), mappings, cursors, settings and IOM connection. */
  purge(storeHash: string): Promise<StoreDataPurged>;
}

export interface Storage {
  readonly kind: 'sqlite' | 'firestore';
  stores: StoreRepository;
  users: UserRepository;
  userRemovals: UserRemovalRepository;
  connections: ConnectionRepository;
  settings: SettingsRepository;
  mappings: MappingRepository;
  orderLinks: OrderLinkRepository;
  events: EventRepository;
  jobs: JobRepository;
  receipts: ReceiptRepository;
  outbound: OutboundRepository;
  cursors: SyncCursorRepository;
  storeData: StoreDataRepository;
  /** Throws if the backing store cannot be reached (used by /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Encrypts secrets before they are stored; see server/security/secret-box.ts. */
export interface SecretCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}
