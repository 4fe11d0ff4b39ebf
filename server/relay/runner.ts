import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Logger } from '../logger';
import { backoffDelay } from '../net/backoff';
import type { ClaimedJob, JobRepository } from '../storage/types';
import type { JobOutcome } from './outcome';

/** What a task gets besides its payload. */
export interface JobContext {
  storeHash: string;
  /** 1 for the first run; counts runs since the job last succeeded. */
  attempt: number;
  log: Logger;
  now: () => Date;
  /** Aborted when the lease is lost or the runner stops past its grace period. */
  signal: AbortSignal;
}

/** One kind of job: the schema its payload must match and the task that runs it. */
export interface JobKind<P = unknown> {
  schema: z.ZodType<P>;
  run(payload: P, ctx: JobContext): Promise<JobOutcome>;
}

/** The registry of job kinds this process can run (the runner claims only these). */
export type JobKinds = Readonly<Record<string, JobKind<never>>>;

/** Builds a registry entry with its payload type checked against its schema. */
export function jobKind<P>(schema: z.ZodType<P>, run: (payload: P, ctx: JobContext) => Promise<JobOutcome>) {
  return { schema, run } as unknown as JobKind<never>;
}

export interface RunnerOptions {
  /** Jobs run at once by this process. */
  concurrency: number;
  /** How often to look for due jobs when nothing woke the runner. */
  pollMs: number;
  /** How long a claim lasts without renewal; renewed every third of it. */
  leaseMs: number;
  /** An unexpected exception is retried this many times, then the job is parked. */
  maxCrashes: number;
}

export const DEFAULT_RUNNER_OPTIONS: RunnerOptions = {
  concurrency: 4,
  pollMs: 500,
  leaseMs: 30_000,
  maxCrashes: 8,
};

/** Told when a job starts and how it ended (metrics); `aborted`: lease lost or shutting down. */
export interface RunnerObserver {
  jobStarted(kind: string): void;
  jobFinished(kind: string, outcome: 'done' | 'retry' | 'park' | 'defer' | 'crash' | 'aborted'): void;
  /** A job was set aside for a person to look at (after the park is stored). */
  jobParked?(job: { storeHash: string; kind: string; key: string }): void;
}

export interface Runner {
  /** Look for due jobs now (e.g. right after an enqueue in this process). */
  wake(): void;
  /** Stop claiming, wait up to graceMs for running jobs, then abort the rest (their leases lapse). */
  stop(graceMs?: number): Promise<void>;
}

/**
 * The claim loop: claims due jobs of the kinds it knows, parses each payload with its kind's schema
 * (an invalid one is parked), renews the lease while the task runs (a lost lease aborts it), and maps
 * the task's outcome to complete / retry / park. It knows nothing of BigCommerce or IOM.
 */
export function startRunner(
  deps: { jobs: JobRepository; logger: Logger; clock: () => Date; observer?: RunnerObserver },
  kinds: JobKinds,
  options: Partial<RunnerOptions> = {},
): Runner {
  const opts = { ...DEFAULT_RUNNER_OPTIONS, ...options };
  const owner = `runner-${randomUUID()}`;
  const names = Object.keys(kinds);
  const log = deps.logger.child({ component: 'runner', owner });
  const inFlight = new Map<string, { promise: Promise<void>; abort: AbortController }>();
  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  /** True from the start of a claim round to its end (set before the first await, so a round that
   *  ends without awaiting — every slot busy — still clears it). */
  let polling = false;
  let lastPoll: Promise<void> = Promise.resolve();

  const schedule = (ms: number) => {
    if (stopping) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      lastPoll = poll();
    }, ms);
    timer.unref();
  };

  let wokenWhilePolling = false;
  const poll = async (): Promise<void> => {
    if (polling) {
      wokenWhilePolling = true;
      return;
    }
    if (stopping) return;
    polling = true;
    {
      try {
        const free = opts.concurrency - inFlight.size;
        if (free > 0 && names.length > 0) {
          const claims = await deps.jobs.claimDue({
            owner,
            now: deps.clock(),
            leaseMs: opts.leaseMs,
            limit: free,
            kinds: names,
          });
          for (const claim of claims) start(claim);
        }
      } catch (error) {
        log.error({ err: error }, 'could not claim jobs; trying again shortly');
      } finally {
        polling = false;
        // A wake that came while claiming may be for a job this claim did not see yet.
        schedule(wokenWhilePolling ? 0 : opts.pollMs);
        wokenWhilePolling = false;
      }
    }
  };

  const start = (claim: ClaimedJob) => {
    const abort = new AbortController();
    const promise = execute(claim, abort).finally(() => {
      inFlight.delete(claim.job.id);
      schedule(0);
    });
    inFlight.set(claim.job.id, { promise, abort });
  };

  const execute = async (claim: ClaimedJob, abort: AbortController): Promise<void> => {
    const { job } = claim;
    const jobLog = log.child({ storeHash: job.storeHash, jobKind: job.kind, jobKey: job.key });
    const kind = kinds[job.kind];
    const heartbeat = setInterval(
      () => {
        deps.jobs
          .renew(claim, deps.clock(), opts.leaseMs)
          .then((held) => {
            if (!held) {
              jobLog.warn('lost the lease of a running job; aborting it');
              abort.abort(new Error('lease lost'));
            }
          })
          .catch((error: unknown) => jobLog.warn({ err: error }, 'lease renewal failed'));
      },
      Math.max(50, Math.floor(opts.leaseMs / 3)),
    );
    heartbeat.unref();
    deps.observer?.jobStarted(job.kind);
    let outcome: JobOutcome;
    let crashed = false;
    try {
      const parsed = kind?.schema.safeParse(job.payload);
      if (!kind || !parsed?.success) {
        outcome = { type: 'park', reason: `The ${job.kind} job has an invalid payload; it was set aside.` };
      } else {
        outcome = await kind.run(parsed.data as never, {
          storeHash: job.storeHash,
          attempt: job.attempts,
          log: jobLog,
          now: deps.clock,
          signal: abort.signal,
        });
      }
    } catch (error) {
      jobLog.error({ err: error, attempt: job.attempts }, 'job crashed');
      crashed = true;
      outcome =
        job.attempts >= opts.maxCrashes
          ? { type: 'park', reason: `The ${job.kind} job kept failing unexpectedly; it was set aside.` }
          : { type: 'retry', reason: 'unexpected error', afterMs: backoffDelay(job.attempts) };
    } finally {
      clearInterval(heartbeat);
    }
    deps.observer?.jobFinished(job.kind, abort.signal.aborted ? 'aborted' : crashed ? 'crash' : outcome.type);
    if (abort.signal.aborted) return; // the lease is gone or we are shutting down: leave the job as it is
    await settle(claim, outcome, jobLog);
  };

  const settle = async (claim: ClaimedJob, outcome: JobOutcome, jobLog: Logger): Promise<void> => {
    const now = deps.clock();
    try {
      if (outcome.type === 'done') await deps.jobs.complete(claim, now);
      else if (outcome.type === 'retry') {
        const afterMs = outcome.afterMs ?? backoffDelay(claim.job.attempts, { baseMs: 1_000 });
        await deps.jobs.retry(
          claim,
          { runAt: new Date(now.getTime() + afterMs), error: outcome.reason },
          now,
        );
      } else if (outcome.type === 'defer') {
        await deps.jobs.retry(
          claim,
          { runAt: new Date(now.getTime() + outcome.afterMs), error: outcome.reason, countAttempt: false },
          now,
        );
      } else {
        jobLog.warn({ reason: outcome.reason }, 'job parked');
        await deps.jobs.park(claim, { error: outcome.reason }, now);
        deps.observer?.jobParked?.(claim.job);
      }
    } catch (error) {
      jobLog.error({ err: error }, 'could not record the outcome of a job; its lease will lapse');
    }
  };

  schedule(0);
  return {
    wake: () => schedule(0),
    stop: async (graceMs = 10_000) => {
      stopping = true;
      if (timer) clearTimeout(timer);
      await lastPoll;
      const running = [...inFlight.values()];
      const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([Promise.all(running.map((r) => r.promise)), grace]);
      for (const r of inFlight.values()) r.abort.abort(new Error('shutting down'));
      await Promise.all([...inFlight.values()].map((r) => r.promise));
    },
  };
}
