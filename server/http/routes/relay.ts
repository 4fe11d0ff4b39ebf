import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { NotFoundError, ValidationError } from '../../errors';
import { backfillStatus, cancelBackfill, startBackfill } from '../../relay/backfill-control';
import { OUTBOUND_ORDER_JOB, outboundJobKey } from '../../relay/outbound-job';
import { previewOrder } from '../../relay/preview-order';
import { CONNECTION_CAUSES, requeueOrders } from '../../relay/requeue';
import { updateSettings } from '../../relay/settings-update';
import { readOutboundSettings, type OutboundSettings } from '../../relay/outbound-settings';
import {
  readNotificationSettings,
  type NotificationSettings,
} from '../../notifications/notification-settings';
import { mailStatus } from '../../notifications/mail-status';
import { BIGCOMMERCE_ORDER_STATUSES, readSettings, type InboundSettings } from '../../relay/store-settings';
import { pollIomSoon } from '../../relay/tasks/poll-iom';
import { saveSchemaOverrides } from '../../relay/schema-overrides';
import { ORDER_SYNC_JOB, orderJobKey } from '../../relay/tasks/sync-order';
import type { OrderLinkRecord, OutboundRecord, SyncState } from '../../storage/types';
import type {
  BackfillResponse,
  OrderDetailResponse,
  OrderLinkView,
  OrderOutboundView,
  OutboundLineView,
  OrdersResponse,
  PreviewResponse,
  SettingsResponse,
} from '../api-types';
import { locals, sessionOf } from '../locals';
import { QueryValidationError } from '../query-errors';
import { requirePermission } from '../permissions';

const STATES: readonly SyncState[] = ['pending', 'synced', 'needs_attention', 'skipped'];
const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

const ordersQuery = z.object({
  state: z.enum(STATES, { error: `must be one of ${STATES.join(', ')}` }).optional(),
  q: z.string().trim().max(320, 'must be an order id or an e-mail address').optional(),
  limit: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_PAGE, `must be at most ${MAX_PAGE}`)
    .default(DEFAULT_PAGE),
  after: z.string().max(200).optional(),
  from: z
    .string()
    .refine(isDateOrDateTime, 'must be a date (2026-01-31) or an ISO-8601 date-time')
    .optional(),
  to: z.string().refine(isDateOrDateTime, 'must be a date (2026-01-31) or an ISO-8601 date-time').optional(),
});

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function isDateOrDateTime(value: string): boolean {
  return (DATE_ONLY.test(value) || /^\d{4}-\d{2}-\d{2}T/.test(value)) && !Number.isNaN(Date.parse(value));
}

/**
 * The creation-date window of the order list as [from, before): both ends are inclusive; a date-only
 * `to` takes in that whole day (UTC), a date-time `to` that instant.
 */
function createdWindow(from?: string, to?: string): { from?: string; before?: string } {
  const window: { from?: string; before?: string } = {};
  if (from) window.from = new Date(Date.parse(from)).toISOString();
  if (to) {
    const end = Date.parse(to) + (DATE_ONLY.test(to) ? 86_400_000 : 1);
    window.before = new Date(end).toISOString();
  }
  return window;
}

function inWindow(link: OrderLinkRecord, window: { from?: string; before?: string }): boolean {
  if (!window.from && !window.before) return true;
  const created = link.orderCreatedAt;
  if (!created) return false;
  return (!window.from || created >= window.from) && (!window.before || created < window.before);
}

const orderIdParam = z.coerce
  .number({ error: 'must be a BigCommerce order id (a positive whole number)' })
  .int()
  .positive();

/** The relay's API: settings, orders, backfill (the inbox and mappings: attention.ts, mappings.ts). Mounted under /api. */
export function relayRoutes(deps: AppDeps): Router {
  const router = Router();
  const manage = (action: string) => requirePermission(deps, 'manage', action);

  router.get('/settings', async (_req, res) => {
    const { store } = sessionOf(res);
    const stored = await deps.storage.settings.get(store.hash);
    const connection = await deps.storage.connections.get(store.hash);
    res
      .setHeader('Cache-Control', 'no-store')
      .json(
        settingsBody(
          readSettings(stored),
          readOutboundSettings(stored),
          connection?.schemaOverrides ?? {},
          notificationsPart(deps, readNotificationSettings(stored)),
        ),
      );
  });

  router.put('/settings', manage('change the relay settings'), async (req, res) => {
    const { store } = sessionOf(res);
    // The IOM schema overrides live with the connection; the settings screen sets them here too.
    const { schemaOverrides, ...settingsBodyIn } = (req.body ?? {}) as Record<string, unknown>;
    if (schemaOverrides !== undefined) await saveSchemaOverrides(deps, store.hash, schemaOverrides);
    const { before, after, outbound, notifications } = await updateSettings(deps, store.hash, settingsBodyIn);
    const filterChanged =
      (!before.syncEnabled && after.syncEnabled) ||
      before.goLiveDate !== after.goLiveDate ||
      before.statusAllowList.join() !== after.statusAllowList.join();
    if (filterChanged && after.syncEnabled) {
      // Orders skipped under the old filter are looked at again under the new one.
      const queued = await requeueOrders(deps, store.hash, 'skipped', () => true, 'settings', {
        force: true,
      });
      locals(res).log.info({ requeued: queued.length }, 'import filter changed');
    }
    if (before.unmappedSkuPolicy === 'park' && after.unmappedSkuPolicy === 'write-in') {
      await requeueOrders(
        deps,
        store.hash,
        'needs_attention',
        (l) => l.attention?.code === 'unmapped_sku',
        'settings',
      );
    }
    if (outbound.before.pollIntervalSeconds !== outbound.after.pollIntervalSeconds) {
      // The next poll was planned with the old interval: poll now, and from then on at the new one.
      await pollIomSoon(deps, store.hash, deps.clock());
    }
    const connection = await deps.storage.connections.get(store.hash);
    res.json(
      settingsBody(
        after,
        outbound.after,
        connection?.schemaOverrides ?? {},
        notificationsPart(deps, notifications.after),
      ),
    );
  });

  router.get('/orders', async (req, res) => {
    const parsed = ordersQuery.safeParse(req.query);
    if (!parsed.success) throw QueryValidationError.of('order list query', parsed.error.issues);
    const { store } = sessionOf(res);
    const { state, q, limit, after } = parsed.data;
    const window = createdWindow(parsed.data.from, parsed.data.to);
    if (window.from && window.before && window.from >= window.before)
      throw new QueryValidationError('order list query', [
        { field: 'from', message: 'must not be after "to"' },
      ]);
    const dated = Boolean(window.from || window.before);
    let page: { items: OrderLinkRecord[]; next: string | null };
    if (q && /^\d+$/.test(q)) {
      const link = await deps.storage.orderLinks.get(store.hash, Number(q));
      const matches = link && (!state || link.syncState === state) && inWindow(link, window);
      page = { items: matches ? [link] : [], next: null };
    } else if (q) {
      // One customer's orders are few: the state and the dates filter the page read.
      const found = await deps.storage.orderLinks.list(store.hash, { limit, after, customerEmail: q });
      const items = found.items.filter((l) => (!state || l.syncState === state) && inWindow(l, window));
      page = { ...found, items };
    } else if (dated) {
      // Newest created first, keyset-paged on the creation date (orderLinks by createdKey).
      page = await deps.storage.orderLinks.listByCreated(store.hash, {
        ...window,
        ...(state ? { syncState: state } : {}),
        limit,
        after,
      });
    } else if (state) {
      page = await deps.storage.orderLinks.listByState(store.hash, state, { limit, after });
    } else {
      page = await deps.storage.orderLinks.list(store.hash, { limit, after });
    }
    const body: OrdersResponse = { orders: page.items.map(linkView), next: page.next };
    res.setHeader('Cache-Control', 'no-store').json(body);
  });

  router.get('/orders/:orderId', async (req, res) => {
    const { store } = sessionOf(res);
    const orderId = parseOrderId(req.params.orderId);
    const link = await deps.storage.orderLinks.get(store.hash, orderId);
    if (!link)
      throw new NotFoundError(`IOM Connector has not seen order ${orderId} yet. Re-sync it to bring it in.`);
    const [job, outbound, events] = await Promise.all([
      deps.storage.jobs.get(store.hash, ORDER_SYNC_JOB, orderJobKey(orderId)),
      deps.storage.outbound.get(store.hash, orderId),
      deps.storage.events.listForOrder(store.hash, orderId, {
        limit: 200,
        after: typeof req.query.after === 'string' ? req.query.after : null,
      }),
    ]);
    const body: OrderDetailResponse = {
      order: linkView(link),
      job: job
        ? { state: job.state, dueAt: job.dueAt, attempts: job.attempts, lastError: job.lastError }
        : null,
      outbound: outbound ? outboundView(outbound, link) : null,
      timeline: events.items.map((e) => ({
        id: e.id,
        at: e.at,
        direction: e.direction,
        type: e.type,
        message: e.message,
        data: e.data,
      })),
      timelineNext: events.next,
    };
    res.setHeader('Cache-Control', 'no-store').json(body);
  });

  router.post('/orders/:orderId/sync', async (req, res) => {
    const { store, user } = sessionOf(res);
    const orderId = parseOrderId(req.params.orderId);
    const now = deps.clock();
    await deps.storage.jobs.enqueue(
      {
        storeHash: store.hash,
        kind: ORDER_SYNC_JOB,
        key: orderJobKey(orderId),
        payload: { orderId, reason: 'manual', receivedAt: now.toISOString(), force: true },
      },
      now,
    );
    // IOM's side is read again too, once IOM has the order (what it shipped, cancelled, took back).
    const link = await deps.storage.orderLinks.get(store.hash, orderId);
    const outbound = Boolean(link?.iomSalesOrderId);
    if (outbound) {
      await deps.storage.jobs.enqueue(
        {
          storeHash: store.hash,
          kind: OUTBOUND_ORDER_JOB,
          key: outboundJobKey(orderId),
          payload: { orderId, reason: 'resync' },
          lane: 'live',
        },
        now,
      );
    }
    await deps.storage.events.append(
      {
        storeHash: store.hash,
        orderId,
        direction: 'system',
        type: 'order.resync_requested',
        message: `${user.email} asked to re-sync the order.`,
      },
      now,
    );
    res.status(202).json({ queued: true, orderId, outbound });
  });

  router.get('/orders/:orderId/preview', async (req, res) => {
    const { store } = sessionOf(res);
    const body: PreviewResponse = await previewOrder(deps, store, parseOrderId(req.params.orderId));
    res.setHeader('Cache-Control', 'no-store').json(body);
  });

  router.post('/backfill', manage('start a backfill'), async (req, res) => {
    const { store } = sessionOf(res);
    res.status(202).json(await startBackfill(deps, store.hash, req.body));
  });

  router.get('/backfill', async (_req, res) => {
    const { store } = sessionOf(res);
    // `null` (200, not 404) while none has run: "nothing yet" is an answer, not an error for the page.
    const body: BackfillResponse | null = await backfillStatus(deps, store.hash);
    res.setHeader('Cache-Control', 'no-store').json(body);
  });

  router.delete('/backfill', manage('cancel the backfill'), async (_req, res) => {
    const { store } = sessionOf(res);
    res.json(await cancelBackfill(deps, store.hash));
  });

  return router;
}

/** After a passing connection test: every order held up by the connection is queued again. */
export async function resumeAfterConnectionTest(deps: AppDeps, storeHash: string): Promise<number[]> {
  return requeueOrders(
    deps,
    storeHash,
    'needs_attention',
    (l) => CONNECTION_CAUSES.has(l.attention?.code ?? ''),
    'connection',
  );
}

function parseOrderId(raw: unknown): number {
  const parsed = orderIdParam.safeParse(raw);
  if (!parsed.success)
    throw new ValidationError(
      `The order id ${JSON.stringify(String(raw)).slice(0, 40)} ${parsed.error.issues[0]?.message ?? 'is not valid'}.`,
    );
  return parsed.data;
}

/** The notification settings and whether the deployment can send e-mail (SMTP_URL). */
function notificationsPart(
  deps: AppDeps,
  notifications: NotificationSettings,
): { notifications: NotificationSettings; mail: SettingsResponse['mail'] } {
  return { notifications, mail: mailStatus(deps) };
}

function settingsBody(
  inbound: InboundSettings,
  outbound: OutboundSettings,
  schemaOverrides: Record<string, string>,
  { notifications, mail }: ReturnType<typeof notificationsPart>,
): SettingsResponse {
  return {
    mail,
    settings: { ...inbound, outbound, notifications },
    schemaOverrides,
    statuses: Object.fromEntries(Object.entries(BIGCOMMERCE_ORDER_STATUSES)),
  };
}

function linkView(link: OrderLinkRecord): OrderLinkView {
  return {
    orderId: link.orderId,
    state: link.syncState,
    iomSalesOrderId: link.iomSalesOrderId,
    customerEmail: link.customerEmail ?? null,
    statusId: link.statusId ?? null,
    orderCreatedAt: link.orderCreatedAt ?? null,
    lastDateModified: link.lastDateModified,
    lastError: link.lastError,
    attention: link.attention ?? null,
    skipReason: link.skipReason ?? null,
    syncedAt: link.syncedAt ?? null,
    updatedAt: link.updatedAt,
  };
}

/** The outbound record for the order page; IOM lines named by the SKU of the BigCommerce line they are. */
function outboundView(record: OutboundRecord, link: OrderLinkRecord): OrderOutboundView {
  const skus = new Map((link.lineLinks ?? []).map((l) => [l.orderProductId, l.sku]));
  const lines = (items: Array<{ orderProductId: number | null; quantity: number }>): OutboundLineView[] =>
    items.map((item) => ({
      orderProductId: item.orderProductId,
      sku: item.orderProductId === null ? null : (skus.get(item.orderProductId) ?? null),
      quantity: item.quantity,
    }));
  const summary = record.summary;
  const shippedLines = new Map((summary?.shipments ?? []).map((s) => [s.id, s.lines]));
  return {
    shipments: Object.entries(record.shipments)
      .map(([iomShipmentId, s]) => ({
        iomShipmentId,
        trackingNumber: s.trackingNumber,
        carrier: s.carrier,
        bigcommerceShipmentIds: s.bigcommerceShipmentIds,
        byHand: s.byHand,
        at: s.at,
        items: lines(shippedLines.get(iomShipmentId) ?? []),
      }))
      .sort((a, b) => a.at.localeCompare(b.at)),
    pending: Object.entries(record.pending).map(([iomShipmentId, since]) => ({ iomShipmentId, since })),
    statusWritten: record.statusWritten,
    cancel: record.cancel,
    returns: Object.entries(record.returns)
      .map(([iomReturnId, r]) => ({ iomReturnId, at: r.at, refundId: r.refundId }))
      .sort((a, b) => a.at.localeCompare(b.at)),
    attention: record.attention,
    lockedAt: record.lockedAt,
    lastReconciledAt: record.lastReconciledAt,
    iom: summary
      ? {
          iomState: summary.iomState,
          fulfillmentOrders: summary.fulfillmentOrders.map((fo) => ({ ...fo })),
          shipments: summary.shipments.map((s) => ({
            id: s.id,
            name: s.name,
            trackingNumber: s.trackingNumber,
            carrier: s.carrier,
            lines: lines(s.lines),
          })),
          returns: summary.returns.map((r) => ({ id: r.id, name: r.name, lines: lines(r.lines) })),
        }
      : null,
  };
}
