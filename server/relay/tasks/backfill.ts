import { z } from 'zod';
import { listOrders, ORDER_PAGE_LIMIT } from '../../bigcommerce/orders';
import { storeClient } from '../../bigcommerce/store-client';
import { QUOTA_WINDOW_MS } from '../../bigcommerce/store-quota';
import type { AppDeps } from '../../deps';
import { defer, done, retry, type JobOutcome } from '../outcome';
import { classifyRelayFailure } from '../relay-failure';
import { jobKind, type JobContext } from '../runner';
import { queueStale } from './sweep-orders';

/** Historical backfill by creation date: one page of 250 orders per run, paced at the store's quota. */
export const BACKFILL_JOB = 'store.backfill';
export const BACKFILL_KEY = 'backfill';

/** The share of the store's quota a backfill plans to use (the rest is the merchant's other apps'). */
const QUOTA_SHARE = 0.9;

export const backfillPayload = z.object({
  status: z.enum(['running', 'done', 'cancelled']),
  from: z.string(),
  to: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable().default(null),
  /** The next page to read. */
  page: z.number().int().positive(),
  pagesRead: z.number().int().nonnegative(),
  seen: z.number().int().nonnegative(),
  queued: z.number().int().nonnegative(),
  minOrderId: z.number().int().nullable(),
  maxOrderId: z.number().int().nullable(),
  /** Why it stopped early, if it did. */
  error: z.string().nullable().default(null),
});

export type BackfillProgress = z.infer<typeof backfillPayload>;

/** A backfill of the orders created in [from, to] about to read its first page. */
export function newBackfill(from: string, to: string, now: Date): BackfillProgress {
  return {
    status: 'running',
    from,
    to,
    startedAt: now.toISOString(),
    finishedAt: null,
    page: 1,
    pagesRead: 0,
    seen: 0,
    queued: 0,
    minOrderId: null,
    maxOrderId: null,
    error: null,
  };
}

/** The cancelled progress when the merchant cancelled this backfill after this run read its progress. */
async function cancelledMeanwhile(
  deps: AppDeps,
  storeHash: string,
  progress: BackfillProgress,
): Promise<BackfillProgress | null> {
  const job = await deps.storage.jobs.get(storeHash, BACKFILL_JOB, BACKFILL_KEY);
  const current = backfillPayload.safeParse(job?.payload);
  return current.success &&
    current.data.status === 'cancelled' &&
    current.data.startedAt === progress.startedAt
    ? current.data
    : null;
}

/** Writes a backfill's progress; it runs again at `runAt` only while it is running. */
async function saveProgress(
  deps: AppDeps,
  storeHash: string,
  payload: BackfillProgress,
  now: Date,
  runAt?: Date,
) {
  await deps.storage.jobs.enqueue(
    { storeHash, kind: BACKFILL_JOB, key: BACKFILL_KEY, payload, lane: 'bulk', ...(runAt ? { runAt } : {}) },
    now,
  );
}

export function backfillTask(deps: AppDeps) {
  return jobKind(backfillPayload, async (progress, ctx: JobContext): Promise<JobOutcome> => {
    if (progress.status !== 'running') return done();
    const store = await deps.storage.stores.get(ctx.storeHash);
    if (!store || store.status !== 'installed' || !store.accessToken) return done();
    if (store.uninstallRequestedAt) return defer('The app is being uninstalled.', 30_000);
    try {
      const orders = await listOrders(storeClient(deps, store), {
        minDateCreated: progress.from,
        maxDateCreated: progress.to,
        sort: 'id:asc',
        page: progress.page,
      });
      const queued = await queueStale(deps, ctx.storeHash, orders, 'backfill');
      const ids = orders.map((o) => o.id);
      const now = ctx.now();
      const next: BackfillProgress = {
        ...progress,
        page: progress.page + 1,
        pagesRead: progress.pagesRead + 1,
        seen: progress.seen + orders.length,
        queued: progress.queued + queued,
        minOrderId: progress.minOrderId ?? (ids.length ? Math.min(...ids) : null),
        maxOrderId: ids.length ? Math.max(progress.maxOrderId ?? 0, ...ids) : progress.maxOrderId,
      };
      const finished = orders.length < ORDER_PAGE_LIMIT;
      if (finished) Object.assign(next, { status: 'done', finishedAt: now.toISOString() });
      // Cancelled while this page was being read: the cancellation stands, and counts the page (its
      // orders are queued).
      const cancelled = await cancelledMeanwhile(deps, ctx.storeHash, progress);
      if (cancelled) {
        const { status, finishedAt } = cancelled;
        await saveProgress(deps, ctx.storeHash, { ...next, status, finishedAt }, now);
        return done();
      }
      // Write progress (and the next page's turn, paced so the page's syncs fit the store's quota).
      const wait = finished ? 0 : pageIntervalMs(deps, ctx.storeHash, orders.length);
      await saveProgress(deps, ctx.storeHash, next, now, new Date(now.getTime() + wait));
      return done();
    } catch (error) {
      const failure = classifyRelayFailure(error, null);
      if (failure.kind === 'defer') return defer(failure.reason, failure.afterMs);
      if (failure.kind === 'retry') return retry(failure.reason);
      if (await cancelledMeanwhile(deps, ctx.storeHash, progress)) return done();
      const now = ctx.now();
      const stopped: BackfillProgress = {
        ...progress,
        status: 'done',
        finishedAt: now.toISOString(),
        error: failure.attention.message,
      };
      await saveProgress(deps, ctx.storeHash, stopped, now);
      return done();
    }
  });
}

/**
 * How long the page's order syncs take at the store's quota (one read each, plus this page's read):
 * the next page is read then, so a backfill keeps a page of work queued, not the whole range.
 */
function pageIntervalMs(deps: AppDeps, storeHash: string, orders: number): number {
  const quota = deps.relay.quotas.peek(storeHash)?.quota ?? 150;
  const perRequestMs = QUOTA_WINDOW_MS / (quota * QUOTA_SHARE);
  return Math.round((orders + 1) * perRequestMs);
}
