import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { BigCommerceClient } from '../../bigcommerce/api-client';
import type { BigCommerceOrder } from '../../bigcommerce/order-schema';
import { readOrder } from '../../bigcommerce/orders';
import { createShipment, listShipments, refundLines, setOrderStatus } from '../../bigcommerce/shipments';
import { storeClient } from '../../bigcommerce/store-client';
import type { AppDeps } from '../../deps';
import type { DataverseClient } from '../../iom/dataverse-client';
import { readIomOrderPicture } from '../../iom/fulfillment-reader';
import type { AttentionReason, OrderLinkRecord, OutboundRecord, StoreRecord } from '../../storage/types';
import { resolveCarrier } from '../carrier-map';
import { backoffDelay } from '../../net/backoff';
import { defer, done, park, retry, type JobOutcome } from '../outcome';
import { OUTBOUND_ORDER_JOB } from '../outbound-job';
import {
  pictureFingerprint,
  planOutbound,
  summarizePicture,
  type BigCommerceOrderState,
  type CarrierChoice,
  type OutboundPlan,
  type OutboundProblem,
  type PlannedShipment,
} from '../outbound-plan';
import { readOutboundSettings, type OutboundSettings } from '../outbound-settings';
import { classifyRelayFailure, MAX_RETRIABLE_ATTEMPTS } from '../relay-failure';
import { jobKind, type JobContext } from '../runner';
import { statusName } from '../store-settings';
import { blockingGaps, fulfillmentProfileFor } from '../fulfillment-profile-cache';

/** Triggers that always bring the BigCommerce order up to date, IOM news or not. */
const FORCING_REASONS: ReadonlySet<string> = new Set([
  'resync',
  'carrier mapped',
  'schema overrides saved',
  'connection tested',
]);

/**
 * Per store installation (hash and token: a reinstall learns again), learnt: whether creating a
 * shipment moves the order's status by itself (see settleStatus).
 */
const STORE_SETS_STATUS = new Map<string, boolean>();

function installationKey(store: StoreRecord): string {
  return `${store.hash}:${createHash('sha256')
    .update(store.accessToken ?? '')
    .digest('hex')
    .slice(0, 16)}`;
}

export const outboundOrderPayload = z.object({
  orderId: z.number().int().positive(),
  reason: z.string().max(64).optional(),
});

export { OUTBOUND_ORDER_JOB };

/** A fresh record for an order the outbound relay has not touched yet. */
export function emptyOutboundRecord(link: OrderLinkRecord, now: Date): OutboundRecord {
  return {
    storeHash: link.storeHash,
    orderId: link.orderId,
    iomSalesOrderId: link.iomSalesOrderId ?? '',
    shipments: {},
    pending: {},
    statusWritten: null,
    statusWrittenAt: null,
    cancel: 'none',
    iomFingerprint: null,
    iomLineNumbers: {},
    returns: {},
    attention: null,
    lockedAt: null,
    lastReconciledAt: null,
    summary: null,
    updatedAt: now.toISOString(),
  };
}

/**
 * Bring one BigCommerce order up to date with what IOM did to its sales order: create the missing
 * shipments (with tracking and carrier, split per shipping address, never re-shipping what was shipped
 * by hand), set the status the merchant's status map names (unless the order's status is locked),
 * record cancellations and apply returns (refunding only when the merchant turned that on).
 *
 * Exactly once across retries and crashes: a shipment is marked pending before its POST and linked
 * after it; its comment carries the IOM shipment's reference, so a shipment whose record was lost is
 * found on the order and adopted instead of created again. The status this relay sets is recorded
 * before the PUT, so the order's own statusUpdated webhook is not mistaken for a merchant's change.
 */
export function outboundOrderTask(deps: AppDeps) {
  return jobKind(outboundOrderPayload, async (payload, ctx: JobContext): Promise<JobOutcome> => {
    const store = await deps.storage.stores.get(ctx.storeHash);
    if (!store || store.status !== 'installed' || !store.accessToken) return done();
    const link = await deps.storage.orderLinks.get(ctx.storeHash, payload.orderId);
    if (!link?.iomSalesOrderId) return done(); // IOM does not have this order (yet): nothing comes back
    const connection = await deps.storage.connections.get(ctx.storeHash);
    if (!connection) return done();
    const run = new OutboundRun(deps, ctx, store, link, payload.reason ?? 'poll');
    try {
      return await run.execute(
        deps.iom.clientFor(connection, { maxWaitMs: 5_000, timeoutMs: 20_000, maxAttempts: 3 }),
      );
    } catch (error) {
      return run.failed(error, connection.environmentUrl);
    }
  });
}

class OutboundRun {
  private record!: OutboundRecord;
  private readonly bc: BigCommerceClient;

  constructor(
    private readonly deps: AppDeps,
    private readonly ctx: JobContext,
    private readonly store: StoreRecord,
    private readonly link: OrderLinkRecord,
    private readonly reason: string,
  ) {
    this.bc = storeClient(deps, store);
  }

  async execute(client: DataverseClient): Promise<JobOutcome> {
    const { deps, ctx, link } = this;
    const now = ctx.now();
    this.record =
      (await deps.storage.outbound.get(ctx.storeHash, link.orderId)) ?? emptyOutboundRecord(link, now);
    this.record.iomSalesOrderId = link.iomSalesOrderId!;
    const settings: OutboundSettings = readOutboundSettings(await deps.storage.settings.get(ctx.storeHash));
    const profile = await fulfillmentProfileFor(deps, client, ctx.storeHash);
    const gaps = blockingGaps(profile);
    if (gaps.length > 0) {
      this.record.attention = {
        code: 'iom_schema',
        message: `IOM's fulfillment tables could not be read: ${gaps.join(' ')}`,
        fix: 'Set the overrides (PUT /api/connection/schema-overrides), test the connection, then re-sync the order.',
      };
      await this.save();
      await this.event('outbound.attention', this.record.attention.message);
      return park(this.record.attention.message);
    }
    const picture = await readIomOrderPicture(
      client,
      profile,
      link.iomSalesOrderId!,
      this.record.iomLineNumbers,
    );
    this.record.iomLineNumbers = picture.lineNumbers;
    // Only IOM news that can call for a BigCommerce write reads BigCommerce (a merchant's re-sync and
    // a fix always do, and so does unfinished work: a pending shipment, an order needing attention).
    const fingerprint = pictureFingerprint(picture);
    const unfinished = Object.keys(this.record.pending).length > 0 || this.record.attention !== null;
    const forced = FORCING_REASONS.has(this.reason);
    if (!forced && !unfinished && (fingerprint === null || fingerprint === this.record.iomFingerprint)) {
      this.record.summary = summarizePicture(picture, link.lineLinks ?? []);
      this.record.lastReconciledAt = now.toISOString();
      await this.save();
      return done();
    }
    const order = await readOrder(this.bc, link.orderId);
    if (!order) {
      await this.event(
        'outbound.order_gone',
        `Order ${link.orderId} no longer exists in BigCommerce; IOM's updates are not written back.`,
      );
      return done();
    }
    const shipments = await listShipments(this.bc, link.orderId);
    const carriers = new Map<string, CarrierChoice | null>();
    for (const shipment of picture.shipments) {
      const name = shipment.carrierName?.trim();
      if (name && !carriers.has(name)) carriers.set(name, await resolveCarrier(deps, ctx.storeHash, name));
    }
    const plan = planOutbound({
      picture,
      order: orderState(order, shipments),
      record: this.record,
      lineLinks: link.lineLinks ?? [],
      settings,
      resolveCarrier: (name) => carriers.get(name) ?? null,
    });
    this.record.summary = plan.summary;
    this.record.lastReconciledAt = now.toISOString();
    await this.applyCancel(plan);
    if (plan.locked) return this.locked(order, fingerprint);
    this.record.lockedAt = null;

    let created = 0;
    for (const shipment of plan.shipments) created += await this.ship(shipment);
    for (const ret of plan.returns) await this.applyReturn(ret, settings);
    if (plan.status !== null) await this.settleStatus(order.status_id, plan.status, created > 0);
    this.record.attention = attentionFor(plan.problems);
    this.record.iomFingerprint = fingerprint;
    if (plan.problems.length > 0) await this.problems(plan.problems);
    await this.save();
    return done();
  }

  /**
   * Create one IOM shipment in BigCommerce (one shipment per address), linking any part an earlier
   * attempt created (adopted) and noting a package whose lines were all shipped by hand; returns how
   * many BigCommerce shipments it created.
   */
  private async ship(planned: PlannedShipment): Promise<number> {
    const ids = [...planned.adopted];
    if (planned.create.length > 0) {
      this.record.pending[planned.iomShipmentId] = this.ctx.now().toISOString();
      await this.save();
    }
    const created: number[] = [];
    for (const part of planned.create) {
      const shipment = await createShipment(this.bc, this.link.orderId, {
        order_address_id: part.orderAddressId,
        tracking_number: planned.trackingNumber.slice(0, 50),
        tracking_carrier: planned.carrier.trackingCarrier,
        shipping_provider: planned.carrier.shippingProvider,
        ...(planned.shippingMethod ? { shipping_method: planned.shippingMethod } : {}),
        comments: planned.comments,
        items: part.items.map((item) => ({ order_product_id: item.orderProductId, quantity: item.quantity })),
      });
      created.push(shipment.id);
    }
    ids.push(...created);
    this.record.shipments[planned.iomShipmentId] = {
      bigcommerceShipmentIds: ids,
      byHand: ids.length === 0,
      trackingNumber: planned.trackingNumber,
      carrier: planned.carrierName,
      at: this.ctx.now().toISOString(),
    };
    delete this.record.pending[planned.iomShipmentId];
    await this.save();
    const data = {
      iomShipmentId: planned.iomShipmentId,
      bigcommerceShipmentIds: ids,
      trackingNumber: planned.trackingNumber,
    };
    if (planned.adopted.length > 0) {
      await this.event(
        'shipment.recovered',
        `Shipment ${planned.trackingNumber} was already on the BigCommerce order (an earlier attempt created it); linked, not created again.`,
        data,
      );
    }
    if (created.length > 0) {
      const items = planned.create
        .flatMap((part) => part.items)
        .reduce((total, item) => total + item.quantity, 0);
      await this.event(
        'shipment.created',
        `Shipment ${planned.trackingNumber}${planned.carrierName ? ` (${planned.carrierName})` : ''} created in BigCommerce: ${items} item(s)${created.length > 1 ? ` to ${created.length} addresses` : ''}.`,
        data,
      );
    }
    if (ids.length === 0) {
      await this.event(
        'shipment.already_shipped',
        `IOM shipped ${planned.trackingNumber}, but its lines had been shipped in BigCommerce already; nothing was shipped twice.`,
        data,
      );
    }
    return created.length;
  }

  /**
   * Set the status the plan calls for. BigCommerce stores may move an order to (Partially) Shipped by
   * themselves when a shipment is created (not documented either way): after creating shipments the
   * order is read again and no status write is needed when it moved. What a store does is learnt from
   * that read, so a store that does not move it is not read again but written to at once.
   */
  private async settleStatus(from: number, to: number, afterShipments: boolean): Promise<void> {
    const installation = installationKey(this.store);
    if (afterShipments && STORE_SETS_STATUS.get(installation) !== false) {
      const now = await readOrder(this.bc, this.link.orderId);
      const moved = now !== null && now.status_id !== from;
      STORE_SETS_STATUS.set(installation, moved);
      if (now?.status_id === to) {
        // Still this relay's doing: the inbound relay must not take it for a merchant's change.
        this.record.statusWritten = to;
        this.record.statusWrittenAt = this.ctx.now().toISOString();
        await this.save();
        await this.event(
          'status.set',
          `BigCommerce moved the order to ${statusName(to)} with the shipment.`,
          {
            from,
            to,
          },
        );
        return;
      }
    }
    await this.setStatus(from, to);
  }

  private async setStatus(from: number, to: number): Promise<void> {
    // Recorded first: the order's statusUpdated webhook may arrive before the PUT has even answered.
    this.record.statusWritten = to;
    this.record.statusWrittenAt = this.ctx.now().toISOString();
    await this.save();
    await setOrderStatus(this.bc, this.link.orderId, to);
    await this.event('status.set', `Status set in BigCommerce: ${statusName(from)} → ${statusName(to)}.`, {
      from,
      to,
    });
  }

  private async applyCancel(plan: OutboundPlan): Promise<void> {
    if (plan.cancel === this.record.cancel) return;
    this.record.cancel = plan.cancel;
    if (plan.cancel === 'requested') {
      await this.event(
        'cancel.requested',
        'A cancellation was requested in IOM; waiting for IOM to confirm it.',
      );
    } else if (plan.cancel === 'confirmed') {
      await this.event('cancel.confirmed', 'IOM confirmed the cancellation of the order.');
    }
  }

  private async applyReturn(ret: OutboundPlan['returns'][number], settings: OutboundSettings): Promise<void> {
    const quantity = ret.lines.reduce((total, line) => total + line.quantity, 0);
    let refundId: number | null = null;
    if (settings.refundsEnabled && ret.lines.length > 0) {
      const refund = await refundLines(this.bc, this.link.orderId, ret.lines);
      refundId = refund?.refundId ?? null;
      await this.event(
        refund ? 'return.refunded' : 'return.not_refunded',
        refund
          ? `Return ${ret.name} received in IOM: ${quantity} item(s) refunded in BigCommerce (${refund.amount}).`
          : `Return ${ret.name} received in IOM, but BigCommerce offered no way to refund it; refund it in BigCommerce by hand.`,
        { iomReturnId: ret.iomReturnId, refundId },
      );
    } else {
      await this.event(
        'return.received',
        `Return ${ret.name} received in IOM: ${quantity} item(s). No money was moved (refunds are off in Settings).`,
        { iomReturnId: ret.iomReturnId },
      );
    }
    this.record.returns[ret.iomReturnId] = { at: this.ctx.now().toISOString(), refundId };
    await this.save();
  }

  private async locked(order: BigCommerceOrder, fingerprint: string | null): Promise<JobOutcome> {
    const first = this.record.lockedAt === null;
    this.record.iomFingerprint = fingerprint;
    this.record.lockedAt ??= this.ctx.now().toISOString();
    await this.save();
    if (first) {
      await this.event(
        'outbound.locked',
        `Order ${order.id} is ${statusName(order.status_id)}, a status the relay never changes (Settings › locked statuses); IOM's updates were not written to it.`,
        { statusId: order.status_id },
      );
    }
    return done();
  }

  private async problems(problems: OutboundProblem[]): Promise<void> {
    const attention = this.record.attention!;
    await this.event('outbound.attention', `${attention.message} ${attention.fix}`, { problems });
  }

  async failed(error: unknown, environmentUrl: string): Promise<JobOutcome> {
    const failure = classifyRelayFailure(error, environmentUrl);
    if (failure.kind === 'defer') return defer(failure.reason, failure.afterMs);
    if (failure.kind === 'retry' && this.ctx.attempt < MAX_RETRIABLE_ATTEMPTS) {
      const afterMs = failure.afterMs ?? backoffDelay(this.ctx.attempt, { baseMs: 1_000, capMs: 5 * 60_000 });
      await this.event(
        'outbound.retry',
        `${failure.reason} Trying again in ${Math.ceil(afterMs / 1000)} s (attempt ${this.ctx.attempt}).`,
      );
      return retry(failure.reason, afterMs);
    }
    const attention =
      failure.kind === 'retry'
        ? {
            ...failure.attention,
            message: `${failure.attention.message} (gave up after ${this.ctx.attempt} attempts)`,
          }
        : failure.attention;
    if (this.record) {
      this.record.attention = attention;
      await this.save();
    }
    await this.event('outbound.attention', `${attention.message} ${attention.fix}`, { code: attention.code });
    return park(attention.message);
  }

  private async save(): Promise<void> {
    this.record.updatedAt = this.ctx.now().toISOString();
    await this.deps.storage.outbound.put(this.record);
  }

  private async event(type: string, message: string, data?: Record<string, unknown>): Promise<void> {
    // The operator's log says what the merchant's timeline says, one line per step.
    this.ctx.log.info({ orderId: this.link.orderId, event: type }, `order ${this.link.orderId}: ${message}`);
    await this.deps.storage.events.append(
      {
        storeHash: this.ctx.storeHash,
        orderId: this.link.orderId,
        direction: 'outbound',
        type,
        message,
        data: { ...data, trigger: this.reason },
      },
      this.ctx.now(),
    );
  }
}

function orderState(
  order: BigCommerceOrder,
  shipments: Awaited<ReturnType<typeof listShipments>>,
): BigCommerceOrderState {
  const lines: BigCommerceOrderState['lines'] = {};
  for (const consignment of order.consignments.shipping) {
    for (const item of consignment.line_items) {
      lines[item.id] = {
        orderAddressId: item.order_address_id,
        quantity: item.quantity,
        shipped: item.quantity_shipped,
        sku: item.sku,
      };
    }
  }
  return {
    statusId: order.status_id,
    lines,
    shipments: shipments.map((s) => ({
      id: s.id,
      comments: s.comments ?? '',
      items: s.items.map((i) => ({ orderProductId: i.order_product_id, quantity: i.quantity })),
    })),
  };
}

/** One attention reason for the merchant from the plan's problems (null when there are none). */
export function attentionFor(problems: readonly OutboundProblem[]): AttentionReason | null {
  const carrier = problems.find(
    (p): p is Extract<OutboundProblem, { code: 'unmapped_carrier' }> => p.code === 'unmapped_carrier',
  );
  if (carrier) {
    return {
      code: 'unmapped_carrier',
      carrier: carrier.carrier,
      message: `IOM shipped with carrier "${carrier.carrier}", which has no BigCommerce carrier yet, so that shipment is not in BigCommerce.`,
      fix: `Map "${carrier.carrier}" in IOM Connector › Mappings › Carriers; every order waiting for it is then updated.`,
    };
  }
  if (problems.length > 0) {
    return {
      code: 'unmatched_line',
      message:
        'An IOM shipment has a line that matches no line of the BigCommerce order, so it was not written back.',
      fix: 'Check the order in IOM (was a line added there?); ship the line in BigCommerce by hand, then re-sync the order.',
    };
  }
  return null;
}
