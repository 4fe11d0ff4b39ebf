import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { BigCommerceOrder } from '../../bigcommerce/order-schema';
import { readOrder } from '../../bigcommerce/orders';
import { storeClient } from '../../bigcommerce/store-client';
import type { AppDeps } from '../../deps';
import type { DataverseClient } from '../../iom/dataverse-client';
import type { MappingProblem } from '../../iom/sales-order-mapping';
import { prepareSalesOrder } from '../prepare-sales-order';
import { DataverseSalesOrderSink } from '../../iom/sinks/dataverse-sink';
import { IntakeProviderSink } from '../../iom/sinks/intake-provider-sink';
import type { SalesOrderSink } from '../../iom/sinks/sales-order-sink';
import { backoffDelay } from '../../net/backoff';
import type { AttentionReason, ConnectionRecord, OrderLinkRecord, StoreRecord } from '../../storage/types';
import { defer, done, park, retry, type JobOutcome } from '../outcome';
import { classifyRelayFailure, MAX_RETRIABLE_ATTEMPTS } from '../relay-failure';
import { jobKind, type JobContext } from '../runner';
import { readOutboundSettings } from '../outbound-settings';
import { readSettings, skipReason, statusName, type InboundSettings } from '../store-settings';
import { applyChangesAfterCreation } from './order-changes';
import { enqueueMetafieldWrite } from './write-metafields';

/** The job that brings one BigCommerce order into IOM; one per order (its serialization key). */
export const ORDER_SYNC_JOB = 'order.sync';

export const syncOrderPayload = z.object({
  orderId: z.number().int().positive(),
  /** What asked for the sync: a webhook scope, `sweep`, `backfill`, `manual`, `mapping`, `connection`. */
  reason: z.string().max(100).optional(),
  /** When the event that asked for it arrived (for the relay latency). */
  receivedAt: z.string().optional(),
  /** Apply the order even if its `date_modified` is not newer than what IOM has (manual re-sync). */
  force: z.boolean().optional(),
});

export type SyncOrderPayload = z.infer<typeof syncOrderPayload>;

export function orderJobKey(orderId: number): string {
  return `order:${orderId}`;
}

/** A digest of what the relay applies from an order (status, addresses, lines, message). */
export function orderStateHash(order: BigCommerceOrder): string {
  const state = {
    status: order.status_id,
    billing: order.billing_address,
    message: order.customer_message,
    consignments: order.consignments.shipping.map((c) => ({
      ...c,
      line_items: c.line_items.map((l) => [l.id, l.sku, l.quantity]),
    })),
  };
  return createHash('sha1').update(JSON.stringify(state)).digest('hex');
}

/**
 * Whether the order as read is a state the link has not applied: a newer `date_modified`, or the same
 * second with a different state (BigCommerce's dates have whole seconds).
 */
export function isNewerThan(
  order: BigCommerceOrder,
  link: Pick<OrderLinkRecord, 'lastDateModified' | 'stateHash'>,
): boolean {
  const known = link.lastDateModified;
  if (known === null) return true;
  const version = isoOf(order.date_modified);
  return version > known || (version === known && orderStateHash(order) !== link.stateHash);
}

/** A BigCommerce date (RFC 2822) as ISO-8601, so stored versions compare as strings. */
function isoOf(date: string): string {
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? date : new Date(ms).toISOString();
}

/**
 * One run of an order's sync: re-read the order from BigCommerce (one call), apply the newest state
 * (stale, duplicate and out-of-order events change nothing), filter, map, and create the sales order
 * in IOM with one idempotent write; or, for an order IOM already has, apply what changed. Every step
 * lands on the order's timeline; every stop says why and what fixes it.
 */
export function syncOrderTask(deps: AppDeps) {
  return jobKind(syncOrderPayload, async (payload, ctx: JobContext): Promise<JobOutcome> => {
    const store = await deps.storage.stores.get(ctx.storeHash);
    if (!store || store.status !== 'installed' || !store.accessToken) return done();
    if (store.uninstallRequestedAt)
      return defer('The app is being uninstalled; waiting for BigCommerce to confirm.', 30_000);
    const run = new OrderSyncRun(deps, ctx, store, payload);
    return run.execute();
  });
}

class OrderSyncRun {
  private connection: ConnectionRecord | null = null;
  private link: OrderLinkRecord;

  constructor(
    private readonly deps: AppDeps,
    private readonly ctx: JobContext,
    private readonly store: StoreRecord,
    private readonly payload: SyncOrderPayload,
  ) {
    this.link = emptyLink(store.hash, payload.orderId, ctx.now());
  }

  async execute(): Promise<JobOutcome> {
    const { deps, ctx, payload } = this;
    const orderId = payload.orderId;
    this.link = (await deps.storage.orderLinks.get(ctx.storeHash, orderId)) ?? this.link;
    this.connection = await deps.storage.connections.get(ctx.storeHash);
    try {
      const order = await readOrder(storeClient(deps, this.store), orderId);
      if (!order) return await this.orderGone();
      const version = isoOf(order.date_modified);
      const stateHash = orderStateHash(order);
      const applied = this.link.syncState === 'synced' || this.link.syncState === 'skipped';
      if (!payload.force && applied && !isNewerThan(order, this.link)) {
        return done(); // a duplicate, stale or out-of-order event: IOM already has this state or newer
      }
      const previousStatusId = this.link.statusId ?? null;
      this.describe(order);
      this.link.stateHash = stateHash;
      await this.event(
        'order.read',
        `Read order ${orderId} from BigCommerce: ${statusName(order.status_id)}, modified ${order.date_modified}.`,
        {
          statusId: order.status_id,
          dateModified: order.date_modified,
          reason: payload.reason ?? null,
        },
      );
      const stored = await deps.storage.settings.get(ctx.storeHash);
      const settings = readSettings(stored);
      if (this.link.iomSalesOrderId) {
        const { onBigCommerceCancel } = readOutboundSettings(stored);
        return await this.changed(order, settings, onBigCommerceCancel, version, previousStatusId);
      }
      const skip = skipReason(order, settings);
      if (skip) return await this.skip(skip, version);
      return await this.create(order, settings, version);
    } catch (error) {
      return this.failed(error);
    }
  }

  /** The order as it now is in BigCommerce: searchable fields on the link. */
  private describe(order: BigCommerceOrder): void {
    this.link.customerEmail = order.billing_address.email?.trim().toLowerCase() || null;
    this.link.statusId = order.status_id;
    this.link.orderCreatedAt = isoOf(order.date_created);
  }

  private async create(
    order: BigCommerceOrder,
    settings: InboundSettings,
    version: string,
  ): Promise<JobOutcome> {
    const { deps, ctx } = this;
    const connection = this.connection;
    if (!connection) {
      return this.attention({
        code: 'not_connected',
        message: 'The store is not connected to IOM yet.',
        fix: 'Connect IOM in IOM Connector › IOM connection; waiting orders are then sent.',
      });
    }
    if (connection.relayPause) {
      return this.attention({
        code: 'authentication',
        message: connection.relayPause.reason,
        fix: 'Fix the IOM connection and test it in IOM Connector › IOM connection; every waiting order is then sent.',
      });
    }
    const client = this.dataverse(connection);
    const { draft, problems, notes, profile } = await prepareSalesOrder(
      deps,
      client,
      ctx.storeHash,
      order,
      settings,
    );
    for (const note of notes) await this.event('order.note', note);
    if (problems.length > 0) return this.attention(attentionFor(problems));
    await this.event(
      'order.mapped',
      `Mapped to an IOM sales order with ${draft.lineLinks.length} line(s), total ${draft.totals.expectedIomTotal} ${order.currency_code}.`,
      {
        externalOrderId: draft.externalOrderId,
        lines: draft.lineLinks.length,
      },
    );

    const requestId =
      this.link.intakeRequestId ?? `${draft.externalOrderId}_${Math.floor(Date.parse(version) / 1000)}`;
    this.link = {
      ...this.link,
      syncState: 'pending',
      lineLinks: draft.lineLinks,
      intakeRequestId: connection.intakeMode === 'intake-provider' ? requestId : null,
      updatedAt: ctx.now().toISOString(),
    };
    await deps.storage.orderLinks.put(this.link);
    const sink: SalesOrderSink =
      connection.intakeMode === 'intake-provider' && connection.intakeUrl
        ? new IntakeProviderSink(connection.intakeUrl)
        : new DataverseSalesOrderSink(client, profile);
    const result = await sink.upsert(
      { externalOrderId: draft.externalOrderId, body: draft.body, requestId },
      { attempt: ctx.attempt },
    );
    const now = ctx.now();
    this.link = {
      ...this.link,
      iomSalesOrderId: result.salesOrderId,
      syncState: 'synced',
      lastDateModified: version,
      lastError: null,
      attention: null,
      skipReason: null,
      metafieldWritten: false,
      syncedAt: this.link.syncedAt ?? now.toISOString(),
      updatedAt: now.toISOString(),
    };
    await deps.storage.orderLinks.put(this.link);
    await this.event(
      result.created ? 'salesorder.created' : 'salesorder.found',
      result.created
        ? `IOM sales order ${result.salesOrderId ?? '(id not returned)'} created (${result.via}).`
        : `IOM already had this order as sales order ${result.salesOrderId ?? ''} (${result.via}); nothing was created twice.`,
      { salesOrderId: result.salesOrderId, via: result.via },
    );
    this.observeLatency(now);
    if (result.salesOrderId) await enqueueMetafieldWrite(deps, ctx.storeHash, now);
    return done();
  }

  private async changed(
    order: BigCommerceOrder,
    settings: InboundSettings,
    onBigCommerceCancel: 'cancel' | 'record',
    version: string,
    previousStatusId: number | null,
  ): Promise<JobOutcome> {
    const connection = this.connection;
    if (!connection) {
      await this.event(
        'order.changed',
        'The order changed in BigCommerce, but the store is no longer connected to IOM.',
      );
      return done();
    }
    // A status the outbound relay set (IOM shipped or cancelled the order) is IOM's own news, not a
    // merchant's change to send back to IOM: the loop between the two directions stops here.
    const outbound = await this.deps.storage.outbound.get(this.ctx.storeHash, order.id);
    const ownStatus = outbound?.statusWritten === order.status_id && previousStatusId !== order.status_id;
    if (ownStatus) {
      await this.event(
        'order.status_from_iom',
        `Status ${statusName(order.status_id)} was set by the relay from IOM; nothing to send back to IOM.`,
      );
    }
    const outcome = await applyChangesAfterCreation(this.deps, {
      client: this.dataverse(connection),
      connection,
      order,
      settings,
      link: this.link,
      previousStatusId: ownStatus ? order.status_id : previousStatusId,
      onBigCommerceCancel,
      event: (type, message, data) => this.event(type, message, data),
    });
    this.link = {
      ...this.link,
      ...outcome.link,
      lastDateModified: version,
      updatedAt: this.ctx.now().toISOString(),
    };
    await this.deps.storage.orderLinks.put(this.link);
    return done();
  }

  private async skip(reason: string, version: string): Promise<JobOutcome> {
    const already = this.link.syncState === 'skipped' && this.link.skipReason === reason;
    this.link = {
      ...this.link,
      syncState: 'skipped',
      skipReason: reason,
      attention: null,
      lastDateModified: version,
      updatedAt: this.ctx.now().toISOString(),
    };
    await this.deps.storage.orderLinks.put(this.link);
    if (!already) await this.event('order.skipped', `Not sent to IOM: ${reason}`);
    return done();
  }

  private async orderGone(): Promise<JobOutcome> {
    if (this.link.iomSalesOrderId) {
      await this.event(
        'order.deleted',
        'The order no longer exists in BigCommerce; the IOM sales order is left as it is.',
      );
      return done();
    }
    return this.attention({
      code: 'order_deleted',
      message: `Order ${this.payload.orderId} does not exist in BigCommerce (deleted, or never placed).`,
      fix: 'Nothing to send. If the order was deleted by mistake, restore it in BigCommerce and retry.',
    });
  }

  private async attention(reason: AttentionReason): Promise<JobOutcome> {
    this.link = {
      ...this.link,
      syncState: 'needs_attention',
      attention: reason,
      lastError: reason.message,
      updatedAt: this.ctx.now().toISOString(),
    };
    await this.deps.storage.orderLinks.put(this.link);
    await this.event('order.needs_attention', `${reason.message} ${reason.fix}`, {
      code: reason.code,
      ...(reason.skus ? { skus: reason.skus } : {}),
    });
    return park(reason.message);
  }

  private async failed(error: unknown): Promise<JobOutcome> {
    const failure = classifyRelayFailure(error, this.connection?.environmentUrl ?? null);
    switch (failure.kind) {
      case 'defer':
        return defer(failure.reason, failure.afterMs);
      case 'pause': {
        // Refused with the connection this job read when it started: if the merchant has saved a new
        // one since (a fixed secret), the refusal is stale, so try again with that one, not pause.
        const latest = await this.deps.storage.connections.get(this.ctx.storeHash);
        if (latest && this.connection && latest.updatedAt !== this.connection.updatedAt) {
          return retry(
            'The IOM connection changed while this order was being sent; trying again with it.',
            1_000,
          );
        }
        const now = this.ctx.now().toISOString();
        if (this.connection && !this.connection.relayPause) {
          await this.deps.storage.connections.pauseRelay(this.ctx.storeHash, {
            reason: failure.attention.message,
            at: now,
          });
          this.ctx.log.warn(
            { code: failure.attention.code },
            'IOM refused the connection: the store relay is paused',
          );
        }
        return this.attention(failure.attention);
      }
      case 'attention':
        return this.attention(failure.attention);
      case 'retry': {
        if (this.ctx.attempt >= MAX_RETRIABLE_ATTEMPTS) {
          return this.attention({
            ...failure.attention,
            message: `${failure.attention.message} (gave up after ${this.ctx.attempt} attempts)`,
          });
        }
        const afterMs =
          failure.afterMs ?? backoffDelay(this.ctx.attempt, { baseMs: 1_000, capMs: 5 * 60_000 });
        await this.event(
          'order.retry',
          `${failure.reason} Trying again in ${Math.ceil(afterMs / 1000)} s (attempt ${this.ctx.attempt}).`,
        );
        this.link = { ...this.link, lastError: failure.reason, updatedAt: this.ctx.now().toISOString() };
        if (this.link.syncState !== 'synced') this.link.syncState = 'pending';
        await this.deps.storage.orderLinks.put(this.link);
        return retry(failure.reason, afterMs);
      }
    }
  }

  private dataverse(connection: ConnectionRecord): DataverseClient {
    // Short waits only: a long Retry-After frees the worker slot (the job is retried after it).
    return this.deps.iom.clientFor(connection, { maxWaitMs: 5_000, timeoutMs: 20_000, maxAttempts: 3 });
  }

  private observeLatency(now: Date): void {
    const received = this.payload.receivedAt ? Date.parse(this.payload.receivedAt) : NaN;
    if (!Number.isNaN(received)) this.deps.metrics.observeRelayLatency((now.getTime() - received) / 1000);
  }

  private async event(type: string, message: string, data?: Record<string, unknown>): Promise<void> {
    // The operator's log says what the merchant's timeline says, one line per step.
    this.ctx.log.info(
      { orderId: this.payload.orderId, event: type },
      `order ${this.payload.orderId}: ${message}`,
    );
    await this.deps.storage.events.append(
      {
        storeHash: this.ctx.storeHash,
        orderId: this.payload.orderId,
        direction: 'inbound',
        type,
        message,
        data,
      },
      this.ctx.now(),
    );
  }
}

function emptyLink(storeHash: string, orderId: number, now: Date): OrderLinkRecord {
  return {
    storeHash,
    orderId,
    iomSalesOrderId: null,
    syncState: 'pending',
    lastDateModified: null,
    shipmentLinks: {},
    lastError: null,
    updatedAt: now.toISOString(),
  };
}

/** One attention reason for all of an order's mapping problems (every unmapped SKU named). */
function attentionFor(problems: MappingProblem[]): AttentionReason {
  const unmapped = problems.filter((p) => p.code === 'unmapped_sku');
  if (unmapped.length > 0) {
    const skus = unmapped.map((p) => (p.code === 'unmapped_sku' ? p.sku : ''));
    return {
      code: 'unmapped_sku',
      message: `${skus.length === 1 ? 'SKU' : 'SKUs'} ${skus.join(', ')} ${skus.length === 1 ? 'has' : 'have'} no IOM product.`,
      fix: 'Map each SKU to an IOM product in IOM Connector › Mappings (or add the product in IOM); the order is then sent.',
      skus,
    };
  }
  const first = problems[0]!;
  return {
    code: first.code === 'missing_reference' ? 'missing_setting' : first.code,
    message: problems.map((p) => p.message).join(' '),
    fix: first.fix,
  };
}
