/**
 * Change tracking (PAD/use-change-tracking-synchronize-data-external-systems): `Prefer: odata.track-changes`
 * returns the rows plus an `@odata.deltaLink` carrying a `$deltatoken` (`<version>!<MM/dd/yyyy HH:mm:ss>`);
 * the deltaLink returns whole rows changed since, and deletions as `$deletedEntity` entries.
 * $filter, $orderby, $expand and $top are refused, as is a table without change tracking.
 *
 * sandbox assumption: the error texts for a table without change tracking and for an unreadable token.
 */
import { odataError } from './errors';
import type { CollectionRequest } from './collection-reads';
import type { RequestScope, WebApiResponse } from './environment';
import { contextUrl, preferenceApplied } from './odata-response';
import { DEFAULT_PAGE_SIZE, decodeSkipToken, encodeSkipToken, withQuery } from './paging';
import { validateSelect } from './row-query';
import type { Row } from './entity-store';
import type { EntityDef } from './schema';
import { serializeRow } from './serialize';

const TOKEN = /^(\d+)!\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/;

type DeltaItem = { kind: 'row'; row: Row } | { kind: 'deleted'; id: string };

export function isChangeTrackingEnabled(scope: RequestScope, def: EntityDef): boolean {
  return def.changeTrackingKnob !== undefined && scope.env.knobs.changeTracking[def.changeTrackingKnob];
}

export function trackedRead(scope: RequestScope, request: CollectionRequest): WebApiResponse {
  const { def, query } = request;
  if (!isChangeTrackingEnabled(scope, def) || request.path.includes('/')) {
    throw odataError(`Change tracking is not enabled for the entity '${def.logicalName}'.`);
  }
  const refused: Array<[string, boolean]> = [
    ['$filter', query.filter !== undefined],
    ['$orderby', query.orderby !== undefined],
    ['$expand', query.expand.length > 0],
    ['$top', query.top !== undefined],
  ];
  for (const [name, present] of refused) {
    if (present)
      throw odataError(`The ${name} query parameter isn't supported when Change Tracking is enabled.`);
  }
  validateSelect(scope.env.schema, def, query.select);
  const cursor = decodeSkipToken(query.skiptoken);
  const since = query.deltatoken === undefined ? undefined : parseDeltaToken(scope, query.deltatoken);
  const items: DeltaItem[] =
    since === undefined ? request.rows.map((row) => ({ kind: 'row', row })) : deltaItems(scope, def, since);
  const version = cursor.version ?? scope.env.store.currentVersion();
  const pageSize = scope.prefer.maxPageSize ?? DEFAULT_PAGE_SIZE;
  const page = items.slice(cursor.offset, cursor.offset + pageSize);
  const context = contextUrl(scope, def, query.select);
  const body: Record<string, unknown> = {
    '@odata.context': since === undefined ? context : `${context}/$delta`,
  };
  body.value = page.map((item) =>
    item.kind === 'row'
      ? serializeRow(scope, def, item.row, { select: query.select, expand: [] })
      : {
          '@odata.context': `${scope.serviceRoot}/$metadata#${def.entitySetName}/$deletedEntity`,
          id: item.id,
          reason: 'deleted',
        },
  );
  if (cursor.offset + pageSize < items.length) {
    const token = encodeSkipToken({ page: cursor.page + 1, offset: cursor.offset + pageSize, version });
    body['@odata.nextLink'] =
      `${scope.serviceRoot}/${request.path}?${withQuery(request.params, '$skiptoken', token)}`;
  } else {
    const params = new URLSearchParams();
    if (query.select) params.set('$select', query.select.join(','));
    params.set('$deltatoken', formatDeltaToken(version, scope.env.now()));
    body['@odata.deltaLink'] =
      `${scope.serviceRoot}/${def.entitySetName}?${withQuery(params, '$skiptoken', undefined)}`;
  }
  const headers = preferenceApplied(scope, true);
  headers['Preference-Applied'] = ['odata.track-changes', headers['Preference-Applied']]
    .filter(Boolean)
    .join(',');
  return { status: 200, headers, body: { kind: 'json', value: body } };
}

function deltaItems(scope: RequestScope, def: EntityDef, since: number): DeltaItem[] {
  const { rows, deletions } = scope.env.store.changedSince(def.logicalName, since);
  return [
    ...rows.map((row): DeltaItem => ({ kind: 'row', row })),
    ...deletions.map((d): DeltaItem => ({ kind: 'deleted', id: d.id })),
  ];
}

function formatDeltaToken(version: number, now: number): string {
  const d = new Date(now);
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()}`;
  return `${version}!${date} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

function parseDeltaToken(scope: RequestScope, token: string): number {
  const match = TOKEN.exec(token);
  const version = Number(match?.[1]);
  if (!match || version > scope.env.store.currentVersion())
    throw odataError(`The delta token '${token}' is not valid.`);
  return version;
}
