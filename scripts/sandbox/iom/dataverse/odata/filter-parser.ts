/**
 * Parses the `$filter` subset Dataverse clients use: eq/ne/gt/ge/lt/le, and/or/not, parentheses,
 * contains/startswith/endswith, `Microsoft.Dynamics.CRM.In(PropertyName='x',PropertyValues=['a','b'])`
 * (and NotIn), with string, number, boolean, null, guid and date-time literals.
 */
import { odataError } from '../errors';

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type Literal =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' }
  | { type: 'guid'; value: string }
  | { type: 'datetime'; value: string };

export type Operand = { kind: 'property'; name: string } | { kind: 'literal'; literal: Literal };

export type FilterExpr =
  | { kind: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; operand: FilterExpr }
  | { kind: 'compare'; op: CompareOp; left: Operand; right: Operand }
  | { kind: 'text'; fn: 'contains' | 'startswith' | 'endswith'; property: string; value: string }
  | { kind: 'in'; negated: boolean; property: string; values: string[] };

type Token =
  | { kind: 'punct'; value: '(' | ')' | ',' | '[' | ']' | '=' }
  | { kind: 'word'; value: string }
  | { kind: 'literal'; literal: Literal };

const COMPARE_OPS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[mMdDfFlL]?/;
const WORD = /^[A-Za-z_][\w.]*/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let rest = text;
  while (rest.length > 0) {
    const space = /^\s+/.exec(rest);
    if (space) {
      rest = rest.slice(space[0].length);
      continue;
    }
    const first = rest[0] ?? '';
    if ('(),[]='.includes(first)) {
      tokens.push({ kind: 'punct', value: first as '(' | ')' | ',' | '[' | ']' | '=' });
      rest = rest.slice(1);
      continue;
    }
    if (first === "'") {
      const { value, length } = readString(rest, text);
      tokens.push({ kind: 'literal', literal: { type: 'string', value } });
      rest = rest.slice(length);
      continue;
    }
    const guid = GUID.exec(rest);
    if (guid) {
      tokens.push({ kind: 'literal', literal: { type: 'guid', value: guid[0].toLowerCase() } });
      rest = rest.slice(guid[0].length);
      continue;
    }
    const datetime = DATETIME.exec(rest);
    if (datetime) {
      if (Number.isNaN(Date.parse(datetime[0]))) throw syntaxError(text);
      tokens.push({ kind: 'literal', literal: { type: 'datetime', value: datetime[0] } });
      rest = rest.slice(datetime[0].length);
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: 'literal', literal: { type: 'number', value: Number.parseFloat(number[0]) } });
      rest = rest.slice(number[0].length);
      continue;
    }
    const word = WORD.exec(rest);
    if (!word) throw syntaxError(text);
    tokens.push(wordToken(word[0]));
    rest = rest.slice(word[0].length);
  }
  return tokens;
}

function wordToken(word: string): Token {
  if (word === 'true' || word === 'false')
    return { kind: 'literal', literal: { type: 'boolean', value: word === 'true' } };
  if (word === 'null') return { kind: 'literal', literal: { type: 'null' } };
  return { kind: 'word', value: word };
}

/** A quoted OData string: `'it''s'` is `it's`. */
function readString(rest: string, whole: string): { value: string; length: number } {
  let value = '';
  let i = 1;
  while (i < rest.length) {
    const c = rest[i];
    if (c === "'") {
      if (rest[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { value, length: i + 1 };
    }
    value += c;
    i += 1;
  }
  throw odataError(`There is an unterminated string literal in the $filter expression '${whole}'.`);
}

function syntaxError(text: string): Error {
  return odataError(`Syntax error in the $filter expression '${text}'.`);
}

class Parser {
  private position = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  parse(): FilterExpr {
    const expr = this.or();
    if (this.position < this.tokens.length) throw syntaxError(this.text);
    return expr;
  }

  private or(): FilterExpr {
    let left = this.and();
    while (this.acceptWord('or')) left = { kind: 'or', left, right: this.and() };
    return left;
  }

  private and(): FilterExpr {
    let left = this.unary();
    while (this.acceptWord('and')) left = { kind: 'and', left, right: this.unary() };
    return left;
  }

  private unary(): FilterExpr {
    if (this.acceptWord('not')) return { kind: 'not', operand: this.unary() };
    if (this.acceptPunct('(')) {
      const inner = this.or();
      this.expectPunct(')');
      return inner;
    }
    const token = this.peek();
    const after = this.peekAt(1);
    if (token?.kind === 'word' && after?.kind === 'punct' && after.value === '(')
      return this.call(token.value);
    return this.comparison();
  }

  private comparison(): FilterExpr {
    const left = this.operand();
    const op = this.next();
    if (op?.kind !== 'word' || !COMPARE_OPS.has(op.value)) throw syntaxError(this.text);
    const right = this.operand();
    return { kind: 'compare', op: op.value as CompareOp, left, right };
  }

  private operand(): Operand {
    const token = this.next();
    if (token?.kind === 'literal') return { kind: 'literal', literal: token.literal };
    if (token?.kind === 'word') return { kind: 'property', name: token.value };
    throw syntaxError(this.text);
  }

  private call(name: string): FilterExpr {
    this.position += 2; // name and '('
    if (name === 'contains' || name === 'startswith' || name === 'endswith') {
      const property = this.word();
      this.expectPunct(',');
      const value = this.stringLiteral();
      this.expectPunct(')');
      return { kind: 'text', fn: name, property, value };
    }
    if (name === 'Microsoft.Dynamics.CRM.In' || name === 'Microsoft.Dynamics.CRM.NotIn') {
      this.expectNamedArgument('PropertyName');
      const property = this.stringLiteral();
      this.expectPunct(',');
      this.expectNamedArgument('PropertyValues');
      this.expectPunct('[');
      const values: string[] = [];
      if (!this.acceptPunct(']')) {
        do values.push(this.stringLiteral());
        while (this.acceptPunct(','));
        this.expectPunct(']');
      }
      this.expectPunct(')');
      return { kind: 'in', negated: name.endsWith('NotIn'), property, values };
    }
    throw odataError(
      `An unknown function with name '${name}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`,
    );
  }

  private expectNamedArgument(name: string): void {
    if (this.word() !== name) throw syntaxError(this.text);
    this.expectPunct('=');
  }

  private word(): string {
    const token = this.next();
    if (token?.kind !== 'word') throw syntaxError(this.text);
    return token.value;
  }

  private stringLiteral(): string {
    const token = this.next();
    if (token?.kind !== 'literal' || token.literal.type !== 'string') throw syntaxError(this.text);
    return token.literal.value;
  }

  private acceptWord(word: string): boolean {
    const token = this.peek();
    if (token?.kind === 'word' && token.value === word) {
      this.position += 1;
      return true;
    }
    return false;
  }

  private acceptPunct(value: string): boolean {
    const token = this.peek();
    if (token?.kind === 'punct' && token.value === value) {
      this.position += 1;
      return true;
    }
    return false;
  }

  private expectPunct(value: string): void {
    if (!this.acceptPunct(value)) throw syntaxError(this.text);
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private peekAt(offset: number): Token | undefined {
    return this.tokens[this.position + offset];
  }

  private next(): Token | undefined {
    const token = this.tokens[this.position];
    this.position += 1;
    return token;
  }
}

export function parseFilter(text: string): FilterExpr {
  if (text.trim() === '') throw odataError('The $filter query option must not be empty.');
  return new Parser(tokenize(text), text).parse();
}
