import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { assertSavedTargetsAllowed } from '../iom/connection-input';
import {
  discoverFulfillmentProfile,
  parseSchemaOverrides,
  type FulfillmentProfile,
  type SchemaOverrides,
} from '../iom/fulfillment-profile';
import { requeueOutbound } from './outbound-requeue';

const INTERACTIVE = { timeoutMs: 15_000, maxAttempts: 2, maxWaitMs: 5_000 };

/**
 * An admin's IOM schema overrides (table or column names the discovery could not find): validated
 * (field errors), kept with the connection, the schema discovered again with them, and the orders
 * held for the schema queued again. Used by `PUT /api/connection/schema-overrides` and by
 * `PUT /api/settings` (`schemaOverrides`).
 */
export async function saveSchemaOverrides(
  deps: Pick<AppDeps, 'storage' | 'iom' | 'clock' | 'config'>,
  storeHash: string,
  body: unknown,
): Promise<{ schemaOverrides: SchemaOverrides; fulfillmentProfile: FulfillmentProfile }> {
  const overrides = parseSchemaOverrides(body);
  const connection = await deps.storage.connections.get(storeHash);
  if (!connection) {
    throw new AppError(
      409,
      'not_connected',
      'IOM is not connected yet. Enter the Dataverse environment and app registration first.',
      { retriable: false },
    );
  }
  await assertSavedTargetsAllowed(connection, deps.config);
  await deps.storage.connections.saveSchema(storeHash, { schemaOverrides: overrides });
  const fulfillmentProfile = await discoverFulfillmentProfile(
    deps.iom.clientFor(connection, INTERACTIVE),
    overrides,
    deps.clock(),
  );
  await deps.storage.connections.saveSchema(storeHash, { fulfillmentProfile });
  await requeueOutbound(deps, storeHash, 'iom_schema', 'schema overrides saved');
  return { schemaOverrides: overrides, fulfillmentProfile };
}
