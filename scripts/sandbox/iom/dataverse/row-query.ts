/**
 * Query options applied to table rows: $filter binding, $orderby, $select validation and $expand
 * planning. Property names are Web API names (`_customerid_value` for lookups).
 */
import { odataError, unknownProperty } from './errors';
import { isEntityRef, type Row } from './entity-store';
import {
  compileFilter,
  type EdmType,
  type Predicate,
  type Primitive,
  type PropertySource,
} from './odata/filter-compiler';
import type { FilterExpr } from './odata/filter-parser';
import type { ExpandOption, OrderBy } from './odata/query-options';
import type { AttributeDef, EntityDef, Schema } from './schema';

const EDM: Record<AttributeDef['type'], EdmType> = {
  Uniqueidentifier: 'Edm.Guid',
  String: 'Edm.String',
  Memo: 'Edm.String',
  Integer: 'Edm.Int32',
  BigInt: 'Edm.Int64',
  Decimal: 'Edm.Decimal',
  Money: 'Edm.Decimal',
  Boolean: 'Edm.Boolean',
  DateTime: 'Edm.DateTimeOffset',
  Lookup: 'Edm.Guid',
  Customer: 'Edm.Guid',
  Owner: 'Edm.Guid',
  Picklist: 'Edm.Int32',
  State: 'Edm.Int32',
  Status: 'Edm.Int32',
};

export function edmTypeOf(attribute: AttributeDef): EdmType {
  return EDM[attribute.type];
}

/** A column's value as it appears in payloads and filters (a lookup is its target id). */
export function primitiveOf(row: Row, attribute: AttributeDef): Primitive {
  const value = row[attribute.logicalName];
  if (value === undefined) return null;
  return isEntityRef(value) ? value.id : value;
}

function rowSource(schema: Schema, def: EntityDef): PropertySource<Row> {
  return {
    typeName: def.logicalName,
    property(name) {
      const attribute = schema.attributeByProperty(def, name);
      if (!attribute) return undefined;
      return { type: EDM[attribute.type], read: (row) => primitiveOf(row, attribute) };
    },
  };
}

export function rowFilter(schema: Schema, def: EntityDef, filter: FilterExpr): Predicate<Row> {
  return compileFilter(filter, rowSource(schema, def));
}

export function sortRows(schema: Schema, def: EntityDef, rows: Row[], orderby: readonly OrderBy[]): Row[] {
  const source = rowSource(schema, def);
  const keys = orderby.map((clause) => {
    const property = source.property(clause.property);
    if (!property) throw unknownProperty(clause.property, def.logicalName);
    return { read: property.read, descending: clause.descending, type: property.type };
  });
  return [...rows].sort((a, b) => {
    for (const key of keys) {
      const order = compareValues(key.type, key.read(a), key.read(b));
      if (order !== 0) return key.descending ? -order : order;
    }
    return 0;
  });
}

/** SQL order: nulls first, text case-insensitively. */
function compareValues(type: EdmType, a: Primitive, b: Primitive): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (type === 'Edm.DateTimeOffset') return Date.parse(String(a)) - Date.parse(String(b));
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase().localeCompare(b.toLowerCase());
  return a < b ? -1 : a > b ? 1 : 0;
}

export function validateSelect(schema: Schema, def: EntityDef, select: readonly string[] | undefined): void {
  for (const name of select ?? []) {
    if (!schema.attributeByProperty(def, name)) throw unknownProperty(name, def.logicalName);
  }
}

export interface PreparedExpand {
  name: string;
  kind: 'collection' | 'single';
  target: EntityDef;
  /** collection: the child's lookup to the parent; single: the parent's lookup column. */
  attribute: string;
  select?: string[];
  filter?: Predicate<Row>;
  orderby?: OrderBy[];
  top?: number;
}

export function prepareExpand(
  schema: Schema,
  def: EntityDef,
  expand: readonly ExpandOption[],
): PreparedExpand[] {
  return expand.map((option) => {
    const collection = schema.collection(def, option.name);
    const navigation = schema.navigation(def, option.name);
    if (!collection && !navigation) throw unknownProperty(option.name, def.logicalName);
    const target = schema.require(collection ? collection.entity : (navigation?.target ?? ''));
    validateSelect(schema, target, option.select);
    if (navigation && (option.filter || option.orderby || option.top !== undefined)) {
      throw odataError(
        `Only $select is supported when expanding the single-valued navigation property '${option.name}'.`,
      );
    }
    if (option.orderby) sortRows(schema, target, [], option.orderby); // validates the property names
    return {
      name: option.name,
      kind: collection ? 'collection' : 'single',
      target,
      attribute: collection ? collection.attribute : (navigation?.attribute ?? ''),
      select: option.select,
      filter: option.filter ? rowFilter(schema, target, option.filter) : undefined,
      orderby: option.orderby,
      top: option.top,
    };
  });
}
