import type { Logger } from '../logger';
import type { ConnectionCheckStatus, ConnectionTestRecord } from '../storage/types';
import type { DataverseClient, DataverseClientDeps } from './dataverse-client';
import type { EntraTokenProvider } from './entra-token';
import { DataverseError, EntraTokenError } from './errors';
import { EXTERNAL_ORDER_ID_COLUMN, FULFILLMENT_ORDER_TABLE, SALES_ORDER_TABLE } from './dataverse-schema';
import { describeDataverseFailure, describePrivilege } from './dataverse-messages';
import {
  describeProfileTables,
  discoverFulfillmentProfile,
  type FulfillmentProfile,
  type SchemaOverrides,
} from './fulfillment-profile';
import { probeIntakeUrl } from './intake-probe';

export type CheckId =
  | 'token'
  | 'environment'
  | 'whoami'
  | 'read-salesorders'
  | 'iom-installed'
  | 'change-tracking'
  | 'fulfillment-schema'
  | 'alternate-key'
  | 'intake-url';

export type CheckAction = 'create-alternate-key' | 'reactivate-alternate-key';

export interface ConnectionCheck {
  id: CheckId;
  label: string;
  status: ConnectionCheckStatus;
  /** What we found, and what to do about it when it is not a pass. */
  message: string;
  /** An action the app can take for the merchant (only when it can help). */
  action?: CheckAction;
}

export interface ConnectionTestResult extends ConnectionTestRecord {
  checks: ConnectionCheck[];
  /** What the fulfillment-schema check discovered; null when the check did not get that far. */
  fulfillmentProfile: FulfillmentProfile | null;
}

/**
 * How long the interactive test may take: every call gets a short timeout, a Retry-After longer than
 * maxWaitMs is reported rather than waited for (and never undercut), and the whole test ends within
 * totalMs, so the merchant hears back within 10 s even from an environment that never answers.
 */
export const CONNECTION_TEST_LIMITS = {
  perCallTimeoutMs: 3_000,
  maxAttempts: 2,
  maxWaitMs: 5_000,
  /** Below the 10 s promised to the merchant, leaving room for the HTTP round trip. */
  totalMs: 9_000,
} as const;

/** DataverseClient options for a connection test that started at `startedAt` (epoch ms). */
export function connectionTestClientOptions(
  startedAt: number,
): Pick<DataverseClientDeps, 'timeoutMs' | 'maxAttempts' | 'maxWaitMs' | 'deadlineAt'> {
  return {
    timeoutMs: CONNECTION_TEST_LIMITS.perCallTimeoutMs,
    maxAttempts: CONNECTION_TEST_LIMITS.maxAttempts,
    maxWaitMs: CONNECTION_TEST_LIMITS.maxWaitMs,
    deadlineAt: startedAt + CONNECTION_TEST_LIMITS.totalMs,
  };
}

export interface ConnectionTestOptions {
  /** When the test ends at the latest (epoch ms); default CONNECTION_TEST_LIMITS.totalMs from now. */
  deadlineAt?: number;
  /** In intake-provider mode: the intake flow's trigger URL (a credential: never logged). */
  intakeUrl?: string | null;
  /** Receives the raw upstream detail of failed checks; the merchant sees plain sentences. */
  logger?: Logger;
  /** Told the intake probe's HTTP status, 0 for none (metrics). */
  onIntakeResponse?: (status: number) => void;
  /** The admin's table/column overrides for the fulfillment-schema check. */
  schemaOverrides?: SchemaOverrides;
}

const LABELS: Record<CheckId, string> = {
  token: 'Sign-in to Microsoft Entra ID',
  environment: 'Dataverse environment reachable',
  whoami: 'App registration is an application user',
  'read-salesorders': 'Can read sales orders',
  'iom-installed': 'Intelligent Order Management installed',
  'change-tracking': 'Change tracking on Order and Fulfillment Order',
  'fulfillment-schema': 'Fulfillment tables',
  'alternate-key': 'Alternate key on the external order id',
  'intake-url': 'Intake provider URL',
};

const DATAVERSE_CHECKS: CheckId[] = [
  'environment',
  'whoami',
  'read-salesorders',
  'iom-installed',
  'change-tracking',
  'fulfillment-schema',
  'alternate-key',
];

export interface EntityKeyMetadata {
  LogicalName?: string;
  KeyAttributes?: string[];
  EntityKeyIndexStatus?: string;
  SchemaName?: string;
}

/**
 * A failure after which no further Dataverse request is worth sending: IOM is throttling this app user
 * (more requests would lengthen the penalty), busy or unavailable, or the test ran out of time.
 */
class Halt extends Error {
  constructor(
    readonly checkMessage: string,
    readonly skipReason: string,
  ) {
    super(checkMessage);
  }
}

/**
 * Check a connection step by step and say exactly what is wrong and how to fix it. Later checks are
 * skipped when an earlier one makes them meaningless. A connection is OK only when no check fails —
 * unlike IOM's own provider, which shows "Connected" even with a wrong key.
 */
export async function testConnection(
  client: DataverseClient,
  tokens: EntraTokenProvider,
  now: () => Date,
  options: ConnectionTestOptions = {},
): Promise<ConnectionTestResult> {
  const deadlineAt = options.deadlineAt ?? Date.now() + CONNECTION_TEST_LIMITS.totalMs;
  const remaining = () => deadlineAt - Date.now();
  // The intake flow is another service: probe it alongside the Dataverse checks.
  const intake = options.intakeUrl
    ? probeIntakeUrl(options.intakeUrl, Math.min(5_000, remaining()), options.onIntakeResponse)
    : null;

  const checks: ConnectionCheck[] = [];
  const add = (id: CheckId, status: ConnectionCheckStatus, message: string, action?: CheckAction) =>
    checks.push({ id, label: LABELS[id], status, message, ...(action ? { action } : {}) });
  const skipRest = (reason: string) => {
    for (const id of DATAVERSE_CHECKS) if (!checks.some((c) => c.id === id)) add(id, 'skip', reason);
  };
  const logFailure = (check: CheckId, error: unknown) => {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
    const detail =
      error instanceof DataverseError
        ? { status: error.upstreamStatus, code: error.dataverseCode, detail: error.message }
        : { detail: error instanceof Error ? error.message : String(error), cause };
    options.logger?.warn({ check, ...detail }, 'connection check failed');
  };

  const { environmentUrl, credentials } = client.connection;
  try {
    // A fresh token: a revoked or rotated secret must fail now, not pass on a cached token.
    await tokens.getToken(credentials, environmentUrl, {
      fresh: true,
      timeoutMs: Math.max(1, Math.min(5_000, remaining())),
    });
    add('token', 'pass', `Signed in as app ${credentials.clientId} in tenant ${credentials.tenantId}.`);
  } catch (error) {
    logFailure('token', error);
    add('token', 'fail', describeOther(error));
    skipRest('Skipped until sign-in works.');
    return finish(checks, now, intake, null);
  }

  const schema: SchemaDiscovery = {
    overrides: options.schemaOverrides ?? {},
    now,
    profile: null,
  };
  try {
    await dataverseChecks(client, add, logFailure, schema);
  } catch (error) {
    if (!(error instanceof Halt)) throw error;
    skipRest(error.skipReason);
  }
  return finish(checks, now, intake, schema.profile);
}

type Add = (id: CheckId, status: ConnectionCheckStatus, message: string, action?: CheckAction) => void;

/** The fulfillment-schema check's input (the overrides) and output (the profile it discovered). */
interface SchemaDiscovery {
  overrides: SchemaOverrides;
  now: () => Date;
  profile: FulfillmentProfile | null;
}

async function dataverseChecks(
  client: DataverseClient,
  add: Add,
  logFailure: (check: CheckId, error: unknown) => void,
  schema: SchemaDiscovery,
): Promise<void> {
  const { environmentUrl } = client.connection;

  /** Stop the test on throttling, unavailability or time-out, failing `id` with the reason. */
  const haltOn = (id: CheckId, error: unknown): void => {
    const failure = describeDataverseFailure(error, environmentUrl);
    if (failure.kind === 'throttled' || failure.kind === 'busy') {
      logFailure(id, error);
      add(id, 'fail', failure.message);
      throw new Halt(
        failure.message,
        failure.kind === 'throttled'
          ? 'Skipped while IOM is throttling this app user: more requests now would only lengthen the wait.'
          : 'Skipped while IOM is busy or unavailable.',
      );
    }
  };

  try {
    const me = await client.call('WhoAmI', (api) => api.callFunction<{ UserId?: string }>('WhoAmI'), {
      idempotent: true,
    });
    add('environment', 'pass', `${environmentUrl} answered.`);
    add('whoami', 'pass', `Connected as application user ${me.UserId ?? '(unknown id)'}.`);
  } catch (error) {
    const failure = describeDataverseFailure(error, environmentUrl);
    if (failure.kind === 'unreachable' || failure.kind === 'busy') {
      logFailure('environment', error);
      add('environment', 'fail', failure.message);
      throw new Halt(failure.message, 'Skipped until the environment answers.');
    }
    add('environment', 'pass', `${environmentUrl} answered.`);
    if (failure.kind === 'throttled') haltOn('whoami', error);
    logFailure('whoami', error);
    const status = error instanceof DataverseError ? error.upstreamStatus : 0;
    add(
      'whoami',
      'fail',
      status === 403
        ? `The app registration ${client.connection.credentials.clientId} is not an application user of this environment (Dataverse refused it with 403). Add it under Power Platform admin center → Environments → your environment → Settings → Users + permissions → Application users, and give it a security role.`
        : status === 401
          ? `${environmentUrl} refused the access token Microsoft Entra ID issued (401). Check that the environment URL belongs to tenant ${client.connection.credentials.tenantId}.`
          : `${failure.message} Check the environment URL: Power Platform admin center → Environments → your environment → Environment URL.`,
    );
    throw new Halt(failure.message, 'Skipped until the application user works.');
  }

  try {
    await client.call(
      'read salesorders',
      (api) => api.retrieveMultiple({ collection: 'salesorders', select: ['salesorderid'], top: 1 }),
      { idempotent: true },
    );
    add('read-salesorders', 'pass', 'The application user can read sales orders.');
  } catch (error) {
    haltOn('read-salesorders', error);
    logFailure('read-salesorders', error);
    const privilege = error instanceof DataverseError ? describePrivilege(error) : null;
    add(
      'read-salesorders',
      'fail',
      privilege
        ? `The application user's security role lacks ${privilege}. Give the role Read (and Create, Write) on Order and Order Product, at organization level.`
        : describeDataverseFailure(error, environmentUrl).message,
    );
  }

  const iom = await tableInfo(client, FULFILLMENT_ORDER_TABLE);
  if (iom.kind === 'missing') {
    add(
      'iom-installed',
      'fail',
      'This environment has no Fulfillment Order table (msdyn_fulfillmentorder): Intelligent Order Management is not installed here. Install IOM in this environment, or connect the environment where it is installed.',
    );
  } else if (iom.kind === 'error') {
    haltOn('iom-installed', iom.error);
    logFailure('iom-installed', iom.error);
    add('iom-installed', 'fail', describeDataverseFailure(iom.error, environmentUrl).message);
  } else {
    add('iom-installed', 'pass', 'Intelligent Order Management tables are present.');
  }

  const order = await tableInfo(client, SALES_ORDER_TABLE);
  if (order.kind === 'error') haltOn('change-tracking', order.error);
  const untracked = [
    order.kind === 'found' && !order.changeTracking ? 'Order (salesorder)' : null,
    iom.kind === 'found' && !iom.changeTracking ? 'Fulfillment Order (msdyn_fulfillmentorder)' : null,
  ].filter((t): t is string => t !== null);
  if (order.kind === 'error') {
    logFailure('change-tracking', order.error);
    add('change-tracking', 'fail', describeDataverseFailure(order.error, environmentUrl).message);
  } else if (iom.kind !== 'found') {
    add('change-tracking', 'skip', 'Skipped until IOM is installed.');
  } else if (untracked.length > 0) {
    add(
      'change-tracking',
      'fail',
      `Change tracking is off on ${untracked.join(' and ')}, so fulfillment updates cannot be read back. In Power Apps → Tables → the table → Properties → Advanced options, tick "Track changes" and save.`,
    );
  } else {
    add('change-tracking', 'pass', 'Changes to orders and fulfillment orders can be read back.');
  }

  if (iom.kind !== 'found') {
    add('fulfillment-schema', 'skip', 'Skipped until IOM is installed.');
  } else {
    try {
      schema.profile = await discoverFulfillmentProfile(client, schema.overrides, schema.now());
      addSchemaCheck(add, schema.profile);
    } catch (error) {
      haltOn('fulfillment-schema', error);
      logFailure('fulfillment-schema', error);
      add(
        'fulfillment-schema',
        'warn',
        `The fulfillment tables could not be read, so fulfillment won't be relayed back yet: ${describeDataverseFailure(error, environmentUrl).message}`,
      );
    }
  }

  if (iom.kind === 'missing') {
    add(
      'alternate-key',
      'skip',
      `Skipped until IOM is installed: the ${EXTERNAL_ORDER_ID_COLUMN} column the key is on comes with IOM.`,
    );
  } else if (order.kind !== 'found') {
    add('alternate-key', 'skip', 'Skipped until the Order table can be read.');
  } else {
    addKeyCheck(add, findExternalOrderIdKey(order.keys));
  }
}

/**
 * Pass naming the tables found; warn naming each missing table or column and its fix. A warning, not a
 * failure: orders still flow into IOM, only what is missing is not relayed back.
 */
function addSchemaCheck(add: Add, profile: FulfillmentProfile): void {
  const overridden = profile.overridden.length > 0 ? ` Overridden: ${profile.overridden.join(', ')}.` : '';
  if (profile.missing.length === 0) {
    add(
      'fulfillment-schema',
      'pass',
      `Found the fulfillment, tracking and return tables: ${describeProfileTables(profile)}.${overridden}`,
    );
  } else {
    add('fulfillment-schema', 'warn', `${profile.missing.join(' ')}${overridden}`);
  }
}

function addKeyCheck(add: Add, key: EntityKeyMetadata | undefined): void {
  const status = key ? (key.EntityKeyIndexStatus ?? 'Active') : null;
  if (status === 'Active') {
    add(
      'alternate-key',
      'pass',
      `Orders are keyed by ${EXTERNAL_ORDER_ID_COLUMN}, so a retry can never create a duplicate.`,
    );
  } else if (status === 'Failed') {
    add(
      'alternate-key',
      'warn',
      `Dataverse could not build the index for the alternate key on ${EXTERNAL_ORDER_ID_COLUMN} (its status is Failed), so the key does not protect against duplicates. Orders still won't duplicate (the connector looks each one up before creating it). Reactivate the key to have Dataverse build the index again; if it fails again, look for existing orders that share an external order id.`,
      'reactivate-alternate-key',
    );
  } else if (status !== null) {
    add(
      'alternate-key',
      'warn',
      `The alternate key on ${EXTERNAL_ORDER_ID_COLUMN} is being built (${status}). Test again in a few minutes.`,
    );
  } else {
    add(
      'alternate-key',
      'warn',
      `There is no alternate key on ${EXTERNAL_ORDER_ID_COLUMN}. Orders still won't duplicate (the connector looks each one up before creating it), but a key makes that guarantee atomic and faster. The connector can create it if its security role may customize tables.`,
      'create-alternate-key',
    );
  }
}

/** The salesorder key on exactly the external order id column, if there is one. */
export function findExternalOrderIdKey(keys: EntityKeyMetadata[]): EntityKeyMetadata | undefined {
  return keys.find((k) => k.KeyAttributes?.length === 1 && k.KeyAttributes[0] === EXTERNAL_ORDER_ID_COLUMN);
}

type TableInfo =
  | { kind: 'found'; changeTracking: boolean; keys: EntityKeyMetadata[] }
  | { kind: 'missing' }
  | { kind: 'error'; error: unknown };

export async function tableInfo(client: DataverseClient, logicalName: string): Promise<TableInfo> {
  try {
    const table = await client.call(
      `read ${logicalName} definition`,
      (api) =>
        api.retrieveEntity<{ ChangeTrackingEnabled?: boolean; Keys?: EntityKeyMetadata[] }>({
          key: `LogicalName='${logicalName}'`,
          select: ['LogicalName', 'ChangeTrackingEnabled'],
          expand: [
            {
              property: 'Keys',
              select: ['LogicalName', 'SchemaName', 'KeyAttributes', 'EntityKeyIndexStatus'],
            },
          ],
        }),
      { idempotent: true },
    );
    return { kind: 'found', changeTracking: table.ChangeTrackingEnabled === true, keys: table.Keys ?? [] };
  } catch (error) {
    if (error instanceof DataverseError && error.upstreamStatus === 404) return { kind: 'missing' };
    return { kind: 'error', error };
  }
}

function describeOther(error: unknown): string {
  if (error instanceof EntraTokenError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

async function finish(
  checks: ConnectionCheck[],
  now: () => Date,
  intake: ReturnType<typeof probeIntakeUrl> | null,
  fulfillmentProfile: FulfillmentProfile | null,
): Promise<ConnectionTestResult> {
  if (intake) {
    const outcome = await intake;
    checks.push({ id: 'intake-url', label: LABELS['intake-url'], ...outcome });
  }
  return {
    ok: checks.every((c) => c.status !== 'fail'),
    testedAt: now().toISOString(),
    checks,
    fulfillmentProfile,
  };
}
