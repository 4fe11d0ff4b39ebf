/**
 * Binds a parsed `$filter` to the properties of a type and turns it into a predicate. Type checks follow
 * OData (an incompatible literal is a 400); string comparisons are case-insensitive like Dataverse's SQL
 * collation.
 */
import { odataError, unknownProperty } from '../errors';
import type { CompareOp, FilterExpr, Literal, Operand } from './filter-parser';

export type EdmType =
  | 'Edm.String'
  | 'Edm.Int32'
  | 'Edm.Int64'
  | 'Edm.Decimal'
  | 'Edm.Double'
  | 'Edm.Boolean'
  | 'Edm.Guid'
  | 'Edm.DateTimeOffset';

export type Primitive = string | number | boolean | null;

export interface BoundProperty<T> {
  type: EdmType;
  read(item: T): Primitive;
}

/** The properties a filter may name, for one type (`typeName`, e.g. `salesorder`, names it in errors). */
export interface PropertySource<T> {
  typeName: string;
  property(name: string): BoundProperty<T> | undefined;
}

export type Predicate<T> = (item: T) => boolean;

const NUMERIC: ReadonlySet<EdmType> = new Set(['Edm.Int32', 'Edm.Int64', 'Edm.Decimal', 'Edm.Double']);

const OPERATOR_KIND: Record<CompareOp, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
};

interface BoundOperand<T> {
  /** undefined for the null literal, which is compatible with every type. */
  type: EdmType | undefined;
  read(item: T): Primitive;
}

export function compileFilter<T>(expr: FilterExpr, source: PropertySource<T>): Predicate<T> {
  switch (expr.kind) {
    case 'and': {
      const left = compileFilter(expr.left, source);
      const right = compileFilter(expr.right, source);
      return (item) => left(item) && right(item);
    }
    case 'or': {
      const left = compileFilter(expr.left, source);
      const right = compileFilter(expr.right, source);
      return (item) => left(item) || right(item);
    }
    case 'not': {
      const operand = compileFilter(expr.operand, source);
      return (item) => !operand(item);
    }
    case 'compare':
      return compileComparison(expr.op, bindOperand(expr.left, source), bindOperand(expr.right, source));
    case 'text':
      return compileText(expr.fn, bindProperty(expr.property, source), expr.value);
    case 'in':
      return compileIn(expr.negated, expr.property, bindProperty(expr.property, source), expr.values);
  }
}

function bindProperty<T>(name: string, source: PropertySource<T>): BoundProperty<T> {
  const property = source.property(name);
  if (!property) throw unknownProperty(name, source.typeName);
  return property;
}

function bindOperand<T>(operand: Operand, source: PropertySource<T>): BoundOperand<T> {
  if (operand.kind === 'property') return bindProperty(operand.name, source);
  const { type, value } = literalValue(operand.literal);
  return { type, read: () => value };
}

function literalValue(literal: Literal): { type: EdmType | undefined; value: Primitive } {
  switch (literal.type) {
    case 'string':
      return { type: 'Edm.String', value: literal.value };
    case 'number':
      return { type: Number.isInteger(literal.value) ? 'Edm.Int32' : 'Edm.Decimal', value: literal.value };
    case 'boolean':
      return { type: 'Edm.Boolean', value: literal.value };
    case 'null':
      return { type: undefined, value: null };
    case 'guid':
      return { type: 'Edm.Guid', value: literal.value };
    case 'datetime':
      return { type: 'Edm.DateTimeOffset', value: literal.value };
  }
}

function compatible(a: EdmType | undefined, b: EdmType | undefined): boolean {
  if (a === undefined || b === undefined || a === b) return true;
  return NUMERIC.has(a) && NUMERIC.has(b);
}

/** A comparable form: case-folded text, epoch milliseconds for date-times. */
function normalize(type: EdmType | undefined, value: Primitive): Primitive {
  if (value === null) return null;
  if (type === 'Edm.DateTimeOffset' && typeof value === 'string') return Date.parse(value);
  if (typeof value === 'string') return value.toLowerCase();
  return value;
}

function compileComparison<T>(op: CompareOp, left: BoundOperand<T>, right: BoundOperand<T>): Predicate<T> {
  if (!compatible(left.type, right.type)) {
    throw odataError(
      `A binary operator with incompatible types was detected. Found operand types '${left.type}' and '${right.type}' for operator kind '${OPERATOR_KIND[op]}'.`,
    );
  }
  const type = left.type ?? right.type;
  return (item) => compare(op, normalize(type, left.read(item)), normalize(type, right.read(item)));
}

function compare(op: CompareOp, a: Primitive, b: Primitive): boolean {
  if (op === 'eq') return a === b;
  if (op === 'ne') return a !== b;
  if (a === null || b === null) return false;
  if (op === 'gt') return a > b;
  if (op === 'ge') return a >= b;
  if (op === 'lt') return a < b;
  return a <= b;
}

function compileText<T>(
  fn: 'contains' | 'startswith' | 'endswith',
  property: BoundProperty<T>,
  value: string,
): Predicate<T> {
  if (property.type !== 'Edm.String') {
    throw odataError(
      `No function signature for the function with name '${fn}' matches the specified arguments.`,
    );
  }
  const needle = value.toLowerCase();
  return (item) => {
    const text = property.read(item);
    if (typeof text !== 'string') return false;
    const hay = text.toLowerCase();
    if (fn === 'contains') return hay.includes(needle);
    return fn === 'startswith' ? hay.startsWith(needle) : hay.endsWith(needle);
  };
}

function compileIn<T>(
  negated: boolean,
  name: string,
  property: BoundProperty<T>,
  values: string[],
): Predicate<T> {
  const wanted = new Set(
    values.map((value) => normalize(property.type, convert(name, property.type, value))),
  );
  return (item) => wanted.has(normalize(property.type, property.read(item))) !== negated;
}

/** Query functions take every value as a string; Dataverse converts it to the column's type. */
function convert(name: string, type: EdmType, value: string): Primitive {
  if (NUMERIC.has(type)) {
    const number = Number(value);
    if (value.trim() === '' || Number.isNaN(number)) throw invalidValue(name, value);
    return number;
  }
  if (type === 'Edm.Boolean') {
    if (value !== 'true' && value !== 'false') throw invalidValue(name, value);
    return value === 'true';
  }
  if (type === 'Edm.DateTimeOffset' && Number.isNaN(Date.parse(value))) throw invalidValue(name, value);
  return value;
}

function invalidValue(name: string, value: string): Error {
  return odataError(`The value '${value}' is not valid for the property '${name}'.`);
}
