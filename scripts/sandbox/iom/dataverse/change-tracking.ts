/**
 * Change tracking (PAD/use-change-tracking-synchronize-data-external-systems): `Prefer: odata.track-changes`
 * returns the rows plus an `@odata.deltaLink` carrying a `$deltatoken` (`<version>!<MM/dd/yyyy HH:mm:ss>`);
 * the deltaLink returns whole rows changed since, and deletions as `$deletedEntity` entries.
 * $filter, $orderby, $expand and $top are refused, as is a table without change tracking.
 *
 * Tokens expire: one older than `knobs.changeTrackingExpiryDays` (Organization.ExpireChangeTrackingInDays)
 * against the simulator's clock is refused, and `expireChangeTracking` invalidates every token issued so
 * far (as when the organization's change tracking data is cleaned up). The refusal carries the message the
 * platform's fault gives for an expired version stamp
 * (https://github.com/MicrosoftDocs/powerapps-docs/issues/3845).
 *
 * sandbox assumption: the error texts for a table without change tracking and for an unreadable token;
 * the expired token's HTTP status (400) and error code (0x80040203) in the Web API.
 * sandbox assumption: the knob defaults to 7 days; the public docs have said both 7 (Web API page) and 30
 * (the ExpireChangeTrackingInDays column's default, since the doc fix of the issue above).
 */
import { DataverseError, ErrorCode, odataError } from './errors';
import type { CollectionRequest } from './collection-reads';
import type { DataverseEnvironment, RequestScope, WebApiResponse } from './environment';
import { contextUrl, preferenceApplied } from './odata-response';
import { DEFAULT_PAGE_SIZE, decodeSkipToken, encodeSkipToken, withQuery } from './paging';
import { validateSelect } from './row-query';
import type { Row } from './entity-store';
import type { EntityDef } from './schema';
import { serializeRow } from './serialize';

const TOKEN = /^(\d+)!(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Tokens remembered for `expireChangeTracking`; older ones are forgotten (and then refused after it).
 * sandbox assumption: a token issued again after an expiry with the very same text (same version, same
 * second) counts as the new one.
 */
const MAX_REMEMBERED_TOKENS = 10_000;

export const EXPIRED_TOKEN_MESSAGE =
  'Version stamp associated with the client has expired. Please perform a full sync.';

/** The tokens an environment issued, with the generation each was issued in. */
interface TokenLedger {
  generation: number;
  issued: Map<string, number>;
}

const ledgers = new WeakMap<DataverseEnvironment, TokenLedger>();

function ledgerOf(env: DataverseEnvironment): TokenLedger {
  let ledger = ledgers.get(env);
  if (!ledger) {
    ledger = { generation: 0, issued: new Map() };
    ledgers.set(env, ledger);
  }
  return ledger;
}

/** Every delta token issued so far becomes invalid; the next reads must start over with a full sync. */
export function expireChangeTracking(env: DataverseEnvironment): void {
  ledgerOf(env).generation += 1;
}

/** Forgets the issued tokens and expiries (the simulator's reset). */
export function resetChangeTracking(env: DataverseEnvironment): void {
  ledgers.delete(env);
}

function rememberToken(env: DataverseEnvironment, token: string): void {
  const ledger = ledgerOf(env);
  ledger.issued.delete(token);
  ledger.issued.set(token, ledger.generation);
  if (ledger.issued.size > MAX_REMEMBERED_TOKENS) {
    const oldest = ledger.issued.keys().next().value;
    if (oldest !== undefined) ledger.issued.delete(oldest);
  }
}

function expiredTokenError(): DataverseError {
  return new DataverseError(400, ErrorCode.InvalidArgument, EXPIRED_TOKEN_MESSAGE);
}

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
    const deltaToken = formatDeltaToken(version, scope.env.now());
    rememberToken(scope.env, deltaToken);
    params.set('$deltatoken', deltaToken);
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
  const [, , month, day, year, hours, minutes, seconds] = match.map(Number);
  const issuedAt = Date.UTC(year ?? 0, (month ?? 1) - 1, day, hours, minutes, seconds);
  if (scope.env.now() - issuedAt > scope.env.knobs.changeTrackingExpiryDays * DAY_MS)
    throw expiredTokenError();
  const ledger = ledgerOf(scope.env);
  const generation = ledger.issued.get(token);
  if (ledger.generation > 0 && (generation === undefined || generation < ledger.generation))
    throw expiredTokenError();
  return version;
}
