/**
 * Just enough GraphQL (https://spec.graphql.org/October2021/) for the simulator's Admin API: one operation
 * per document (query or mutation, optionally named, with variable definitions), fields with aliases,
 * arguments (variables, strings, numbers, booleans, null, enums, lists, objects) and selection sets.
 * Fragments and directives are not supported: a document using them is a syntax error here.
 */

export type GraphQLValue =
  string | number | boolean | null | GraphQLValue[] | { [key: string]: GraphQLValue };

export interface FieldNode {
  /** The response key: the alias when there is one. */
  key: string;
  name: string;
  args: Record<string, GraphQLValue>;
  selections: FieldNode[] | null;
}

export interface OperationNode {
  kind: 'query' | 'mutation';
  selections: FieldNode[];
}

export class GraphQLSyntaxError extends Error {}

type Token =
  | { type: 'punct'; value: string }
  | { type: 'name'; value: string }
  | { type: 'string'; value: string }
  | { type: 'number'; value: number };

const PUNCTUATION = new Set(['{', '}', '(', ')', ':', '[', ']', '$', '!', '=', '@', '.']);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/[\s,\uFEFF]/.test(c)) {
      i++;
    } else if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '"') {
      let value = '';
      i++;
      while (i < source.length && source[i] !== '"') {
        if (source[i] === '\\') {
          const next = source[i + 1];
          value += next === 'n' ? '\n' : next === 't' ? '\t' : (next ?? '');
          i += 2;
        } else value += source[i++];
      }
      if (source[i] !== '"') throw new GraphQLSyntaxError('Syntax Error: Unterminated string.');
      i++;
      tokens.push({ type: 'string', value });
    } else if (/[-0-9]/.test(c)) {
      const match = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(source.slice(i));
      if (!match) throw new GraphQLSyntaxError(`Syntax Error: Unexpected character "${c}".`);
      tokens.push({ type: 'number', value: Number(match[0]) });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      tokens.push({ type: 'name', value: match[0] });
      i += match[0].length;
    } else if (PUNCTUATION.has(c)) {
      tokens.push({ type: 'punct', value: c });
      i++;
    } else throw new GraphQLSyntaxError(`Syntax Error: Unexpected character "${c}".`);
  }
  return tokens;
}

/** Parses a document with one operation, substituting `variables` into the arguments. */
export function parseOperation(source: string, variables: Record<string, unknown>): OperationNode {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (what: string): never => {
    const token = peek();
    throw new GraphQLSyntaxError(
      `Syntax Error: Expected ${what}, found ${token ? `"${String(token.value)}"` : '<EOF>'}.`,
    );
  };
  const punct = (value: string) => {
    const token = peek();
    if (token?.type === 'punct' && token.value === value) {
      pos++;
      return true;
    }
    return false;
  };
  const expectPunct = (value: string) => {
    if (!punct(value)) fail(`"${value}"`);
  };
  const name = (): string => {
    const token = peek();
    if (token?.type !== 'name') return fail('Name');
    pos++;
    return token.value;
  };

  const value = (): GraphQLValue => {
    if (punct('$')) {
      const variable = name();
      if (!(variable in variables)) throw new GraphQLSyntaxError(`Variable "$${variable}" was not provided.`);
      return variables[variable] as GraphQLValue;
    }
    if (punct('[')) {
      const list: GraphQLValue[] = [];
      while (!punct(']')) list.push(value());
      return list;
    }
    if (punct('{')) {
      const object: Record<string, GraphQLValue> = {};
      while (!punct('}')) {
        const key = name();
        expectPunct(':');
        object[key] = value();
      }
      return object;
    }
    const token = peek();
    if (!token || token.type === 'punct') return fail('a value');
    pos++;
    if (token.type !== 'name') return token.value;
    if (token.value === 'true') return true;
    if (token.value === 'false') return false;
    if (token.value === 'null') return null;
    return token.value;
  };

  const selectionSet = (): FieldNode[] => {
    expectPunct('{');
    const fields: FieldNode[] = [];
    while (!punct('}')) {
      if (peek()?.type === 'punct') fail('a field (fragments are not supported)');
      const key = name();
      let fieldName = key;
      if (punct(':')) fieldName = name();
      const args: Record<string, GraphQLValue> = {};
      if (punct('(')) {
        while (!punct(')')) {
          const arg = name();
          expectPunct(':');
          args[arg] = value();
        }
      }
      const next = peek();
      const selections = next?.type === 'punct' && next.value === '{' ? selectionSet() : null;
      fields.push({ key, name: fieldName, args, selections });
    }
    return fields;
  };

  let kind: OperationNode['kind'] = 'query';
  const first = peek();
  if (first?.type === 'name') {
    if (first.value !== 'query' && first.value !== 'mutation')
      fail('"query" or "mutation" (subscriptions and fragments are not supported)');
    kind = first.value as OperationNode['kind'];
    pos++;
    if (peek()?.type === 'name') pos++;
    if (punct('(')) {
      // Variable definitions: `$name: Type! = default`; the values come from `variables`.
      let depth = 1;
      while (depth > 0) {
        const token = tokens[pos++];
        if (!token) fail('")"');
        else if (token.type === 'punct' && token.value === '(') depth++;
        else if (token.type === 'punct' && token.value === ')') depth--;
      }
    }
  }
  const selections = selectionSet();
  if (pos < tokens.length) fail('<EOF> (send one operation per request)');
  return { kind, selections };
}
