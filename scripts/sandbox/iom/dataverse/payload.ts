/**
 * Reads a create/update JSON body against a table's columns: typed values, `nav@odata.bind` lookups
 * (resolved to existing records) and deep-insert collections. Every mistake is a Web API 400/404 with
 * the message Dataverse's OData layer gives.
 *
 * sandbox assumption: read-only columns (createdon, totalamount, …) in a body are ignored, and a nested
 * object for a single-valued navigation property (deep insert of a parent) is refused.
 */
import { isGuid } from '../ids';
import { odataError, validationError } from './errors';
import { isoSeconds, type EntityRef, type Value } from './entity-store';
import type { RequestScope } from './environment';
import { resolveReference } from './records';
import { edmTypeOf } from './row-query';
import { LOOKUP_TYPES, type AttributeDef, type CollectionDef, type EntityDef } from './schema';

export type WriteMode = 'create' | 'update';

export interface Payload {
  values: Record<string, Value>;
  children: Array<{ collection: CollectionDef; items: unknown[] }>;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parsePayload(scope: RequestScope, def: EntityDef, body: unknown, mode: WriteMode): Payload {
  if (!isJsonObject(body))
    throw odataError('The request body must be a JSON object that describes the entity.');
  const { schema } = scope.env;
  const payload: Payload = { values: {}, children: [] };
  for (const [name, raw] of Object.entries(body)) {
    if (name.startsWith('@')) continue; // instance annotations such as @odata.type
    const at = name.indexOf('@');
    if (at > 0) {
      if (name.slice(at + 1) === 'odata.bind') bind(scope, def, name.slice(0, at), raw, payload);
      continue; // other property annotations carry no data
    }
    const collection = schema.collection(def, name);
    if (collection) {
      if (mode === 'update') {
        // sandbox assumption: deep update of a collection is refused (Dataverse documents deep insert only).
        throw odataError(
          `Deep update of the collection-valued navigation property '${name}' is not supported.`,
        );
      }
      if (!Array.isArray(raw))
        throw odataError(`The value of the navigation property '${name}' must be an array.`);
      payload.children.push({ collection, items: raw });
      continue;
    }
    if (schema.navigation(def, name)) {
      throw odataError(
        `Deep insert through the single-valued navigation property '${name}' is not simulated; bind an existing record with '${name}@odata.bind'.`,
      );
    }
    const lookup = schema.attributeByProperty(def, name);
    if (lookup && LOOKUP_TYPES.has(lookup.type)) {
      throw odataError(
        'CRM do not support direct update of Entity Reference properties, Use Navigation properties instead.',
      );
    }
    const attribute = schema.attribute(def, name);
    if (!attribute || LOOKUP_TYPES.has(attribute.type)) {
      throw odataError(
        `The property '${name}' does not exist on type 'Microsoft.Dynamics.CRM.${def.logicalName}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
      );
    }
    if (mode === 'create' ? !attribute.validForCreate : !attribute.validForUpdate) continue;
    payload.values[attribute.logicalName] = coerce(def, attribute, raw);
  }
  return payload;
}

function bind(scope: RequestScope, def: EntityDef, name: string, raw: unknown, payload: Payload): void {
  const navigation = scope.env.schema.navigation(def, name);
  if (!navigation) {
    throw odataError(
      `An undeclared property '${name}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.`,
    );
  }
  if (raw === null) {
    payload.values[navigation.attribute] = null;
    return;
  }
  if (typeof raw !== 'string')
    throw odataError(`The value of '${name}@odata.bind' must be an entity reference URI.`);
  const reference = resolveReference(scope, raw);
  if (reference.def.logicalName !== navigation.target) {
    throw odataError(
      `A reference to an entity of type 'Microsoft.Dynamics.CRM.${reference.def.logicalName}' cannot be bound to the navigation property '${name}', which expects 'Microsoft.Dynamics.CRM.${navigation.target}'.`,
    );
  }
  const ref: EntityRef = {
    id: String(reference.row[reference.def.primaryIdAttribute]),
    entity: reference.def.logicalName,
  };
  payload.values[navigation.attribute] = ref;
}

function coerce(def: EntityDef, attribute: AttributeDef, raw: unknown): Value {
  if (raw === null) return null;
  const mismatch = () =>
    odataError(
      `Cannot convert a primitive value to the expected type '${edmTypeOf(attribute)}'. See the inner exception for more details.`,
    );
  switch (attribute.type) {
    case 'String':
    case 'Memo':
      if (typeof raw !== 'string') throw mismatch();
      if (attribute.maxLength !== undefined && raw.length > attribute.maxLength) {
        throw validationError(
          `The length of the '${attribute.logicalName}' attribute of the '${def.logicalName}' entity exceeded the maximum allowed length of '${attribute.maxLength}'.`,
        );
      }
      return raw;
    case 'Integer':
    case 'BigInt':
      if (typeof raw !== 'number' || !Number.isInteger(raw)) throw mismatch();
      return raw;
    case 'Decimal':
    case 'Money':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw mismatch();
      return raw;
    case 'Boolean':
      if (typeof raw !== 'boolean') throw mismatch();
      return raw;
    case 'DateTime':
      if (typeof raw !== 'string' || Number.isNaN(Date.parse(raw))) throw mismatch();
      return isoSeconds(Date.parse(raw));
    case 'Uniqueidentifier':
      if (typeof raw !== 'string' || !isGuid(raw)) throw mismatch();
      return raw.toLowerCase();
    case 'Picklist':
    case 'State':
    case 'Status':
      if (typeof raw !== 'number' || !Number.isInteger(raw)) throw mismatch();
      if (!attribute.options || attribute.options[raw] === undefined) {
        throw validationError(
          `The value ${raw} of '${attribute.logicalName}' on record of type '${def.logicalName}' is outside the valid range.`,
        );
      }
      return raw;
    default:
      throw mismatch();
  }
}
