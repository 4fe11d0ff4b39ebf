/**
 * Which IOM sales orders changed since the last look, per environment table: Dataverse change tracking
 * where it is on (`Prefer: odata.track-changes`, the delta link kept per store), a `modifiedon` poll
 * where it is off (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/use-change-tracking-synchronize-data-external-systems).
 *
 * Only *which* orders changed is taken from here; the outbound task then reads each order's whole
 * picture, so a row seen twice (an overlap, a re-read after an expired token) changes nothing twice.
 * - First look: the rows modified in the last FIRST_LOOK_MS are reported (catching up on what IOM did
 *   before the relay looked), later looks report what changed since. A table switching between change tracking and `modifiedon`
 *   goes on from its last look, so nothing changed meanwhile is lost.
 * - A refused delta link (expired after `ExpireChangeTrackingInDays`, 7 by default): the table is read
 *   again from the start, and rows modified since the last good look (minus an overlap) are reported.
 */
import { createHash } from 'node:crypto';
import type { SyncCursorRepository } from '../storage/types';
import type { DataverseClient } from './dataverse-client';
import { DataverseError } from './errors';
import type { FulfillmentProfile } from './fulfillment-profile';
import { lookupProperty } from './fulfillment-reader';

/**
 * A store's first look at a table reports what changed in the last 7 days, so an order IOM shipped
 * before the relay first looked (a connection made after orders flowed, an upgrade) still comes back;
 * the per-order task makes a report of an order with nothing new a no-op.
 */
export const FIRST_LOOK_MS = 7 * 24 * 60 * 60 * 1000;

/** Rows modified this long before the last look are read again (clock skew, commits in flight). */
export const CHANGE_OVERLAP_MS = 60_000;
const PAGE_SIZE = 500;
const MAX_PAGES = 200;

type Row = Record<string, unknown>;

export interface ChangedTable {
  /** The profile's name for the table, e.g. 'fulfillmentOrder'. */
  role: 'salesOrder' | 'fulfillmentOrder' | 'returnOrder';
  mode: 'change-tracking' | 'modifiedon';
  /** The delta link was refused (expired) and the table was read again from the start. */
  reread: boolean;
  /** Discovery found change tracking on, but Dataverse refused it (turned off since): read by `modifiedon`. */
  trackingRefused: boolean;
  rows: number;
}

export interface IomChanges {
  salesOrderIds: Set<string>;
  tables: ChangedTable[];
}

interface WatchedTable {
  role: ChangedTable['role'];
  entitySet: string;
  idColumn: string;
  /** The property holding the sales order id (the id itself for salesorder). */
  salesOrderProperty: string;
  tracked: boolean;
  /** Further columns the `relevant` test reads. */
  extraSelect?: string[];
  /** Whether a changed row can matter to the outbound relay (all rows, when absent). */
  relevant?: (row: Row) => boolean;
}

interface Cursor {
  deltaLink?: string;
  /** ISO time of the last successful look (our clock). */
  lookedAt?: string;
  /** The newest `modifiedon` seen (modifiedon mode). */
  modifiedSince?: string;
  /** Rows within the overlap of `modifiedSince`, by id, with the `modifiedon` they were reported at. */
  recent?: Record<string, string>;
}

/** Rows remembered for the overlap at most (a busier second is then reported again: harmless). */
const MAX_RECENT = 2_000;

function limited(recent: Record<string, string>): Record<string, string> {
  const entries = Object.entries(recent);
  return entries.length <= MAX_RECENT ? recent : Object.fromEntries(entries.slice(-MAX_RECENT));
}

export function watchedTables(profile: FulfillmentProfile): WatchedTable[] {
  const tables: WatchedTable[] = [
    {
      role: 'salesOrder',
      entitySet: 'salesorders',
      idColumn: 'salesorderid',
      salesOrderProperty: 'salesorderid',
      tracked: profile.changeTracking.salesOrder,
      // A sales order's own row matters only for a cancellation (requested or confirmed); its
      // shipments and returns show in their own tables. Every order the inbound relay creates changes
      // this table, and none of those is news for BigCommerce.
      extraSelect: ['statecode', ...(profile.salesOrder.stateReason ? [profile.salesOrder.stateReason] : [])],
      relevant: (row) =>
        row.statecode === 2 ||
        (profile.salesOrder.stateReason !== null &&
          /cancel/i.test(String(row[profile.salesOrder.stateReason] ?? ''))),
    },
    {
      role: 'fulfillmentOrder',
      entitySet: profile.fulfillmentOrder.entitySet,
      idColumn: profile.fulfillmentOrder.id,
      salesOrderProperty: lookupProperty(profile.fulfillmentOrder.salesOrder),
      tracked: profile.changeTracking.fulfillmentOrder,
    },
  ];
  if (profile.returnOrder) {
    tables.push({
      role: 'returnOrder',
      entitySet: profile.returnOrder.entitySet,
      idColumn: profile.returnOrder.id,
      salesOrderProperty: lookupProperty(profile.returnOrder.salesOrder),
      tracked: profile.changeTracking.returnOrder,
    });
  }
  return tables;
}

/** The cursor name of one table of one environment (a new environment starts from a new baseline). */
export function cursorName(environmentUrl: string, role: string): string {
  const env = createHash('sha256').update(environmentUrl.toLowerCase()).digest('hex').slice(0, 16);
  return `iom:${env}:${role}`;
}

export async function readIomChanges(
  client: DataverseClient,
  profile: FulfillmentProfile,
  cursors: SyncCursorRepository,
  storeHash: string,
  now: Date,
): Promise<IomChanges> {
  const changes: IomChanges = { salesOrderIds: new Set(), tables: [] };
  for (const table of watchedTables(profile)) {
    const name = cursorName(client.connection.environmentUrl, table.role);
    const cursor = ((await cursors.get(storeHash, name)) ?? {}) as Cursor;
    const result: TableRead = table.tracked
      ? await readTracked(client, table, cursor, now)
      : await readModified(client, table, cursor, now);
    for (const row of result.rows) {
      if (table.relevant && !table.relevant(row)) continue;
      const id = row[table.salesOrderProperty];
      if (typeof id === 'string' && id !== '') changes.salesOrderIds.add(id.toLowerCase());
    }
    changes.tables.push({
      role: table.role,
      mode: table.tracked && !result.trackingRefused ? 'change-tracking' : 'modifiedon',
      reread: result.reread,
      trackingRefused: result.trackingRefused === true,
      rows: result.rows.length,
    });
    await cursors.put(storeHash, name, result.cursor as Record<string, unknown>, now);
  }
  return changes;
}

interface TableRead {
  rows: Row[];
  cursor: Cursor;
  reread: boolean;
  trackingRefused?: boolean;
}

async function readTracked(
  client: DataverseClient,
  table: WatchedTable,
  cursor: Cursor,
  now: Date,
): Promise<TableRead> {
  if (cursor.deltaLink) {
    try {
      const { rows, deltaLink } = await pages(client, table, cursor.deltaLink);
      return { rows, cursor: { deltaLink, lookedAt: now.toISOString() }, reread: false };
    } catch (error) {
      if (!isRefusedDeltaLink(error)) throw error;
    }
  }
  let full: { rows: Row[]; deltaLink: string };
  try {
    full = await pages(client, table, undefined);
  } catch (error) {
    // Change tracking was turned off for the table after discovery (the connection not tested since):
    // its changes are polled by `modifiedon`, from the last look, until it is back on.
    if (!isRefusedDeltaLink(error)) throw error;
    return { ...(await readModified(client, table, cursor, now)), trackingRefused: true };
  }
  const { rows, deltaLink } = full;
  // A first look catches up on the last FIRST_LOOK_MS; after a refused delta link, what changed since
  // the last good look.
  const since = cursor.lookedAt
    ? Date.parse(cursor.lookedAt) - CHANGE_OVERLAP_MS
    : now.getTime() - FIRST_LOOK_MS;
  const changed = rows.filter((row) => modifiedAt(row) >= since);
  return {
    rows: changed,
    cursor: { deltaLink, lookedAt: now.toISOString() },
    reread: cursor.deltaLink !== undefined,
  };
}

async function readModified(
  client: DataverseClient,
  table: WatchedTable,
  cursor: Cursor,
  now: Date,
): Promise<TableRead> {
  // A table that was tracked until now (change tracking turned off) goes on from its last look.
  // A first look catches up on the last FIRST_LOOK_MS.
  const since =
    cursor.modifiedSince ??
    cursor.lookedAt ??
    new Date(now.getTime() - FIRST_LOOK_MS + CHANGE_OVERLAP_MS).toISOString();
  const from = new Date(Date.parse(since) - CHANGE_OVERLAP_MS).toISOString();
  const rows: Row[] = [];
  let next: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await client.call(
      `read changed ${table.entitySet}`,
      (api) =>
        api.retrieveMultiple<Row>(
          {
            collection: table.entitySet,
            select: [
              table.idColumn,
              ...(table.salesOrderProperty === table.idColumn ? [] : [table.salesOrderProperty]),
              ...(table.extraSelect ?? []),
              'modifiedon',
            ],
            filter: `modifiedon ge ${from}`,
            orderBy: ['modifiedon asc'],
            maxPageSize: PAGE_SIZE,
          },
          next,
        ),
      { idempotent: true },
    );
    rows.push(...response.value);
    next = response.oDataNextLink;
    if (!next) break;
  }
  // The high-water mark never runs ahead of our clock: a row dated in the future (a clock jump in
  // IOM) would otherwise hide every later change. Rows read again for it are skipped via `recent`.
  const newest = Math.min(
    rows.reduce(
      (max, row) => (Number.isFinite(modifiedAt(row)) ? Math.max(max, modifiedAt(row)) : max),
      Date.parse(since),
    ),
    Math.max(Date.parse(since), now.getTime()),
  );
  // The overlap reads rows reported last time again: only those modified since then are news.
  const seen = cursor.recent ?? {};
  const stamp = (row: Row) => new Date(modifiedAt(row)).toISOString();
  const changed = rows.filter(
    (row) => !Number.isFinite(modifiedAt(row)) || seen[String(row[table.idColumn])] !== stamp(row),
  );
  const recent: Record<string, string> = {};
  for (const row of rows) {
    const at = modifiedAt(row);
    if (Number.isFinite(at) && at >= newest - CHANGE_OVERLAP_MS)
      recent[String(row[table.idColumn])] = stamp(row);
  }
  return {
    rows: changed,
    cursor: {
      modifiedSince: new Date(newest).toISOString(),
      lookedAt: now.toISOString(),
      recent: limited(recent),
    },
    reread: false,
  };
}

/** Every page of a tracked read (from the start, or from a delta link) and the new delta link. */
async function pages(
  client: DataverseClient,
  table: WatchedTable,
  deltaLink: string | undefined,
): Promise<{ rows: Row[]; deltaLink: string }> {
  const rows: Row[] = [];
  let next = deltaLink;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await client.call(
      `read tracked changes of ${table.entitySet}`,
      (api) =>
        api.retrieveMultiple<Row>(
          {
            collection: table.entitySet,
            select: [
              table.idColumn,
              ...(table.salesOrderProperty === table.idColumn ? [] : [table.salesOrderProperty]),
              ...(table.extraSelect ?? []),
              'modifiedon',
            ],
            trackChanges: true,
            maxPageSize: PAGE_SIZE,
          },
          next,
        ),
      { idempotent: true },
    );
    rows.push(
      ...response.value.filter((row) => row['@odata.context'] === undefined || row.reason !== 'deleted'),
    );
    if (response.oDataDeltaLink) return { rows, deltaLink: response.oDataDeltaLink };
    next = response.oDataNextLink;
    if (!next) break;
  }
  throw new DataverseError(
    502,
    null,
    `Dataverse gave no delta link for ${table.entitySet}; change tracking could not continue.`,
    {
      retriable: true,
    },
  );
}

/**
 * Dataverse refuses an expired or unknown delta token with a 4xx (its text names the token), and a
 * tracked read of a table without change tracking with a 400.
 */
function isRefusedDeltaLink(error: unknown): boolean {
  return (
    error instanceof DataverseError &&
    error.upstreamStatus >= 400 &&
    error.upstreamStatus < 500 &&
    error.upstreamStatus !== 401 &&
    error.upstreamStatus !== 403 &&
    error.upstreamStatus !== 429
  );
}

/**
 * The row's `modifiedon` in epoch ms (+Infinity when unreadable: such a row is always reported). The
 * Web API client revives ISO dates into Date objects, so both shapes are read.
 */
function modifiedAt(row: Row): number {
  const value = row.modifiedon;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}
