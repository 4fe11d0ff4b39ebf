import type { ConnectionCheckStatus, ConnectionTestRecord } from '../storage/types';
import type { DataverseClient } from './dataverse-client';
import type { EntraTokenProvider } from './entra-token';
import { DataverseError, EntraTokenError } from './errors';
import { EXTERNAL_ORDER_ID_COLUMN, FULFILLMENT_ORDER_TABLE, SALES_ORDER_TABLE } from './dataverse-schema';

export type CheckId =
  | 'token'
  | 'environment'
  | 'whoami'
  | 'read-salesorders'
  | 'iom-installed'
  | 'change-tracking'
  | 'alternate-key';

export interface ConnectionCheck {
  id: CheckId;
  label: string;
  status: ConnectionCheckStatus;
  /** What we found, and what to do about it when it is not a pass. */
  message: string;
  /** An action the app can take for the merchant (only when it can help). */
  action?: 'create-alternate-key';
}

export interface ConnectionTestResult extends ConnectionTestRecord {
  checks: ConnectionCheck[];
}

const LABELS: Record<CheckId, string> = {
  token: 'Sign-in to Microsoft Entra ID',
  environment: 'Dataverse environment reachable',
  whoami: 'App registration is an application user',
  'read-salesorders': 'Can read sales orders',
  'iom-installed': 'Intelligent Order Management installed',
  'change-tracking': 'Change tracking on Order and Fulfillment Order',
  'alternate-key': 'Alternate key on the external order id',
};

interface EntityKeyMetadata {
  KeyAttributes?: string[];
  EntityKeyIndexStatus?: string;
  SchemaName?: string;
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
): Promise<ConnectionTestResult> {
  const checks: ConnectionCheck[] = [];
  const add = (
    id: CheckId,
    status: ConnectionCheckStatus,
    message: string,
    action?: 'create-alternate-key',
  ) => checks.push({ id, label: LABELS[id], status, message, ...(action ? { action } : {}) });
  const skipRest = (from: CheckId[], reason: string) => from.forEach((id) => add(id, 'skip', reason));
  const { environmentUrl, credentials } = client.connection;

  try {
    await tokens.getToken(credentials, environmentUrl);
    add('token', 'pass', `Signed in as app ${credentials.clientId} in tenant ${credentials.tenantId}.`);
  } catch (error) {
    add('token', 'fail', describe(error));
    skipRest(
      ['environment', 'whoami', 'read-salesorders', 'iom-installed', 'change-tracking', 'alternate-key'],
      'Skipped until sign-in works.',
    );
    return finish(checks, now);
  }

  try {
    const me = await client.call('WhoAmI', (api) => api.callFunction<{ UserId?: string }>('WhoAmI'), {
      idempotent: true,
    });
    add('environment', 'pass', `${environmentUrl} answered.`);
    add('whoami', 'pass', `Connected as application user ${me.UserId ?? '(unknown id)'}.`);
  } catch (error) {
    if (error instanceof DataverseError && error.upstreamStatus === 0) {
      add(
        'environment',
        'fail',
        `${environmentUrl} could not be reached (${error.message}). Check the environment URL: Power Platform admin center → Environments → your environment → Environment URL.`,
      );
      add('whoami', 'skip', 'Skipped until the environment is reachable.');
    } else {
      add('environment', 'pass', `${environmentUrl} answered.`);
      add(
        'whoami',
        'fail',
        `${describe(error)} Add the app registration as an application user of this environment (Power Platform admin center → Environments → Settings → Users + permissions → Application users) and give it a security role.`,
      );
    }
    skipRest(
      ['read-salesorders', 'iom-installed', 'change-tracking', 'alternate-key'],
      'Skipped until the application user works.',
    );
    return finish(checks, now);
  }

  try {
    await client.call(
      'read salesorders',
      (api) => api.retrieveMultiple({ collection: 'salesorders', select: ['salesorderid'], top: 1 }),
      { idempotent: true },
    );
    add('read-salesorders', 'pass', 'The application user can read sales orders.');
  } catch (error) {
    add(
      'read-salesorders',
      'fail',
      isPrivilegeError(error)
        ? `The application user's security role cannot read Orders (${describe(error)}). Give the role Read (and Create, Write) on Order and Order Product, at organization level.`
        : describe(error),
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
    add('iom-installed', 'fail', describe(iom.error));
  } else {
    add('iom-installed', 'pass', 'Intelligent Order Management tables are present.');
  }

  const order = await tableInfo(client, SALES_ORDER_TABLE);
  const untracked = [
    order.kind === 'found' && !order.changeTracking ? 'Order (salesorder)' : null,
    iom.kind === 'found' && !iom.changeTracking ? 'Fulfillment Order (msdyn_fulfillmentorder)' : null,
  ].filter((t): t is string => t !== null);
  if (order.kind === 'error') {
    add('change-tracking', 'fail', describe(order.error));
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

  if (order.kind !== 'found') {
    add('alternate-key', 'skip', 'Skipped until the Order table can be read.');
  } else {
    const key = order.keys.find(
      (k) => k.KeyAttributes?.length === 1 && k.KeyAttributes[0] === EXTERNAL_ORDER_ID_COLUMN,
    );
    if (key && (key.EntityKeyIndexStatus ?? 'Active') === 'Active') {
      add(
        'alternate-key',
        'pass',
        `Orders are keyed by ${EXTERNAL_ORDER_ID_COLUMN}, so a retry can never create a duplicate.`,
      );
    } else if (key) {
      add(
        'alternate-key',
        'warn',
        `The alternate key on ${EXTERNAL_ORDER_ID_COLUMN} is being built (${key.EntityKeyIndexStatus}). Test again in a few minutes.`,
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
  return finish(checks, now);
}

type TableInfo =
  | { kind: 'found'; changeTracking: boolean; keys: EntityKeyMetadata[] }
  | { kind: 'missing' }
  | { kind: 'error'; error: unknown };

async function tableInfo(client: DataverseClient, logicalName: string): Promise<TableInfo> {
  try {
    const table = await client.call(
      `read ${logicalName} definition`,
      (api) =>
        api.retrieveEntity<{ ChangeTrackingEnabled?: boolean; Keys?: EntityKeyMetadata[] }>({
          key: `LogicalName='${logicalName}'`,
          select: ['LogicalName', 'ChangeTrackingEnabled'],
          expand: [{ property: 'Keys', select: ['SchemaName', 'KeyAttributes', 'EntityKeyIndexStatus'] }],
        }),
      { idempotent: true },
    );
    return { kind: 'found', changeTracking: table.ChangeTrackingEnabled === true, keys: table.Keys ?? [] };
  } catch (error) {
    if (error instanceof DataverseError && error.upstreamStatus === 404) return { kind: 'missing' };
    return { kind: 'error', error };
  }
}

function isPrivilegeError(error: unknown): boolean {
  return error instanceof DataverseError && error.upstreamStatus === 403;
}

function describe(error: unknown): string {
  if (error instanceof EntraTokenError || error instanceof DataverseError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

function finish(checks: ConnectionCheck[], now: () => Date): ConnectionTestResult {
  return { ok: checks.every((c) => c.status !== 'fail'), testedAt: now().toISOString(), checks };
}
