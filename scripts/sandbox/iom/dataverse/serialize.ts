/**
 * Turns a row into its Web API JSON: `@odata.etag`, the selected columns (lookups as `_x_value`),
 * annotations the caller asked for with `odata.include-annotations`, and expanded navigation properties.
 */
import { isEntityRef, type Row } from './entity-store';
import type { RequestScope } from './environment';
import { primitiveOf, sortRows, type PreparedExpand } from './row-query';
import { LOOKUP_TYPES, propertyName, type AttributeDef, type EntityDef } from './schema';

const FORMATTED = 'OData.Community.Display.V1.FormattedValue';
const NAVIGATION = 'Microsoft.Dynamics.CRM.associatednavigationproperty';
const LOGICAL_NAME = 'Microsoft.Dynamics.CRM.lookuplogicalname';

export interface Projection {
  select?: readonly string[];
  expand: readonly PreparedExpand[];
}

export function etagOf(row: Row): string {
  return `W/"${String(row.versionnumber)}"`;
}

export function entityPath(def: EntityDef, id: string): string {
  return `${def.entitySetName}(${id})`;
}

export function serializeRow(
  scope: RequestScope,
  def: EntityDef,
  row: Row,
  projection: Projection,
): Record<string, unknown> {
  const { schema } = scope.env;
  const out: Record<string, unknown> = { '@odata.etag': etagOf(row) };
  const selected = projection.select ? new Set(projection.select) : undefined;
  for (const attribute of schema.attributes(def)) {
    const name = propertyName(attribute);
    if (selected && !selected.has(name) && attribute.logicalName !== def.primaryIdAttribute) continue;
    const value = primitiveOf(row, attribute);
    out[name] = value;
    if (value !== null) Object.assign(out, annotations(scope, def, row, attribute, name));
  }
  for (const expand of projection.expand) out[expand.name] = expanded(scope, def, row, expand);
  return out;
}

function annotations(
  scope: RequestScope,
  def: EntityDef,
  row: Row,
  attribute: AttributeDef,
  name: string,
): Record<string, unknown> {
  const include = scope.prefer.includeAnnotation;
  const out: Record<string, unknown> = {};
  const value = row[attribute.logicalName];
  if (LOOKUP_TYPES.has(attribute.type) && isEntityRef(value)) {
    const target = scope.env.schema.entity(value.entity);
    const targetRow = target ? scope.env.store.get(target.logicalName, value.id) : undefined;
    const label = target && targetRow ? targetRow[target.primaryNameAttribute] : undefined;
    if (include(FORMATTED) && typeof label === 'string') out[`${name}@${FORMATTED}`] = label;
    const navigation = def.navigations.find(
      (n) => n.attribute === attribute.logicalName && n.target === value.entity,
    );
    if (include(NAVIGATION)) out[`${name}@${NAVIGATION}`] = navigation?.name ?? attribute.logicalName;
    if (include(LOGICAL_NAME)) out[`${name}@${LOGICAL_NAME}`] = value.entity;
  } else if (include(FORMATTED) && attribute.options && typeof value === 'number') {
    const label = attribute.options[value];
    if (label !== undefined) out[`${name}@${FORMATTED}`] = label;
  } else if (include(FORMATTED) && attribute.type === 'Boolean' && typeof value === 'boolean') {
    out[`${name}@${FORMATTED}`] = value ? 'Yes' : 'No';
  }
  return out;
}

function expanded(scope: RequestScope, def: EntityDef, row: Row, expand: PreparedExpand): unknown {
  const { store, schema } = scope.env;
  const id = String(row[def.primaryIdAttribute]);
  const projection: Projection = { select: expand.select, expand: [] };
  if (expand.kind === 'single') {
    const ref = row[expand.attribute];
    const target = isEntityRef(ref) ? store.get(expand.target.logicalName, ref.id) : undefined;
    return target ? serializeRow(scope, expand.target, target, projection) : null;
  }
  let children = store.children(expand.target.logicalName, expand.attribute, id);
  if (expand.filter) children = children.filter(expand.filter);
  if (expand.orderby) children = sortRows(schema, expand.target, children, expand.orderby);
  if (expand.top !== undefined) children = children.slice(0, expand.top);
  return children.map((child) => serializeRow(scope, expand.target, child, projection));
}
