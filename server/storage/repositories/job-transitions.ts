import type { DocumentData } from '../document-store';
import type { JobLane, JobRecord, JobState } from '../types';
import { DocumentFields } from './document-fields';

/**
 * The job state machine as pure decisions: each function takes the stored job and returns the fields
 * to change (or null: nothing to do). The repository applies them as compare-and-set transitions, so
 * each decision is applied to exactly the state it was made on.
 *
 * Stored fields beyond JobRecord:
 * - `generation`: incremented by every claim; a claim is valid while the job is running at its generation;
 * - `rerunAt`: set when the job is enqueued while running: it becomes due at that time on completion;
 * - `cancelRequested`: set when the store's jobs are cancelled while this one is running.
 */
export interface StoredJob extends JobRecord {
  generation: number;
  rerunAt: string | null;
  cancelRequested: boolean;
}

const STATES: readonly JobState[] = ['idle', 'due', 'running', 'parked', 'cancelled'];
const LANES: readonly JobLane[] = ['live', 'bulk'];

/** Parse a stored job document. */
export function readJob(data: DocumentData): StoredJob {
  const fields = new DocumentFields(data, `jobs/${String(data.id)}`);
  return {
    id: fields.string('id'),
    storeHash: fields.string('storeHash'),
    kind: fields.string('kind'),
    key: fields.string('key'),
    payload: fields.object('payload'),
    state: fields.oneOf('state', STATES),
    // Jobs stored before lanes existed carry none: they were all live work.
    lane: data.lane === undefined || data.lane === null ? 'live' : fields.oneOf('lane', LANES),
    dueAt: fields.nullableString('dueAt'),
    attempts: fields.number('attempts'),
    leaseOwner: fields.nullableString('leaseOwner'),
    lastError: fields.nullableString('lastError'),
    requestedAt: fields.string('requestedAt'),
    updatedAt: fields.string('updatedAt'),
    generation: fields.number('generation'),
    rerunAt: fields.nullableString('rerunAt'),
    cancelRequested: fields.boolean('cancelRequested'),
  };
}

/** The public view of a stored job. */
export function toJobRecord(job: StoredJob): JobRecord {
  return {
    id: job.id,
    storeHash: job.storeHash,
    kind: job.kind,
    key: job.key,
    payload: job.payload,
    state: job.state,
    lane: job.lane,
    dueAt: job.dueAt,
    attempts: job.attempts,
    leaseOwner: job.leaseOwner,
    lastError: job.lastError,
    requestedAt: job.requestedAt,
    updatedAt: job.updatedAt,
  };
}

export interface EnqueueRequest {
  id: string;
  storeHash: string;
  kind: string;
  key: string;
  /** JSON text of the payload. */
  payload: string;
  runAt: string;
  lane: JobLane;
  now: string;
}

/** The document of a job enqueued for the first time. */
export function newJob(request: EnqueueRequest): DocumentData {
  return {
    id: request.id,
    storeHash: request.storeHash,
    kind: request.kind,
    key: request.key,
    payload: request.payload,
    state: 'due',
    lane: request.lane,
    dueAt: request.runAt,
    attempts: 0,
    leaseOwner: null,
    lastError: null,
    requestedAt: request.now,
    updatedAt: request.now,
    generation: 0,
    rerunAt: null,
    cancelRequested: false,
  };
}

function earlier(current: string | null, candidate: string): string {
  return current === null || candidate < current ? candidate : current;
}

/** Live work someone waits for keeps its lane when bulk work asks for the same job. */
function stronger(current: JobLane, requested: JobLane): JobLane {
  return current === 'live' || requested === 'live' ? 'live' : 'bulk';
}

/** Coalesce a request into the existing job: due now (or after the running attempt), payload replaced. */
export function enqueue(job: StoredJob, request: EnqueueRequest): DocumentData {
  const common = {
    payload: request.payload,
    requestedAt: request.now,
    updatedAt: request.now,
    cancelRequested: false,
  };
  switch (job.state) {
    case 'running':
      return {
        ...common,
        lane: stronger(job.lane, request.lane),
        rerunAt: earlier(job.rerunAt, request.runAt),
      };
    case 'due':
      return { ...common, lane: stronger(job.lane, request.lane), dueAt: earlier(job.dueAt, request.runAt) };
    default:
      return { ...common, lane: request.lane, state: 'due', dueAt: request.runAt, attempts: 0 };
  }
}

/** Take a due job, or a running one whose lease expired, for `owner` until `leaseExpiresAt`. */
export function claim(
  job: StoredJob,
  request: { owner: string; now: string; leaseExpiresAt: string },
): DocumentData | null {
  if (job.dueAt === null || job.dueAt > request.now) return null;
  if (job.state !== 'due' && job.state !== 'running') return null;
  // A lease expired on a job whose store was cancelled meanwhile: finish the cancellation instead.
  if (job.cancelRequested) return cancelled(request.now);
  return {
    state: 'running',
    generation: job.generation + 1,
    leaseOwner: request.owner,
    dueAt: request.leaseExpiresAt,
    attempts: job.attempts + 1,
    // This attempt starts after every earlier request, so it serves them.
    rerunAt: null,
    updatedAt: request.now,
  };
}

function holds(job: StoredJob, generation: number): boolean {
  return job.state === 'running' && job.generation === generation;
}

function cancelled(now: string, lastError?: string): DocumentData {
  return {
    state: 'cancelled',
    dueAt: null,
    leaseOwner: null,
    rerunAt: null,
    cancelRequested: false,
    updatedAt: now,
    ...(lastError === undefined ? {} : { lastError }),
  };
}

/** Extend the lease of the claim at `generation`, if it still holds. */
export function renew(
  job: StoredJob,
  generation: number,
  request: { now: string; leaseExpiresAt: string },
): DocumentData | null {
  return holds(job, generation) ? { dueAt: request.leaseExpiresAt, updatedAt: request.now } : null;
}

/** Finish successfully: idle, or due again if enqueued meanwhile, or cancelled if requested. */
export function complete(job: StoredJob, generation: number, now: string): DocumentData | null {
  if (!holds(job, generation)) return null;
  if (job.cancelRequested) return cancelled(now);
  const released = { leaseOwner: null, rerunAt: null, attempts: 0, lastError: null, updatedAt: now };
  return job.rerunAt === null
    ? { ...released, state: 'idle', dueAt: null }
    : { ...released, state: 'due', dueAt: job.rerunAt };
}

/** Retriable failure: due again at `runAt` (which also serves any request made meanwhile). */
export function retry(
  job: StoredJob,
  generation: number,
  request: { runAt: string; error: string; now: string; countAttempt?: boolean },
): DocumentData | null {
  if (!holds(job, generation)) return null;
  if (job.cancelRequested) return cancelled(request.now, request.error);
  return {
    state: 'due',
    ...(request.countAttempt === false ? { attempts: Math.max(0, job.attempts - 1) } : {}),
    dueAt: request.runAt,
    leaseOwner: null,
    rerunAt: null,
    lastError: request.error,
    updatedAt: request.now,
  };
}

/**
 * Permanent failure: parked until the next enqueue. If the job was enqueued while this attempt ran,
 * that newer request is honoured (due at its time, attempts reset), keeping the error.
 */
export function park(
  job: StoredJob,
  generation: number,
  request: { error: string; now: string },
): DocumentData | null {
  if (!holds(job, generation)) return null;
  if (job.cancelRequested) return cancelled(request.now, request.error);
  const released = { leaseOwner: null, rerunAt: null, lastError: request.error, updatedAt: request.now };
  return job.rerunAt === null
    ? { ...released, state: 'parked', dueAt: null }
    : { ...released, state: 'due', dueAt: job.rerunAt, attempts: 0 };
}

/** Cancel a job that is not running; flag a running one so it ends cancelled. Null: nothing to cancel. */
export function cancel(job: StoredJob, now: string): DocumentData | null {
  if (job.state === 'cancelled') return null;
  if (job.state !== 'running') return cancelled(now);
  return job.cancelRequested ? null : { cancelRequested: true, updatedAt: now };
}
