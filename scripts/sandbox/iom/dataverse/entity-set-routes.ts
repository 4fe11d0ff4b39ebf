/**
 * Table endpoints: `GET|POST <set>`, `GET|PATCH|DELETE <set>(key)` (PATCH is an upsert, by primary or
 * alternate key, with If-Match / If-None-Match), and `GET <set>(key)/<collection>`.
 */
import { readCollection } from './collection-reads';
import { DataverseError, ErrorCode, methodNotAllowed, segmentNotFound, unknownProperty } from './errors';
import type { Row } from './entity-store';
import type { RequestScope, WebApiRequest, WebApiResponse } from './environment';
import { contextUrl, preferenceApplied } from './odata-response';
import type { QueryOptions } from './odata/query-options';
import { requireOrderPrivilege } from './privileges';
import { findRow, notFound, resolveKey, type ResolvedKey } from './records';
import { jsonBody } from './request-body';
import type { Segment } from './resource-path';
import { prepareExpand, validateSelect } from './row-query';
import type { EntityDef } from './schema';
import { entityPath, etagOf, serializeRow, type Projection } from './serialize';
import { createRecord, deleteRecord, updateRecord } from './writes';

export function entitySetRoute(
  scope: RequestScope,
  request: WebApiRequest,
  def: EntityDef,
  segments: readonly Segment[],
  query: QueryOptions,
): WebApiResponse {
  const [first, second, ...rest] = segments;
  if (!first || rest.length > 0) throw segmentNotFound(rest[0]?.name ?? '');
  if (first.call) throw segmentNotFound(first.name);
  if (!first.key) {
    if (second) throw segmentNotFound(second.name);
    if (request.method === 'GET') {
      return readCollection(scope, {
        def,
        rows: scope.env.store.all(def.logicalName),
        query,
        path: request.path,
        params: request.query,
      });
    }
    if (request.method === 'POST') {
      const projection = projectionFor(scope, def, query);
      return representation(scope, def, createRecord(scope, def, jsonBody(request)), projection, 201);
    }
    throw methodNotAllowed(request.method);
  }
  const key = resolveKey(scope, def, first.key);
  if (second) return navigationRoute(scope, request, def, key, second, query);
  if (request.method === 'GET') return readOne(scope, request, def, key, query);
  if (request.method === 'PATCH') return upsert(scope, request, def, key, query);
  if (request.method === 'DELETE') {
    const row = findRow(scope, def, key);
    if (!row) throw notFound(def, key);
    deleteRecord(scope, def, row);
    return { status: 204, headers: {} };
  }
  throw methodNotAllowed(request.method);
}

function readOne(
  scope: RequestScope,
  request: WebApiRequest,
  def: EntityDef,
  key: ResolvedKey,
  query: QueryOptions,
): WebApiResponse {
  requireOrderPrivilege(scope, def.logicalName, 'read');
  const projection = projectionFor(scope, def, query);
  const row = findRow(scope, def, key);
  if (!row) throw notFound(def, key);
  const etag = etagOf(row);
  if (query.expand.length === 0 && condition(request, 'if-none-match') === etag) {
    return { status: 304, headers: { ETag: etag } };
  }
  return {
    status: 200,
    headers: { ETag: etag, ...preferenceApplied(scope, false) },
    body: { kind: 'json', value: entityDocument(scope, def, row, projection) },
  };
}

function navigationRoute(
  scope: RequestScope,
  request: WebApiRequest,
  def: EntityDef,
  key: ResolvedKey,
  segment: Segment,
  query: QueryOptions,
): WebApiResponse {
  const collection = scope.env.schema.collection(def, segment.name);
  if (!collection || segment.key || segment.call) throw unknownProperty(segment.name, def.logicalName);
  if (request.method !== 'GET') throw methodNotAllowed(request.method);
  requireOrderPrivilege(scope, def.logicalName, 'read');
  const row = findRow(scope, def, key);
  if (!row) throw notFound(def, key);
  const childDef = scope.env.schema.require(collection.entity);
  const rows = scope.env.store.children(
    collection.entity,
    collection.attribute,
    String(row[def.primaryIdAttribute]),
  );
  return readCollection(scope, { def: childDef, rows, query, path: request.path, params: request.query });
}

/** PATCH: update when the record exists, create it otherwise; If-Match / If-None-Match narrow that down. */
function upsert(
  scope: RequestScope,
  request: WebApiRequest,
  def: EntityDef,
  key: ResolvedKey,
  query: QueryOptions,
): WebApiResponse {
  const body = jsonBody(request);
  const projection = projectionFor(scope, def, query);
  const existing = findRow(scope, def, key);
  const ifMatch = condition(request, 'if-match');
  const ifNoneMatch = condition(request, 'if-none-match');
  if (ifMatch !== undefined && !existing) throw notFound(def, key);
  if (ifMatch !== undefined && ifMatch !== '*' && existing && ifMatch !== etagOf(existing)) {
    throw new DataverseError(
      412,
      ErrorCode.ConcurrencyVersionMismatch,
      "The version of the existing record doesn't match the RowVersion property provided.",
    );
  }
  if (ifNoneMatch === '*' && existing) {
    throw new DataverseError(
      412,
      ErrorCode.DuplicateRecord,
      'A record with matching key values already exists.',
    );
  }
  if (existing) {
    return representation(scope, def, updateRecord(scope, def, existing, body), projection, 200);
  }
  const row = createRecord(scope, def, body, key.kind === 'id' ? { id: key.id } : { keyValues: key.values });
  return representation(scope, def, row, projection, 201);
}

/** A conditional header's value; clients send `If-None-Match: null` to mean "no condition". */
function condition(request: WebApiRequest, name: 'if-match' | 'if-none-match'): string | undefined {
  const value = request.headers[name]?.trim();
  return value === undefined || value === '' || value === 'null' ? undefined : value;
}

/** 204 with OData-EntityId, or the row itself with `Prefer: return=representation`. */
function representation(
  scope: RequestScope,
  def: EntityDef,
  row: Row,
  projection: Projection,
  status: 200 | 201,
): WebApiResponse {
  const url = `${scope.serviceRoot}/${entityPath(def, String(row[def.primaryIdAttribute]))}`;
  const headers: Record<string, string> = { 'OData-EntityId': url };
  if (!scope.prefer.returnRepresentation) return { status: 204, headers };
  headers['Preference-Applied'] = 'return=representation';
  headers.ETag = etagOf(row);
  return { status, headers, body: { kind: 'json', value: entityDocument(scope, def, row, projection) } };
}

/** One row as an OData entity: its `@odata.context`, then its projected columns. */
function entityDocument(
  scope: RequestScope,
  def: EntityDef,
  row: Row,
  projection: Projection,
): Record<string, unknown> {
  return {
    '@odata.context': `${contextUrl(scope, def, projection.select)}/$entity`,
    ...serializeRow(scope, def, row, projection),
  };
}

/** $select and $expand, validated before anything is written. */
function projectionFor(scope: RequestScope, def: EntityDef, query: QueryOptions): Projection {
  validateSelect(scope.env.schema, def, query.select);
  return { select: query.select, expand: prepareExpand(scope.env.schema, def, query.expand) };
}
