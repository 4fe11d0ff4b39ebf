/**
 * What every Web API handler works with: the environment's tables and rows, and the request being
 * served (caller, service root, preferences).
 */
import type { IomKnobs } from '../types';
import type { AlternateKeyRegistry } from './alternate-keys';
import type { EntityStore } from './entity-store';
import type { Preferences } from './odata/prefer';
import type { Schema } from './schema';

export interface DataverseEnvironment {
  schema: Schema;
  /** The rows (an EntityStore, or one seen under renamed names: renames.ts). */
  store: Pick<EntityStore, keyof EntityStore>;
  keys: AlternateKeyRegistry;
  knobs: IomKnobs;
  now: () => number;
  organizationId: string;
  businessUnitId: string;
  /** The next auto-number for salesorder.ordernumber (`ORD-01001-X7K2P9`). */
  nextOrderNumber(): string;
}

/** The application user a request runs as. */
export interface Caller {
  userId: string;
  /** false for IOM's own flows (intake), which run with full rights. */
  enforcePrivileges: boolean;
}

/** One Web API request, as the gateway or a $batch part hands it over. */
export interface WebApiRequest {
  method: string;
  /** The resource path below the service root, e.g. `salesorders(…)/order_details`. */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string>>;
  body: string;
}

export type WebApiBody =
  { kind: 'json'; value: unknown } | { kind: 'text'; contentType: string; value: string };

export interface WebApiResponse {
  status: number;
  headers: Record<string, string>;
  body?: WebApiBody;
}

export interface RequestScope {
  env: DataverseEnvironment;
  caller: Caller;
  /** `${environmentUrl}/api/data/v9.2`, as the request addressed it. */
  serviceRoot: string;
  prefer: Preferences;
  /** $batch change set: Content-ID → the entity URL it created (for `$1` references). */
  contentIds: ReadonlyMap<string, string>;
}
