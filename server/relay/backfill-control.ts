import { z } from 'zod';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { QueryValidationError } from '../http/query-errors';
import type { BackfillResponse } from '../http/api-types';
import {
  BACKFILL_JOB,
  BACKFILL_KEY,
  backfillPayload,
  newBackfill,
  type BackfillProgress,
} from './tasks/backfill';

const isoDate = z
  .string({ error: 'is required: an ISO-8601 date or date-time, e.g. 2026-01-01' })
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO-8601 date or date-time, e.g. 2026-01-01');

const startSchema = z
  .object({ from: isoDate, to: isoDate.optional() })
  .strict()
  .refine((b) => !b.to || Date.parse(b.from) <= Date.parse(b.to), {
    message: '"from" must not be after "to"',
    path: ['from'],
  });

/** Start a backfill of the orders created in [from, to] (to: now). One at a time per store. */
export async function startBackfill(
  deps: AppDeps,
  storeHash: string,
  body: unknown,
): Promise<BackfillResponse> {
  const parsed = startSchema.safeParse(body);
  if (!parsed.success) throw QueryValidationError.of('backfill request', parsed.error.issues);
  const current = await progressOf(deps, storeHash);
  if (current?.status === 'running') {
    throw new AppError(
      409,
      'backfill_running',
      'A backfill is already running for this store. Cancel it first, or wait until it finishes.',
      {
        retriable: false,
      },
    );
  }
  const now = deps.clock();
  const progress = newBackfill(
    new Date(Date.parse(parsed.data.from)).toISOString(),
    new Date(parsed.data.to ? Date.parse(parsed.data.to) : now.getTime()).toISOString(),
    now,
  );
  await deps.storage.jobs.enqueue(
    { storeHash, kind: BACKFILL_JOB, key: BACKFILL_KEY, payload: progress, lane: 'bulk' },
    now,
  );
  return describeBackfill(deps, storeHash, progress);
}

/** Cancel the running backfill: no further page is read (orders already queued still sync). */
export async function cancelBackfill(deps: AppDeps, storeHash: string): Promise<BackfillResponse> {
  const current = await progressOf(deps, storeHash);
  if (!current || current.status !== 'running') {
    throw new AppError(409, 'no_backfill', 'No backfill is running for this store.', { retriable: false });
  }
  const now = deps.clock();
  const cancelled: BackfillProgress = { ...current, status: 'cancelled', finishedAt: now.toISOString() };
  await deps.storage.jobs.enqueue(
    { storeHash, kind: BACKFILL_JOB, key: BACKFILL_KEY, payload: cancelled, lane: 'bulk' },
    now,
  );
  return describeBackfill(deps, storeHash, cancelled);
}

export async function backfillStatus(deps: AppDeps, storeHash: string): Promise<BackfillResponse | null> {
  const progress = await progressOf(deps, storeHash);
  return progress ? describeBackfill(deps, storeHash, progress) : null;
}

async function progressOf(deps: AppDeps, storeHash: string): Promise<BackfillProgress | null> {
  const job = await deps.storage.jobs.get(storeHash, BACKFILL_JOB, BACKFILL_KEY);
  if (!job) return null;
  const parsed = backfillPayload.safeParse(job.payload);
  return parsed.success ? parsed.data : null;
}

async function describeBackfill(
  deps: AppDeps,
  storeHash: string,
  p: BackfillProgress,
): Promise<BackfillResponse> {
  const counts =
    p.minOrderId !== null && p.maxOrderId !== null
      ? await deps.storage.orderLinks.countByStateInRange(storeHash, p.minOrderId, p.maxOrderId)
      : { pending: 0, synced: 0, needs_attention: 0, skipped: 0 };
  const now = deps.clock().getTime();
  const elapsedS = Math.max(1, (now - Date.parse(p.startedAt)) / 1000);
  const finished = counts.synced + counts.needs_attention + counts.skipped;
  const rate = finished / elapsedS;
  const remaining = Math.max(0, p.seen - finished);
  const etaSeconds =
    p.status === 'running' || remaining > 0 ? (rate > 0 ? Math.round(remaining / rate) : null) : 0;
  return {
    status: p.status,
    from: p.from,
    to: p.to,
    startedAt: p.startedAt,
    finishedAt: p.finishedAt,
    pages: p.pagesRead,
    seen: p.seen,
    queued: p.queued,
    synced: counts.synced,
    failed: counts.needs_attention,
    skipped: counts.skipped,
    etaSeconds,
    error: p.error,
  };
}
