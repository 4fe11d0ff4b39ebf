/**
 * Addressing records: by primary key, by alternate key (only keys that exist), and by entity reference
 * (`/accounts(<guid>)`, `/products(productnumber='MUG-GRY')`, an absolute URL, or a `$1` Content-ID).
 */
import {
  DataverseError,
  ErrorCode,
  keyedRecordNotFound,
  odataError,
  recordNotFound,
  segmentNotFound,
} from './errors';
import type { Row } from './entity-store';
import type { RequestScope } from './environment';
import type { AlternateKey } from './alternate-keys';
import { parseResourcePath, type KeySpec, type KeyValue } from './resource-path';
import type { EntityDef } from './schema';

export type ResolvedKey =
  { kind: 'id'; id: string } | { kind: 'alternate'; key: AlternateKey; values: Record<string, KeyValue> };

export function resolveKey(scope: RequestScope, def: EntityDef, spec: KeySpec): ResolvedKey {
  if (spec.kind === 'id') return spec;
  const names = Object.keys(spec.values);
  const primary = spec.values[def.primaryIdAttribute];
  if (names.length === 1 && typeof primary === 'string') return { kind: 'id', id: primary.toLowerCase() };
  const key = scope.env.keys
    .active(def.logicalName)
    .find((k) => k.attributes.length === names.length && k.attributes.every((a) => names.includes(a)));
  if (!key) throw invalidKey(def);
  for (const [name, value] of Object.entries(spec.values)) {
    const attribute = scope.env.schema.attribute(def, name);
    const numeric =
      attribute?.type === 'Integer' || attribute?.type === 'Decimal' || attribute?.type === 'Picklist';
    if (typeof value !== (numeric ? 'number' : 'string')) {
      throw odataError(`The key value ${String(value)} is not valid for the property '${name}'.`);
    }
  }
  return { kind: 'alternate', key, values: spec.values };
}

function invalidKey(def: EntityDef): DataverseError {
  const type = `Microsoft.Dynamics.CRM.${def.logicalName}`;
  return odataError(
    `The key in the request URI is not valid for resource '${type}'. Ensure that the names and number of key properties match the declared or alternate key properties for the resource '${type}'.`,
  );
}

export function findRow(scope: RequestScope, def: EntityDef, key: ResolvedKey): Row | undefined {
  const { store } = scope.env;
  if (key.kind === 'id') return store.get(def.logicalName, key.id);
  return store.findByValues(def.logicalName, key.values);
}

export function notFound(def: EntityDef, key: ResolvedKey): DataverseError {
  return key.kind === 'id'
    ? recordNotFound(def.logicalName, key.id)
    : keyedRecordNotFound(def.logicalName, key.values);
}

export interface Reference {
  def: EntityDef;
  row: Row;
}

/** Resolves an `@odata.bind` value (or a `$n` reference) to an existing record. */
export function resolveReference(scope: RequestScope, text: string): Reference {
  const path = referencePath(scope, text);
  const segments = parseResourcePath(path);
  const [segment] = segments;
  if (!segment || segments.length !== 1 || !segment.key) {
    throw odataError(`The URI '${text}' is not valid because it is not based on '${scope.serviceRoot}/'.`);
  }
  const def = scope.env.schema.entityBySet(segment.name);
  if (!def) throw segmentNotFound(segment.name);
  const key = resolveKey(scope, def, segment.key);
  const row = findRow(scope, def, key);
  if (!row) throw notFound(def, key);
  return { def, row };
}

function referencePath(scope: RequestScope, text: string): string {
  const contentId = /^\$(\w+)$/.exec(text);
  if (contentId) {
    const url = scope.contentIds.get(contentId[1] ?? '');
    if (!url)
      throw new DataverseError(
        400,
        ErrorCode.OData,
        `Content-ID reference '${text}' is not defined in this change set.`,
      );
    return url.slice(scope.serviceRoot.length + 1);
  }
  if (/^https?:\/\//i.test(text)) {
    const url = new URL(text);
    const root = new URL(scope.serviceRoot);
    if (url.origin !== root.origin || !url.pathname.startsWith(`${root.pathname}/`)) {
      throw odataError(`The URI '${text}' is not valid because it is not based on '${scope.serviceRoot}/'.`);
    }
    return url.pathname.slice(root.pathname.length + 1);
  }
  return text.replace(/^\//, '');
}
