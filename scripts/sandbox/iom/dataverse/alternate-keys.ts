/**
 * Alternate keys (EntityKeyMetadata). salesorder's key on msdyn_externalorderid follows the
 * `alternateKeyOnExternalOrderId` knob; keys created through the Web API are kept until `reset()`.
 *
 * Its index status (EntityKeyIndexStatus: Pending, InProgress, Active or Failed) follows the
 * `alternateKeyIndexStatus` knob; every other key is Active. `ReactivateEntityKey` on a Failed key
 * rebuilds its index.
 *
 * sandbox assumption: a new or reactivated key is Active at once (Dataverse builds the index
 * asynchronously and reports EntityKeyIndexStatus Pending first); reactivating a key that has not
 * failed is accepted and changes nothing.
 */
import { stableGuid } from '../ids';
import type { EntityKeyIndexStatus, IomKnobs } from '../types';
import type { Schema } from './schema';

export interface AlternateKey {
  metadataId: string;
  logicalName: string;
  schemaName: string;
  displayName: string;
  entity: string;
  attributes: readonly string[];
}

const EXTERNAL_ORDER_ID_KEY: AlternateKey = {
  metadataId: stableGuid('key:salesorder:msdyn_externalorderid'),
  logicalName: 'msdyn_externalorderidkey',
  schemaName: 'msdyn_ExternalOrderIdKey',
  displayName: 'External Order ID Key',
  entity: 'salesorder',
  attributes: ['msdyn_externalorderid'],
};

export class AlternateKeyRegistry {
  private created: AlternateKey[] = [];

  constructor(
    private readonly knobs: IomKnobs,
    private readonly schema: Schema,
  ) {}

  /** The keys that exist on `entity` right now (their columns must exist too). */
  active(entity: string): AlternateKey[] {
    const def = this.schema.entity(entity);
    if (!def) return [];
    const keys = this.knobs.alternateKeyOnExternalOrderId
      ? [EXTERNAL_ORDER_ID_KEY, ...this.created]
      : this.created;
    return keys.filter(
      (key) => key.entity === entity && key.attributes.every((a) => this.schema.attribute(def, a)),
    );
  }

  add(key: AlternateKey): void {
    if (sameKey(key, EXTERNAL_ORDER_ID_KEY)) {
      this.knobs.alternateKeyOnExternalOrderId = true;
      this.knobs.alternateKeyIndexStatus = 'Active';
    } else this.created.push(key);
  }

  /** The key's EntityKeyIndexStatus. */
  indexStatus(key: AlternateKey): EntityKeyIndexStatus {
    return sameKey(key, EXTERNAL_ORDER_ID_KEY) ? this.knobs.alternateKeyIndexStatus : 'Active';
  }

  /** Rebuilds a Failed key's index (ReactivateEntityKey). */
  reactivate(key: AlternateKey): void {
    if (sameKey(key, EXTERNAL_ORDER_ID_KEY) && this.knobs.alternateKeyIndexStatus === 'Failed')
      this.knobs.alternateKeyIndexStatus = 'Active';
  }

  reset(): void {
    this.created = [];
  }
}

function sameKey(a: AlternateKey, b: AlternateKey): boolean {
  return (
    a.entity === b.entity &&
    a.attributes.length === b.attributes.length &&
    a.attributes.every((x) => b.attributes.includes(x))
  );
}
