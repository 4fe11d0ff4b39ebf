import type { DataverseClient } from './dataverse-client';
import { DataverseError } from './errors';
import { EXTERNAL_ORDER_ID_COLUMN, EXTERNAL_ORDER_ID_KEY, SALES_ORDER_TABLE } from './dataverse-schema';
import { AppError } from '../errors';
import { findExternalOrderIdKey, tableInfo } from './connection-test';
import { describeDataverseFailure } from './dataverse-messages';

/**
 * Create the alternate key on the sales order's external order id column, so that upserts by
 * BigCommerce order id are atomic. Dataverse builds the index in the background.
 */
export async function createExternalOrderIdKey(client: DataverseClient): Promise<{ status: string }> {
  try {
    await client.call(
      'create alternate key',
      (api) =>
        api.create({
          collection: 'EntityDefinitions',
          key: `LogicalName='${SALES_ORDER_TABLE}'`,
          navigationProperty: 'Keys',
          data: {
            SchemaName: EXTERNAL_ORDER_ID_KEY,
            DisplayName: {
              LocalizedLabels: [{ Label: 'External order id (IOM Connector)', LanguageCode: 1033 }],
            },
            KeyAttributes: [EXTERNAL_ORDER_ID_COLUMN],
          },
        }),
      { idempotent: false },
    );
    return { status: 'Pending' };
  } catch (error) {
    throw keyFailure(error, client, {
      verb: 'create',
      adminStep: `add an alternate key on Order → ${EXTERNAL_ORDER_ID_COLUMN}`,
    });
  }
}

/**
 * Have Dataverse build the index of the external order id key again after it failed
 * (EntityKeyIndexStatus Failed), with the ReactivateEntityKey action bound to the table's
 * EntityMetadata. Dataverse rebuilds the index in the background.
 */
export async function reactivateExternalOrderIdKey(client: DataverseClient): Promise<{ status: string }> {
  const order = await tableInfo(client, SALES_ORDER_TABLE);
  if (order.kind === 'error') throw plainFailure(order.error, client);
  const key = order.kind === 'found' ? findExternalOrderIdKey(order.keys) : undefined;
  const keyName = key?.LogicalName ?? key?.SchemaName?.toLowerCase();
  if (!key || !keyName) {
    throw new AppError(
      409,
      'no_alternate_key',
      `There is no alternate key on Order → ${EXTERNAL_ORDER_ID_COLUMN} to reactivate. Test the connection again: it offers to create the key.`,
      { retriable: false },
    );
  }
  if ((key.EntityKeyIndexStatus ?? 'Active') !== 'Failed') {
    throw new AppError(
      409,
      'alternate_key_not_failed',
      `The alternate key on Order → ${EXTERNAL_ORDER_ID_COLUMN} has not failed (its status is ${key.EntityKeyIndexStatus ?? 'Active'}), so there is nothing to reactivate. Test the connection again to see its current state.`,
      { retriable: false },
    );
  }
  try {
    await client.call(
      'reactivate alternate key',
      (api) =>
        api.callAction({
          collection: 'EntityDefinitions',
          key: `LogicalName='${SALES_ORDER_TABLE}'`,
          actionName: 'Microsoft.Dynamics.CRM.ReactivateEntityKey',
          action: { EntityKeyLogicalName: keyName },
        }),
      { idempotent: true },
    );
    return { status: 'Pending' };
  } catch (error) {
    throw keyFailure(error, client, {
      verb: 'reactivate',
      adminStep: `reactivate the alternate key on Order → ${EXTERNAL_ORDER_ID_COLUMN} (Power Apps → Tables → Order → Keys)`,
    });
  }
}

/** A failed key change: a missing customization privilege says whom to ask, anything else plainly. */
function keyFailure(
  error: unknown,
  client: DataverseClient,
  what: { verb: 'create' | 'reactivate'; adminStep: string },
): unknown {
  if (error instanceof DataverseError && error.upstreamStatus === 403) {
    return new AppError(
      403,
      'privilege_denied',
      `The connector's security role may not customize tables, so it could not ${what.verb} the key. Ask a Dataverse admin to ${what.adminStep}, or to give the role the System Customizer privileges, then test again.`,
      { retriable: false, cause: error },
    );
  }
  return plainFailure(error, client);
}

/** A Dataverse failure as one sentence the merchant can act on (Dataverse's raw text goes to the log). */
function plainFailure(error: unknown, client: DataverseClient): unknown {
  if (!(error instanceof DataverseError)) return error;
  const failure = describeDataverseFailure(error, client.connection.environmentUrl);
  const status = failure.kind === 'refused' ? 502 : 503;
  const code =
    failure.kind === 'throttled'
      ? 'iom_throttled'
      : failure.kind === 'refused'
        ? 'dataverse_error'
        : 'iom_unavailable';
  return new AppError(status, code, failure.message, { retriable: error.retriable, cause: error });
}
