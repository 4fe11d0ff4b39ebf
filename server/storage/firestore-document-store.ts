import { randomUUID } from 'node:crypto';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, type Firestore, type Query, type Settings } from 'firebase-admin/firestore';
import {
  assertBatchSize,
  assertCollection,
  assertDocumentId,
  assertFieldNames,
  assertQuery,
  type CollectionSchema,
  type DocumentData,
  type CountQuery,
  type DocumentQuery,
  type DocumentStore,
  type DocumentWrite,
} from './document-store';

/** gRPC status codes the adapter turns into return values. */
const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;

/** Read by `ping`; never written. */
const PING_PATH = { collection: 'health', id: 'ping' };

export interface FirestoreDocumentStoreOptions {
  projectId: string;
  /** `host:port` of a Firestore emulator (plain text, no Google credentials); absent: Google Cloud. */
  emulatorHost?: string;
}

/**
 * The emulator needs no credentials, but the client still resolves some before its first call and,
 * finding none, probes the GCE metadata server. Placeholder service-account credentials stop that
 * probe; they are never used to sign anything because the emulator connection is plain text.
 */
const EMULATOR_CREDENTIALS = { client_email: 'emulator@localhost.invalid', private_key: 'unused' };

function firestoreSettings(options: FirestoreDocumentStoreOptions): Settings {
  const settings: Settings = { ignoreUndefinedProperties: true };
  if (options.emulatorHost === undefined) return settings;
  return { ...settings, host: options.emulatorHost, ssl: false, credentials: EMULATOR_CREDENTIALS };
}

/**
 * Connect a Firestore document store. Each store gets its own firebase app (unique name), deleted on
 * close. Uses only the API subset the emulator implements faithfully: document get/set/update/delete,
 * `create()` for atomic create-if-absent, top-level `where` + `orderBy` + `limit`, and batched writes.
 */
export function openFirestoreDocumentStore(
  options: FirestoreDocumentStoreOptions,
  schema: CollectionSchema,
): DocumentStore {
  const app = initializeApp({ projectId: options.projectId }, `iom-storage-${randomUUID()}`);
  const db = getFirestore(app);
  db.settings(firestoreSettings(options));
  return new FirestoreDocumentStore(app, db, schema);
}

/**
 * Firestore document ids cannot contain '/', be '.' or '..', or look like `__name__`. Escaping '%' and
 * '/' (and the first character of a reserved id) keeps the mapping injective.
 */
function encodeDocumentId(id: string): string {
  const escaped = id.replace(/%/g, '%25').replace(/\//g, '%2F');
  if (escaped === '.' || escaped === '..') return escaped.replace('.', '%2E');
  if (/^__.*__$/.test(escaped)) return `%5F${escaped.slice(1)}`;
  return escaped;
}

function hasCode(error: unknown, code: number): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

class FirestoreDocumentStore implements DocumentStore {
  private closed = false;

  constructor(
    private readonly app: App,
    private readonly db: Firestore,
    private readonly schema: CollectionSchema,
  ) {}

  async get(collection: string, id: string): Promise<DocumentData | null> {
    const snapshot = await this.ref(collection, id).get();
    return snapshot.exists ? (snapshot.data() as DocumentData) : null;
  }

  async set(collection: string, id: string, data: DocumentData): Promise<void> {
    assertFieldNames(data);
    await this.ref(collection, id).set(data);
  }

  async create(collection: string, id: string, data: DocumentData): Promise<boolean> {
    assertFieldNames(data);
    try {
      await this.ref(collection, id).create(data);
      return true;
    } catch (error) {
      if (hasCode(error, ALREADY_EXISTS)) return false;
      throw error;
    }
  }

  async update(collection: string, id: string, patch: DocumentData): Promise<boolean> {
    assertFieldNames(patch);
    try {
      await this.ref(collection, id).update(patch);
      return true;
    } catch (error) {
      if (hasCode(error, NOT_FOUND)) return false;
      throw error;
    }
  }

  async delete(collection: string, id: string): Promise<void> {
    await this.ref(collection, id).delete();
  }

  async query(collection: string, query: DocumentQuery): Promise<DocumentData[]> {
    this.checkOpen();
    assertCollection(this.schema, collection);
    assertQuery(query);
    let q: Query = this.db.collection(collection);
    for (const [field, value] of Object.entries(query.where ?? {})) q = q.where(field, '==', value);
    if (query.range) q = q.where(query.orderBy, query.range.op, query.range.value);
    const snapshot = await q
      .orderBy(query.orderBy, query.direction ?? 'asc')
      .limit(query.limit)
      .get();
    return snapshot.docs.map((doc) => doc.data() as DocumentData);
  }

  async count(collection: string, query: CountQuery): Promise<number> {
    this.checkOpen();
    assertCollection(this.schema, collection);
    assertQuery({ ...query, limit: 1 });
    let q: Query = this.db.collection(collection);
    for (const [field, value] of Object.entries(query.where ?? {})) q = q.where(field, '==', value);
    if (query.from !== undefined) q = q.where(query.orderBy, '>=', query.from);
    if (query.before !== undefined) q = q.where(query.orderBy, '<', query.before);
    const snapshot = await q.orderBy(query.orderBy).count().get();
    return snapshot.data().count;
  }

  async batch(writes: readonly DocumentWrite[]): Promise<void> {
    assertBatchSize(writes);
    const batch = this.db.batch();
    for (const write of writes) {
      const ref = this.ref(write.collection, write.id);
      if (write.op === 'set') {
        assertFieldNames(write.data);
        batch.set(ref, write.data);
      } else {
        batch.delete(ref);
      }
    }
    await batch.commit();
  }

  async ping(): Promise<void> {
    this.checkOpen();
    await this.db.collection(PING_PATH.collection).doc(PING_PATH.id).get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.terminate();
    await deleteApp(this.app);
  }

  private ref(collection: string, id: string) {
    this.checkOpen();
    assertCollection(this.schema, collection);
    assertDocumentId(id);
    return this.db.collection(collection).doc(encodeDocumentId(id));
  }

  /** The SDK rejects calls after terminate() in a way that escapes the caller; fail first, clearly. */
  private checkOpen(): void {
    if (this.closed) throw new Error('Firestore document store is closed');
  }
}
