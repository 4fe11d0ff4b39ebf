import type { AppDeps } from '../deps';
import type { DataverseClient } from '../iom/dataverse-client';
import { discoverFulfillmentProfile, type FulfillmentProfile } from '../iom/fulfillment-profile';

/**
 * The store's discovered IOM fulfillment schema: the one kept with the connection by the connection
 * test (or by saving schema overrides); a connection saved before discovery existed is discovered once
 * here and the profile kept. A profile missing what the relay must read is refused with its own words.
 */
export async function fulfillmentProfileFor(
  deps: Pick<AppDeps, 'storage' | 'clock'>,
  client: DataverseClient,
  storeHash: string,
): Promise<FulfillmentProfile> {
  const connection = await deps.storage.connections.get(storeHash);
  let profile = connection?.fulfillmentProfile ?? null;
  if (profile === null) {
    profile = await discoverFulfillmentProfile(client, connection?.schemaOverrides ?? {}, deps.clock());
    await deps.storage.connections.saveSchema(storeHash, { fulfillmentProfile: profile });
  }
  return profile;
}

/**
 * What the profile lacks that the outbound relay cannot do without (a missing return table only stops
 * returns, and is not among them): the discovery's own sentences, each naming the table or column and
 * the override that fixes it.
 */
export function blockingGaps(profile: FulfillmentProfile): string[] {
  return profile.missing.filter((sentence) => !/returns won.t be relayed/.test(sentence));
}
