import type { DataverseClient } from './dataverse-client';
import { DataverseError } from './errors';
import { EXTERNAL_ORDER_ID_COLUMN, EXTERNAL_ORDER_ID_KEY, SALES_ORDER_TABLE } from './dataverse-schema';
import { AppError } from '../errors';

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
    if (error instanceof DataverseError && error.upstreamStatus === 403) {
      throw new AppError(
        403,
        'privilege_denied',
        `The connector's security role may not customize tables, so it could not create the key. Ask a Dataverse admin to add an alternate key on Order → ${EXTERNAL_ORDER_ID_COLUMN}, or to give the role the System Customizer privileges, then test again.`,
        { retriable: false, cause: error },
      );
    }
    throw error;
  }
}
