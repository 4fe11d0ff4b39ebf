/**
 * A tiny document-store primitive that both storage adapters implement (SQLite and Firestore).
 *
 * The typed repositories are written once on top of it, so both adapters behave identically. The
 * primitive is deliberately limited to what the Firestore emulator implements faithfully and real
 * Firestore also supports (see ARCHITECTURE.md, Storage adapters and their faithful subset):
 *
 * - documents hold only top-level scalar fields (nested data is stored as JSON text by the
 *   repositories, which also sidesteps Firestore's map and array restrictions);
 * - `create` is the only atomic conditional write; repositories build every mutual exclusion on it;
 * - queries are top-level equality filters, one optional range on the order field, one order and a
 *   limit. Pagination is keyset pagination (a range on a unique order field), never cursors/offsets.
 */

/** The value of a top-level document field. */
export type FieldValue = string | number | boolean | null;

/** A document: top-level scalar fields only. */
export type DocumentData = { [field: string]: FieldValue };

/** A value a query can compare a field with. */
export type QueryValue = string | number;

export type RangeOperator = '<' | '<=' | '>' | '>=';

export interface DocumentQuery {
  /** Top-level fields that must equal the given values. */
  where?: Readonly<Record<string, QueryValue>>;
  /** The top-level field to order by. Every document the query should return must carry it (non-null). */
  orderBy: string;
  direction?: 'asc' | 'desc';
  /** An optional range on the `orderBy` field (a null field never matches a range). */
  range?: { op: RangeOperator; value: QueryValue };
  limit: number;
}

/**
 * A count of the documents matching top-level equality filters and an optional half-open interval
 * [from, before) on `orderBy` (the field whose index serves the count; with a bound, a document
 * without the field is not counted). Firestore answers it as an aggregation (about one billed read per
 * 1,000 index entries counted), SQLite from the expression index: nothing is loaded.
 */
export interface CountQuery {
  where?: Readonly<Record<string, QueryValue>>;
  orderBy: string;
  from?: QueryValue;
  before?: QueryValue;
}

/** One write of an atomic batch. Only unconditional writes, so a batch can never fail half-way. */
export type DocumentWrite =
  | { op: 'set'; collection: string; id: string; data: DocumentData }
  | { op: 'delete'; collection: string; id: string };

/** Firestore's limit on the number of writes in one commit. */
export const MAX_BATCH_WRITES = 500;

export interface DocumentStore {
  /** The document, or null if it does not exist. */
  get(collection: string, id: string): Promise<DocumentData | null>;
  /**
   * Write the whole document (insert or replace). Callers always write the complete field set of the
   * collection (null for absent values): the Firestore emulator merges on `set` instead of replacing.
   */
  set(collection: string, id: string, data: DocumentData): Promise<void>;
  /** Insert the document if no document has this id; false if one exists. Atomic under concurrency. */
  create(collection: string, id: string, data: DocumentData): Promise<boolean>;
  /** Overwrite the given top-level fields of an existing document; false if it does not exist. */
  update(collection: string, id: string, patch: DocumentData): Promise<boolean>;
  /** Delete the document; no-op if it does not exist. */
  delete(collection: string, id: string): Promise<void>;
  query(collection: string, query: DocumentQuery): Promise<DocumentData[]>;
  /** How many documents match (see CountQuery); reads no document. */
  count(collection: string, query: CountQuery): Promise<number>;
  /** Apply up to MAX_BATCH_WRITES writes atomically. */
  batch(writes: readonly DocumentWrite[]): Promise<void>;
  /** Throws if the backing store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The collections a document store serves, each with the field lists it is queried by (equality
 * fields first, the order field last). SQLite builds expression indexes from them; on Firestore they
 * are the composite indexes a production project needs.
 */
export type CollectionSchema = Readonly<Record<string, readonly (readonly string[])[]>>;

const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Throws unless `name` is a plain identifier, safe as an SQL identifier and a Firestore field path. */
export function assertName(name: string, what: 'collection' | 'field'): void {
  if (!NAME_PATTERN.test(name)) throw new Error(`Invalid ${what} name: ${JSON.stringify(name)}`);
}

/** Throws unless every field name of the document or patch is a plain identifier. */
export function assertFieldNames(data: DocumentData): void {
  for (const field of Object.keys(data)) assertName(field, 'field');
}

/** Throws unless the schema declares the collection. */
export function assertCollection(schema: CollectionSchema, collection: string): void {
  if (!Object.hasOwn(schema, collection))
    throw new Error(`Unknown collection: ${JSON.stringify(collection)}`);
}

/** Validates the parts of a query that become identifiers or limits. */
export function assertQuery(query: DocumentQuery): void {
  for (const field of Object.keys(query.where ?? {})) assertName(field, 'field');
  assertName(query.orderBy, 'field');
  if (!Number.isInteger(query.limit) || query.limit < 1) {
    throw new RangeError(`Query limit must be a positive integer, got ${query.limit}`);
  }
}

/** Throws for an empty document id (Firestore cannot store one). */
export function assertDocumentId(id: string): void {
  if (id.length === 0) throw new Error('Document id must not be empty');
}

/** Throws for a batch larger than one commit can hold. */
export function assertBatchSize(writes: readonly DocumentWrite[]): void {
  if (writes.length > MAX_BATCH_WRITES) {
    throw new RangeError(`A batch holds at most ${MAX_BATCH_WRITES} writes, got ${writes.length}`);
  }
}
