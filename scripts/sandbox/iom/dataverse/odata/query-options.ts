/**
 * Parses OData system query options: $select, $filter, $orderby, $top, $count, $expand (with nested
 * $select/$filter/$orderby/$top), and the server-issued $skiptoken and $deltatoken.
 */
import { odataError } from '../errors';
import { parseFilter, type FilterExpr } from './filter-parser';
import { splitTopLevel } from './split';

export interface OrderBy {
  property: string;
  descending: boolean;
}

export interface ExpandOption {
  name: string;
  select?: string[];
  filter?: FilterExpr;
  orderby?: OrderBy[];
  top?: number;
}

export interface QueryOptions {
  select?: string[];
  filter?: FilterExpr;
  orderby?: OrderBy[];
  top?: number;
  count: boolean;
  expand: ExpandOption[];
  skiptoken?: string;
  deltatoken?: string;
}

const SUPPORTED = new Set([
  '$select',
  '$filter',
  '$orderby',
  '$top',
  '$count',
  '$expand',
  '$skiptoken',
  '$deltatoken',
]);
const IDENTIFIER = /^[A-Za-z_][\w]*$/;

export function parseQueryOptions(params: URLSearchParams): QueryOptions {
  for (const key of new Set(params.keys())) {
    if (!key.startsWith('$')) continue; // custom query options are ignored
    if (!SUPPORTED.has(key)) throw odataError(`The query parameter ${key} is not supported`);
    if (params.getAll(key).length > 1) {
      throw odataError(
        `Query option '${key}' was specified more than once, but it must be specified at most once.`,
      );
    }
  }
  const option = (name: string): string | undefined => params.get(name) ?? undefined;
  const select = option('$select');
  const filter = option('$filter');
  const orderby = option('$orderby');
  const top = option('$top');
  const count = option('$count');
  const expand = option('$expand');
  return {
    select: select === undefined ? undefined : parseSelect(select),
    filter: filter === undefined ? undefined : parseFilter(filter),
    orderby: orderby === undefined ? undefined : parseOrderBy(orderby),
    top: top === undefined ? undefined : parseTop(top),
    count: count === undefined ? false : parseCount(count),
    expand: expand === undefined ? [] : parseExpand(expand),
    skiptoken: option('$skiptoken'),
    deltatoken: option('$deltatoken'),
  };
}

function parseSelect(text: string): string[] {
  const names = text.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!IDENTIFIER.test(name))
      throw odataError(`Term '${text}' is not valid in a $select or $expand expression.`);
  }
  return names;
}

function parseOrderBy(text: string): OrderBy[] {
  return text.split(',').map((clause) => {
    const [property = '', direction, ...extra] = clause.trim().split(/\s+/);
    if (
      !IDENTIFIER.test(property) ||
      extra.length > 0 ||
      (direction && direction !== 'asc' && direction !== 'desc')
    ) {
      throw odataError(`Syntax error at position 0 in '${text}'.`);
    }
    return { property, descending: direction === 'desc' };
  });
}

function parseTop(text: string): number {
  if (!/^\d+$/.test(text)) {
    throw odataError(
      `Invalid value '${text}' for $top query option found. The $top query option requires a non-negative integer value.`,
    );
  }
  return Number(text);
}

function parseCount(text: string): boolean {
  if (text !== 'true' && text !== 'false') {
    throw odataError(`'${text}' is not a valid count option.`);
  }
  return text === 'true';
}

function parseExpand(text: string): ExpandOption[] {
  return splitTopLevel(text, ',').map((item) => {
    const open = item.indexOf('(');
    const name = (open === -1 ? item : item.slice(0, open)).trim();
    if (!IDENTIFIER.test(name))
      throw odataError(`Term '${text}' is not valid in a $select or $expand expression.`);
    if (open === -1) return { name };
    if (!item.trimEnd().endsWith(')'))
      throw odataError(`Term '${text}' is not valid in a $select or $expand expression.`);
    const inner = item.slice(open + 1, item.trimEnd().length - 1);
    const option: ExpandOption = { name };
    for (const part of splitTopLevel(inner, ';')) {
      const eq = part.indexOf('=');
      const key = part.slice(0, eq).trim();
      const value = part.slice(eq + 1);
      if (eq === -1) throw odataError(`Term '${text}' is not valid in a $select or $expand expression.`);
      if (key === '$select') option.select = parseSelect(value);
      else if (key === '$filter') option.filter = parseFilter(value);
      else if (key === '$orderby') option.orderby = parseOrderBy(value);
      else if (key === '$top') option.top = parseTop(value);
      // sandbox assumption: nested $expand inside $expand is refused rather than simulated.
      else throw odataError(`The query option ${key} is not supported inside $expand.`);
    }
    return option;
  });
}
