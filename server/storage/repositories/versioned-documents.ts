import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DocumentData, DocumentStore } from '../document-store';
import type { CollectionName } from './collections';
import { docId } from './document-ids';
import { deleteMatching } from './paging';

/**
 * Compare-and-set on single documents, built only from `get`, `create` and field-level `update`
 * (no transactions, no update preconditions: the Firestore emulator implements neither faithfully).
 *
 * A versioned document carries a random `version`. To change it, read it (version v), decide on a
 * patch, then `create()` the claim document `(collection, id, v)`: only one writer can create it, so
 * only one writer moves the document away from version v. The winner writes its patch together with a
 * new random version; losers re-read and decide again. Every transition is therefore applied to the
 * state it was decided on.
 *
 * A winner that dies between its claim and its write would block the document forever; a claim older
 * than ABANDONED_CLAIM_MS whose document still has version v is treated as abandoned and the next
 * claim round for v is tried. (The one thing this cannot fence off is a writer that stalls for longer
 * than that between claim and write.) Claims are purged once they are older than CLAIM_RETENTION_MS.
 */

const CLAIMS: CollectionName = 'transitionClaims';

/**
 * A claim's writer normally writes within milliseconds of claiming; 5 s is ample for a slow store round
 * trip, yet a crashed writer's leftover claim holds the document (e.g. an order's webhooks) for only a
 * few seconds. The cost of going lower is the stalled-writer window described above.
 */
export const ABANDONED_CLAIM_MS = 5_000;
const CLAIM_RETENTION_MS = 24 * 60 * 60 * 1000;
const PURGE_INTERVAL_MS = 10 * 60 * 1000;
const MAX_CLAIM_ROUNDS = 10;

/** A patch to write, or null to leave the document as it is. */
export type Decide = (current: DocumentData) => DocumentData | null;

export type TransitionResult =
  | { status: 'written'; document: DocumentData }
  | { status: 'declined'; document: DocumentData }
  | { status: 'missing' }
  | { status: 'contended' };

export interface TransitionOptions {
  now: Date;
  /** How many read-decide-claim rounds to try before reporting `contended` (1: give up on first loss). */
  maxAttempts: number;
  /** The document as just read (e.g. by a query), to decide on without reading it again. */
  current?: DocumentData;
}

/** randomUUID draws from a cached entropy pool: no system call per write, unlike randomBytes. */
function newVersion(): string {
  return randomUUID();
}

/** Exponential backoff with jitter between rounds, capped at ~50 ms. */
function backoffMs(attempt: number): number {
  return Math.min(2 ** attempt, 50) * (0.5 + Math.random());
}

export class VersionedDocuments {
  private lastPurgeAt: number | null = null;

  constructor(private readonly documents: DocumentStore) {}

  /** Insert a new versioned document; false if a document with this id exists. */
  create(collection: CollectionName, id: string, data: DocumentData): Promise<boolean> {
    return this.documents.create(collection, id, { ...data, version: newVersion() });
  }

  /** Apply `decide` to the current document as one compare-and-set step (see the module comment). */
  async transition(
    collection: CollectionName,
    id: string,
    decide: Decide,
    options: TransitionOptions,
  ): Promise<TransitionResult> {
    let known = options.current ?? null;
    for (let attempt = 1; ; attempt++) {
      const current = known ?? (await this.documents.get(collection, id));
      known = null;
      if (current === null) return { status: 'missing' };
      const patch = decide(current);
      if (patch === null) return { status: 'declined', document: current };
      if (await this.claim(collection, id, String(current.version), options.now)) {
        const written = { ...patch, version: newVersion() };
        if (!(await this.documents.update(collection, id, written))) return { status: 'missing' };
        return { status: 'written', document: { ...current, ...written } };
      }
      if (attempt >= options.maxAttempts) return { status: 'contended' };
      await sleep(backoffMs(attempt));
    }
  }

  /** Delete claims older than a day, at most once per PURGE_INTERVAL_MS per instance. */
  async purgeOldClaims(now: Date): Promise<void> {
    if (this.lastPurgeAt !== null && now.getTime() - this.lastPurgeAt < PURGE_INTERVAL_MS) return;
    this.lastPurgeAt = now.getTime();
    const cutoff = new Date(now.getTime() - CLAIM_RETENTION_MS).toISOString();
    await deleteMatching(
      this.documents,
      CLAIMS,
      { orderBy: 'createdAt', range: { op: '<', value: cutoff } },
      (data) => String(data.claimId),
    );
  }

  /** True if this caller may move the document away from `version`. */
  private async claim(collection: CollectionName, id: string, version: string, now: Date): Promise<boolean> {
    for (let round = 1; round <= MAX_CLAIM_ROUNDS; round++) {
      const claimId = docId(collection, id, version, round);
      const created = await this.documents.create(CLAIMS, claimId, { claimId, createdAt: now.toISOString() });
      if (created) return true;
      if (!(await this.isAbandoned(collection, id, version, claimId, now))) return false;
    }
    return false;
  }

  private async isAbandoned(
    collection: CollectionName,
    id: string,
    version: string,
    claimId: string,
    now: Date,
  ): Promise<boolean> {
    const claim = await this.documents.get(CLAIMS, claimId);
    if (claim === null) return false; // purged just now: the document has long moved on
    const age = now.getTime() - Date.parse(String(claim.createdAt));
    if (age < ABANDONED_CLAIM_MS) return false;
    const current = await this.documents.get(collection, id);
    return current !== null && String(current.version) === version;
  }
}
