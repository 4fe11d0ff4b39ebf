import { z } from 'zod';
import type { BigCommerceOrder } from '../../bigcommerce/order-schema';
import { listOrders, ORDER_PAGE_LIMIT } from '../../bigcommerce/orders';
import { storeClient } from '../../bigcommerce/store-client';
import type { AppDeps } from '../../deps';
import { done, type JobOutcome } from '../outcome';
import { storeTaskFailure } from '../relay-failure';
import { jobKind, type JobContext } from '../runner';
import { readSettings } from '../store-settings';
import { isNewerThan, ORDER_SYNC_JOB, orderJobKey } from './sync-order';

/** Finds orders whose webhooks never arrived: `GET /v2/orders?min_date_modified=…` since the last sweep. */
export const SWEEP_JOB = 'store.sweep';

/** The sweep reads from a little before its watermark: BigCommerce's clock and ours may differ. */
const OVERLAP_MS = 5 * 60 * 1000;
/** Pages per run (250 orders each); a bigger gap continues in the next run. */
const PAGES_PER_RUN = 20;
const DAY_MS = 24 * 60 * 60 * 1000;

export const sweepPayload = z.object({
  /** `sweep` runs every SWEEP_INTERVAL_S from its watermark; `reconcile` re-reads the last 24 h nightly. */
  mode: z.enum(['sweep', 'reconcile']).default('sweep'),
  /** ISO-8601: orders modified since then are looked at (the last successful sweep's start). */
  since: z.string().optional(),
  /** Within one pass: the page to read next (a pass longer than one run continues here). */
  page: z.number().int().positive().optional(),
  passStartedAt: z.string().optional(),
});

type SweepPayload = z.infer<typeof sweepPayload>;

/** Make sure a store's sweep and nightly reconciliation are scheduled (idempotent). */
export async function ensureSweeps(deps: AppDeps, storeHash: string, now: Date): Promise<void> {
  if (deps.config.sweepIntervalS <= 0) return;
  for (const mode of ['sweep', 'reconcile'] as const) {
    const existing = await deps.storage.jobs.get(storeHash, SWEEP_JOB, mode);
    if (existing && existing.state !== 'cancelled') continue;
    const delay = mode === 'sweep' ? deps.config.sweepIntervalS * 1000 : DAY_MS;
    await deps.storage.jobs.enqueue(
      {
        storeHash,
        kind: SWEEP_JOB,
        key: mode,
        payload: { mode, since: now.toISOString() },
        runAt: new Date(now.getTime() + delay),
        lane: 'bulk',
      },
      now,
    );
  }
}

/**
 * One sweep pass: list the orders modified since the watermark and queue a sync for each whose state
 * IOM does not have yet (a missing link, or a newer `date_modified` or status). Never sends anything
 * itself: the per-order job does, so a sweep racing a webhook still makes one sales order.
 */
export function sweepOrdersTask(deps: AppDeps) {
  return jobKind(sweepPayload, async (payload, ctx: JobContext): Promise<JobOutcome> => {
    const store = await deps.storage.stores.get(ctx.storeHash);
    if (!store || store.status !== 'installed' || !store.accessToken) return done();
    const now = ctx.now();
    const interval = payload.mode === 'sweep' ? deps.config.sweepIntervalS * 1000 : DAY_MS;
    if (interval <= 0) return done();
    const settings = readSettings(await deps.storage.settings.get(ctx.storeHash));
    const passStartedAt = payload.passStartedAt ?? now.toISOString();
    const since =
      payload.mode === 'reconcile'
        ? new Date(Date.parse(passStartedAt) - DAY_MS)
        : new Date(Date.parse(payload.since ?? passStartedAt) - OVERLAP_MS);
    if (!settings.syncEnabled || store.uninstallRequestedAt) {
      return reschedule(deps, ctx, { mode: payload.mode, since: payload.since }, interval);
    }
    const client = storeClient(deps, store);
    let page = payload.page ?? 1;
    let queued = 0;
    try {
      for (let read = 0; read < PAGES_PER_RUN; read++, page++) {
        const orders = await listOrders(client, {
          minDateModified: since.toISOString(),
          sort: 'date_modified:asc',
          page,
        });
        queued += await queueStale(deps, ctx.storeHash, orders, payload.mode);
        if (orders.length < ORDER_PAGE_LIMIT) {
          if (queued > 0) ctx.log.info({ queued, mode: payload.mode }, 'sweep found orders to sync');
          // The pass is complete: the next one starts from this pass's start.
          return reschedule(deps, ctx, { mode: payload.mode, since: passStartedAt }, interval);
        }
      }
      // A long gap: continue the same pass after other work had its turn.
      await deps.storage.jobs.enqueue(
        {
          storeHash: ctx.storeHash,
          kind: SWEEP_JOB,
          key: payload.mode,
          payload: { ...payload, page, passStartedAt },
          lane: 'bulk',
        },
        now,
      );
      return done();
    } catch (error) {
      return storeTaskFailure(error, 60_000);
    }
  });
}

async function reschedule(
  deps: AppDeps,
  ctx: JobContext,
  next: SweepPayload,
  interval: number,
): Promise<JobOutcome> {
  const now = ctx.now();
  await deps.storage.jobs.enqueue(
    {
      storeHash: ctx.storeHash,
      kind: SWEEP_JOB,
      key: next.mode,
      payload: { mode: next.mode, ...(next.since ? { since: next.since } : {}) },
      runAt: new Date(now.getTime() + interval),
      lane: 'bulk',
    },
    now,
  );
  return done();
}

/** Queue a sync for each order whose newest state IOM lacks; returns how many were queued. */
export async function queueStale(
  deps: AppDeps,
  storeHash: string,
  orders: readonly BigCommerceOrder[],
  reason: string,
): Promise<number> {
  let queued = 0;
  for (const order of orders) {
    const link = await deps.storage.orderLinks.get(storeHash, order.id);
    // Parked orders wait for their fix; only a newer state of them is queued.
    const current = link !== null && link.syncState !== 'pending' && !isNewerThan(order, link);
    if (current) continue;
    const now = deps.clock();
    await deps.storage.jobs.enqueue(
      {
        storeHash,
        kind: ORDER_SYNC_JOB,
        key: orderJobKey(order.id),
        payload: { orderId: order.id, reason, receivedAt: now.toISOString() },
        lane: 'bulk',
      },
      now,
    );
    queued += 1;
  }
  return queued;
}
