/**
 * `GET <entityset>` and `GET <entityset>(key)/<collection>`: $select, $filter, $orderby, $top, $count,
 * $expand and paging. Requests with `Prefer: odata.track-changes` or a `$deltatoken` go to change tracking.
 */
import type { Row } from './entity-store';
import type { RequestScope, WebApiResponse } from './environment';
import { trackedRead } from './change-tracking';
import type { QueryOptions } from './odata/query-options';
import { contextUrl, preferenceApplied } from './odata-response';
import { DEFAULT_PAGE_SIZE, decodeSkipToken, encodeSkipToken, withQuery } from './paging';
import { requireOrderPrivilege } from './privileges';
import { prepareExpand, rowFilter, sortRows, validateSelect } from './row-query';
import type { EntityDef } from './schema';
import { serializeRow } from './serialize';

export interface CollectionRequest {
  def: EntityDef;
  /** The rows in scope: the whole table, or the children of one record. */
  rows: Row[];
  query: QueryOptions;
  /** The request's path and query, to build next links. */
  path: string;
  params: URLSearchParams;
}

export function readCollection(scope: RequestScope, request: CollectionRequest): WebApiResponse {
  const { def, query } = request;
  requireOrderPrivilege(scope, def.logicalName, 'read');
  if (scope.prefer.trackChanges || query.deltatoken !== undefined) return trackedRead(scope, request);
  const { schema } = scope.env;
  validateSelect(schema, def, query.select);
  const expand = prepareExpand(schema, def, query.expand);
  for (const option of expand) requireOrderPrivilege(scope, option.target.logicalName, 'read');
  let rows = request.rows;
  if (query.filter) rows = rows.filter(rowFilter(schema, def, query.filter));
  if (query.orderby) rows = sortRows(schema, def, rows, query.orderby);
  const total = rows.length;
  if (query.top !== undefined) rows = rows.slice(0, query.top);
  // With $top the result is one page: Dataverse ignores odata.maxpagesize then.
  const pageSize = query.top === undefined ? (scope.prefer.maxPageSize ?? DEFAULT_PAGE_SIZE) : rows.length;
  const cursor = decodeSkipToken(query.skiptoken);
  const page = rows.slice(cursor.offset, cursor.offset + pageSize);
  const more = cursor.offset + pageSize < rows.length;
  const body: Record<string, unknown> = { '@odata.context': contextUrl(scope, def, query.select) };
  if (query.count) body['@odata.count'] = Math.min(total, DEFAULT_PAGE_SIZE);
  body.value = page.map((row) => serializeRow(scope, def, row, { select: query.select, expand }));
  if (more) {
    const token = encodeSkipToken({ page: cursor.page + 1, offset: cursor.offset + pageSize });
    body['@odata.nextLink'] =
      `${scope.serviceRoot}/${request.path}?${withQuery(request.params, '$skiptoken', token)}`;
  }
  return {
    status: 200,
    headers: preferenceApplied(scope, query.top === undefined),
    body: { kind: 'json', value: body },
  };
}
