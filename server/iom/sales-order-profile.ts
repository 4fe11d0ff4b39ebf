import type { DataverseClient } from './dataverse-client';
import { EXTERNAL_ORDER_ID_COLUMN, SALES_ORDER_TABLE } from './dataverse-schema';
import { findExternalOrderIdKey, tableInfo } from './connection-test';

/** What the environment's salesorder table offers for idempotent creates, discovered from its metadata. */
export interface SalesOrderProfile {
  /** The external order id column, or null when the table has none (dedupe falls back to `name`). */
  externalOrderIdColumn: string | null;
  /** An Active alternate key on that column: creates can be keyed upserts with `If-None-Match: *`. */
  keyActive: boolean;
}

const PROFILE_TTL_MS = 10 * 60 * 1000;

/**
 * Reads `EntityDefinitions(LogicalName='salesorder')` (keys) and, without a key, the column's own
 * definition, once per environment per PROFILE_TTL_MS. Whether IOM's `msdyn_externalorderid` exists
 * is not documented, so it is discovered rather than assumed.
 */
export class SalesOrderProfiles {
  private readonly cache = new Map<string, { profile: SalesOrderProfile; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(client: DataverseClient): Promise<SalesOrderProfile> {
    const env = client.connection.environmentUrl;
    const cached = this.cache.get(env);
    if (cached && this.now() - cached.at < PROFILE_TTL_MS) return cached.profile;
    const profile = await discover(client);
    this.cache.set(env, { profile, at: this.now() });
    return profile;
  }

  /** Forget what was learnt (after a key was created, or an upsert said the key is gone). */
  forget(environmentUrl: string): void {
    this.cache.delete(environmentUrl);
  }
}

async function discover(client: DataverseClient): Promise<SalesOrderProfile> {
  const table = await tableInfo(client, SALES_ORDER_TABLE);
  if (table.kind === 'error') throw table.error;
  if (table.kind === 'missing') return { externalOrderIdColumn: null, keyActive: false };
  const key = findExternalOrderIdKey(table.keys);
  if (key) {
    return {
      externalOrderIdColumn: EXTERNAL_ORDER_ID_COLUMN,
      keyActive: (key.EntityKeyIndexStatus ?? 'Active') === 'Active',
    };
  }
  const attributes = await client.call(
    'read the salesorder columns',
    (api) =>
      api.retrieveAttributes<{ LogicalName: string }>({
        entityKey: `LogicalName='${SALES_ORDER_TABLE}'`,
        select: ['LogicalName'],
      }),
    { idempotent: true },
  );
  const present = attributes.value.some((a) => a.LogicalName === EXTERNAL_ORDER_ID_COLUMN);
  return { externalOrderIdColumn: present ? EXTERNAL_ORDER_ID_COLUMN : null, keyActive: false };
}
