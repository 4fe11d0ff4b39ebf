import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { readIomChanges } from '../../iom/iom-changes';
import { blockingGaps, fulfillmentProfileFor } from '../fulfillment-profile-cache';
import { done, type JobOutcome } from '../outcome';
import { OUTBOUND_ORDER_JOB, outboundJobKey } from '../outbound-job';
import { readOutboundSettings } from '../outbound-settings';
import { storeTaskFailure } from '../relay-failure';
import { jobKind, type JobContext } from '../runner';

/** Looks at what changed in the store's IOM environment and queues the outbound sync of those orders. */
export const IOM_POLL_JOB = 'iom.poll';
const POLL_KEY = 'changes';

export const iomPollPayload = z.object({});

/** Seconds between polls for the store: its own setting, else the deployment's IOM_POLL_INTERVAL_S. */
async function pollIntervalMs(deps: AppDeps, storeHash: string): Promise<number> {
  const settings = readOutboundSettings(await deps.storage.settings.get(storeHash));
  return (settings.pollIntervalSeconds ?? deps.config.iomPollIntervalS) * 1000;
}

/** Make sure the store's IOM poll is scheduled (idempotent; the first poll sets the baseline). */
export async function ensureIomPoll(deps: AppDeps, storeHash: string, now: Date): Promise<void> {
  const existing = await deps.storage.jobs.get(storeHash, IOM_POLL_JOB, POLL_KEY);
  if (existing && existing.state !== 'cancelled') return;
  await deps.storage.jobs.enqueue(
    { storeHash, kind: IOM_POLL_JOB, key: POLL_KEY, runAt: now, lane: 'bulk' },
    now,
  );
}

/** Poll now (e.g. after the connection or the poll interval changed), keeping the schedule. */
export async function pollIomSoon(deps: AppDeps, storeHash: string, now: Date): Promise<void> {
  await deps.storage.jobs.enqueue(
    { storeHash, kind: IOM_POLL_JOB, key: POLL_KEY, runAt: now, lane: 'bulk' },
    now,
  );
}

export function iomPollTask(deps: AppDeps) {
  return jobKind(iomPollPayload, async (_payload, ctx: JobContext): Promise<JobOutcome> => {
    const store = await deps.storage.stores.get(ctx.storeHash);
    if (!store || store.status !== 'installed') return done();
    const interval = await pollIntervalMs(deps, ctx.storeHash);
    const connection = await deps.storage.connections.get(ctx.storeHash);
    if (connection && !connection.relayPause) {
      try {
        const client = deps.iom.clientFor(connection, {
          maxWaitMs: 5_000,
          timeoutMs: 20_000,
          maxAttempts: 3,
        });
        const profile = await fulfillmentProfileFor(deps, client, ctx.storeHash);
        const gaps = blockingGaps(profile);
        if (gaps.length > 0) {
          // Nothing can be read back until the schema is fixed; the connection test says what to set.
          ctx.log.warn({ gaps }, 'IOM fulfillment schema incomplete; not polling');
          return reschedule(deps, ctx, interval);
        }
        const changes = await readIomChanges(client, profile, deps.storage.cursors, ctx.storeHash, ctx.now());
        let queued = 0;
        for (const salesOrderId of changes.salesOrderIds) {
          const link = await deps.storage.orderLinks.findByIomSalesOrderId(ctx.storeHash, salesOrderId);
          if (!link) continue; // another store's order, or one not sent by this app
          await deps.storage.jobs.enqueue(
            {
              storeHash: ctx.storeHash,
              kind: OUTBOUND_ORDER_JOB,
              key: outboundJobKey(link.orderId),
              payload: { orderId: link.orderId, reason: 'poll' },
              lane: 'live',
            },
            ctx.now(),
          );
          queued++;
        }
        queued += await requeueHeldForSchema(deps, ctx, changes.salesOrderIds);
        const reread = changes.tables.filter((t) => t.reread).map((t) => t.role);
        if (reread.length > 0) {
          ctx.log.warn({ tables: reread }, 'IOM refused a delta link (expired?); the tables were read again');
        }
        const refused = changes.tables.filter((t) => t.trackingRefused).map((t) => t.role);
        if (refused.length > 0) {
          ctx.log.warn(
            { tables: refused },
            'IOM refused change tracking the connection test had found; polled by modifiedon (test the connection again)',
          );
        }
        if (queued > 0) ctx.log.info({ queued, changed: changes.salesOrderIds.size }, 'IOM changes queued');
      } catch (error) {
        return storeTaskFailure(error, interval);
      }
    }
    return reschedule(deps, ctx, interval);
  });
}

/** At most this many orders held for the schema are queued again per poll (the rest by the next). */
const MAX_SCHEMA_REQUEUE = 1_000;

/**
 * Orders whose outbound run stopped at an incomplete IOM schema (attention `iom_schema`) are queued
 * again once the poll finds the schema whole (an override was saved, the connection re-tested): the
 * change that triggered them was consumed then, and IOM may never touch those orders again.
 */
async function requeueHeldForSchema(
  deps: AppDeps,
  ctx: JobContext,
  alreadyQueued: ReadonlySet<string>,
): Promise<number> {
  let queued = 0;
  let afterOrderId: number | undefined;
  while (queued < MAX_SCHEMA_REQUEUE) {
    const page = await deps.storage.outbound.listAttention(ctx.storeHash, {
      code: 'iom_schema',
      limit: 200,
      ...(afterOrderId === undefined ? {} : { afterOrderId }),
    });
    for (const record of page) {
      if (alreadyQueued.has(record.iomSalesOrderId.toLowerCase())) continue;
      await deps.storage.jobs.enqueue(
        {
          storeHash: ctx.storeHash,
          kind: OUTBOUND_ORDER_JOB,
          key: outboundJobKey(record.orderId),
          payload: { orderId: record.orderId, reason: 'schema fixed' },
          lane: 'bulk',
        },
        ctx.now(),
      );
      queued++;
    }
    if (page.length < 200) break;
    afterOrderId = page[page.length - 1]!.orderId;
  }
  return queued;
}

async function reschedule(deps: AppDeps, ctx: JobContext, intervalMs: number): Promise<JobOutcome> {
  const now = ctx.now();
  await deps.storage.jobs.enqueue(
    {
      storeHash: ctx.storeHash,
      kind: IOM_POLL_JOB,
      key: POLL_KEY,
      runAt: new Date(now.getTime() + intervalMs),
      lane: 'bulk',
    },
    now,
  );
  return done();
}
