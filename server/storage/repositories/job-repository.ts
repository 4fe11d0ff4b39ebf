import type { DocumentData, DocumentStore } from '../document-store';
import type { ClaimedJob, JobRepository } from '../types';
import { docId } from './document-ids';
import { toJsonField } from './document-fields';
import * as transitions from './job-transitions';
import { readPage, scanPages } from './paging';
import type { Decide, TransitionOptions, TransitionResult, VersionedDocuments } from './versioned-documents';

const COLLECTION = 'jobs';

/** Rounds a worker-side transition (renew/complete/…) retries while concurrent enqueues win the race. */
const MAX_ATTEMPTS = 25;

/** claimDue reads this many due jobs per job it may claim. */
const CANDIDATES_PER_SLOT = 2;

function isoAfter(now: Date, ms: number): string {
  return new Date(now.getTime() + ms).toISOString();
}

/**
 * The durable job queue: one document per (storeHash, kind, key), so a serialization key never has
 * two jobs. `dueAt` alone drives claiming (a running job's dueAt is its lease expiry, so the job of a
 * crashed worker becomes claimable again); every state change is a compare-and-set transition
 * (see versioned-documents.ts and job-transitions.ts).
 */
export function createJobRepository(documents: DocumentStore, versioned: VersionedDocuments): JobRepository {
  /** A compare-and-set transition of one job (jobs are never deleted, so a queried snapshot is safe). */
  const apply = (
    id: string,
    decide: (job: transitions.StoredJob) => DocumentData | null,
    options: Omit<TransitionOptions, 'maxAttempts'> & { maxAttempts?: number },
  ) => {
    const onDocument: Decide = (data) => decide(transitions.readJob(data));
    return versioned.transition(COLLECTION, id, onDocument, { maxAttempts: MAX_ATTEMPTS, ...options });
  };

  /** Apply a transition decided by the holder of `claim`; true if it was applied. */
  const applyHeld = async (
    claim: ClaimedJob,
    decide: (job: transitions.StoredJob) => DocumentData | null,
    now: Date,
  ): Promise<boolean> => {
    const result = await apply(claim.job.id, decide, { now });
    return written(result, claim.job.id) !== null;
  };

  return {
    async enqueue(job, now) {
      const id = docId(job.storeHash, job.kind, job.key);
      const request: transitions.EnqueueRequest = {
        id,
        storeHash: job.storeHash,
        kind: job.kind,
        key: job.key,
        payload: toJsonField(job.payload ?? {}),
        runAt: (job.runAt ?? now).toISOString(),
        lane: job.lane ?? 'live',
        now: now.toISOString(),
      };
      const fresh = transitions.newJob(request);
      if (await versioned.create(COLLECTION, id, fresh)) {
        return transitions.toJobRecord(transitions.readJob(fresh));
      }
      const result = await apply(id, (current) => transitions.enqueue(current, request), { now });
      const document = written(result, id);
      if (document === null) throw new Error(`Job ${id} could not be enqueued`);
      return transitions.toJobRecord(transitions.readJob(document));
    },

    async claimDue({ owner, now, leaseMs, limit, kinds }) {
      await versioned.purgeOldClaims(now);
      const request = { owner, now: now.toISOString(), leaseExpiresAt: isoAfter(now, leaseMs) };
      // Read more candidates than needed: concurrent workers see the same oldest jobs, and each lost
      // race moves this worker on to the next candidate instead of leaving it with fewer jobs.
      const due = (where: { kind?: string; lane?: string }) =>
        documents.query(COLLECTION, {
          ...(Object.keys(where).length > 0 ? { where } : {}),
          orderBy: 'dueAt',
          range: { op: '<=', value: request.now },
          limit: limit * CANDIDATES_PER_SLOT,
        });
      // Live jobs first, then the oldest due of any lane (which also finds jobs stored before lanes
      // existed). A job found by both reads is tried once.
      const scopes = kinds === undefined ? [{}] : kinds.map((kind) => ({ kind }));
      const [live, any] = await Promise.all([
        Promise.all(scopes.map((scope) => due({ ...scope, lane: 'live' }))),
        Promise.all(scopes.map((scope) => due(scope))),
      ]);
      const byDue = (x: DocumentData, y: DocumentData) => String(x.dueAt).localeCompare(String(y.dueAt));
      const seen = new Set<string>();
      const candidates = [...live.flat().sort(byDue), ...any.flat().sort(byDue)].filter((doc) => {
        const id = String(doc.id);
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
      const claims: ClaimedJob[] = [];
      for (const candidate of candidates) {
        if (claims.length >= limit) break;
        // One attempt: losing means another worker (or an enqueue) got there first; the next poll retries.
        const result = await apply(String(candidate.id), (job) => transitions.claim(job, request), {
          now,
          maxAttempts: 1,
          current: candidate,
        });
        if (result.status !== 'written') continue;
        const job = transitions.readJob(result.document);
        if (job.state !== 'running') continue;
        claims.push({
          job: transitions.toJobRecord(job),
          generation: job.generation,
          owner,
          leaseExpiresAt: request.leaseExpiresAt,
        });
      }
      return claims;
    },

    async renew(claim, now, leaseMs) {
      const request = { now: now.toISOString(), leaseExpiresAt: isoAfter(now, leaseMs) };
      return applyHeld(claim, (job) => transitions.renew(job, claim.generation, request), now);
    },

    async complete(claim, now) {
      await applyHeld(claim, (job) => transitions.complete(job, claim.generation, now.toISOString()), now);
    },

    async retry(claim, opts, now) {
      const request = {
        runAt: opts.runAt.toISOString(),
        error: opts.error,
        now: now.toISOString(),
        countAttempt: opts.countAttempt ?? true,
      };
      await applyHeld(claim, (job) => transitions.retry(job, claim.generation, request), now);
    },

    async park(claim, opts, now) {
      const request = { error: opts.error, now: now.toISOString() };
      await applyHeld(claim, (job) => transitions.park(job, claim.generation, request), now);
    },

    async cancelForStore(storeHash, now) {
      let cancelled = 0;
      for await (const page of scanPages(documents, COLLECTION, { storeHash }, 'id')) {
        for (const data of page) {
          const id = String(data.id);
          const result = await apply(id, (job) => transitions.cancel(job, now.toISOString()), {
            now,
            current: data,
          });
          if (written(result, id) !== null) cancelled += 1;
        }
      }
      return cancelled;
    },

    async get(storeHash, kind, key) {
      const data = await documents.get(COLLECTION, docId(storeHash, kind, key));
      return data === null ? null : transitions.toJobRecord(transitions.readJob(data));
    },

    async listForStore(storeHash, opts) {
      return readPage(
        documents,
        { collection: COLLECTION, where: { storeHash }, cursorField: 'id', direction: 'asc', ...opts },
        (data) => transitions.toJobRecord(transitions.readJob(data)),
      );
    },
  };
}

/** The written document, or null if the transition was declined or the job is gone; throws on contention. */
function written(result: TransitionResult, id: string): DocumentData | null {
  if (result.status === 'contended') throw new Error(`Job ${id} stayed contended; try again`);
  return result.status === 'written' ? result.document : null;
}
