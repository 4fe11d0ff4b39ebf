import type { DocumentData, DocumentQuery, DocumentStore, QueryValue } from '../document-store';
import type { Page } from '../types';
import type { CollectionName } from './collections';

export interface KeysetQuery {
  collection: CollectionName;
  where: Record<string, QueryValue>;
  /** A string field, unique within the filtered documents; its value is the page cursor. */
  cursorField: string;
  direction: 'asc' | 'desc';
  limit: number;
  after?: string | null;
}

/**
 * One page of a keyset-paginated query: the documents after the cursor, in order, and the cursor of
 * the next page (null on the last page). Reads one extra document to know whether a next page exists.
 */
export async function readPage<T>(
  documents: DocumentStore,
  query: KeysetQuery,
  toRecord: (data: DocumentData) => T,
): Promise<Page<T>> {
  if (!Number.isInteger(query.limit) || query.limit < 1) {
    throw new RangeError(`Page limit must be a positive integer, got ${query.limit}`);
  }
  const after = query.after ?? null;
  const rows = await documents.query(query.collection, {
    where: query.where,
    orderBy: query.cursorField,
    direction: query.direction,
    range: after === null ? undefined : { op: query.direction === 'asc' ? '>' : '<', value: after },
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  const next = rows.length > query.limit && last !== undefined ? String(last[query.cursorField]) : null;
  return { items: items.map(toRecord), next };
}

const SCAN_PAGE_SIZE = 200;

/**
 * Every document matching `where`, page by page in ascending `orderBy` order (a field unique within
 * the filtered documents). For internal sweeps; callers may modify or delete what they are given.
 */
export async function* scanPages(
  documents: DocumentStore,
  collection: CollectionName,
  where: Record<string, QueryValue>,
  orderBy: string,
): AsyncGenerator<DocumentData[]> {
  let after: QueryValue | null = null;
  for (;;) {
    const rows: DocumentData[] = await documents.query(collection, {
      where,
      orderBy,
      range: after === null ? undefined : { op: '>', value: after },
      limit: SCAN_PAGE_SIZE,
    });
    if (rows.length > 0) yield rows;
    const last = rows[rows.length - 1];
    if (rows.length < SCAN_PAGE_SIZE || last === undefined) return;
    const cursor = last[orderBy];
    if (typeof cursor !== 'string' && typeof cursor !== 'number') {
      throw new Error(`Cannot page ${collection} by ${orderBy}: a document has no usable value`);
    }
    after = cursor;
  }
}

const DELETE_BATCH_SIZE = 200;

/**
 * Delete every document the query returns, in batches, re-running it until it comes back short.
 * Returns how many were deleted. `idOf` derives a document's id from its fields.
 */
export async function deleteMatching(
  documents: DocumentStore,
  collection: CollectionName,
  query: Omit<DocumentQuery, 'limit'>,
  idOf: (data: DocumentData) => string,
): Promise<number> {
  const deleted = new Set<string>();
  for (;;) {
    const ids = (await documents.query(collection, { ...query, limit: DELETE_BATCH_SIZE })).map(idOf);
    if (ids.length > 0) await documents.batch(ids.map((id) => ({ op: 'delete' as const, collection, id })));
    const fresh = ids.filter((id) => !deleted.has(id));
    fresh.forEach((id) => deleted.add(id));
    // A full page of already-deleted ids would repeat forever: stop instead.
    if (ids.length < DELETE_BATCH_SIZE || fresh.length === 0) return deleted.size;
  }
}
