/**
 * Alternate keys (EntityKeyMetadata). salesorder's key on msdyn_externalorderid follows the
 * `alternateKeyOnExternalOrderId` knob; keys created through the Web API are kept until `reset()`.
 *
 * sandbox assumption: a new key is Active at once (Dataverse builds the index asynchronously and reports
 * EntityKeyIndexStatus Pending first).
 */
import { stableGuid } from '../ids';
import type { IomKnobs } from '../types';
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
    if (sameKey(key, EXTERNAL_ORDER_ID_KEY)) this.knobs.alternateKeyOnExternalOrderId = true;
    else this.created.push(key);
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
