/**
 * Parses the resource path below the service root: `salesorders`, `salesorders(<guid>)`,
 * `salesorders(msdyn_externalorderid='100231')/order_details`, `EntityDefinitions(LogicalName='x')/Keys`,
 * `WhoAmI()`, `$batch`.
 */
import { isGuid } from '../ids';
import { odataError } from './errors';
import { splitOutside, splitTopLevel } from './odata/split';

export type KeyValue = string | number | boolean | null;

export type KeySpec = { kind: 'id'; id: string } | { kind: 'named'; values: Record<string, KeyValue> };

export interface Segment {
  name: string;
  /** Present when the segment had parentheses with content. */
  key?: KeySpec;
  /** `WhoAmI()`: empty parentheses, a function call. */
  call: boolean;
}

const SEGMENT = /^([^()]+)(?:\((.*)\))?$/s;

export function parseResourcePath(path: string): Segment[] {
  const raw = path.replace(/^\/+|\/+$/g, '');
  if (raw === '') return [];
  // A key value may contain an encoded or literal slash: split on '/' outside quoted key values only.
  return splitOutside(raw, '/', "'").map((text) => parseSegment(decode(text)));
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw syntaxError();
  }
}

function parseSegment(text: string): Segment {
  const match = SEGMENT.exec(text);
  if (!match) throw syntaxError();
  const name = match[1] ?? '';
  const inner = match[2];
  if (inner === undefined) return { name, call: false };
  if (inner.trim() === '') return { name, call: true };
  return { name, key: parseKey(inner), call: false };
}

function parseKey(text: string): KeySpec {
  const trimmed = text.trim();
  if (isGuid(trimmed)) return { kind: 'id', id: trimmed.toLowerCase() };
  const values: Record<string, KeyValue> = {};
  for (const part of splitTopLevel(trimmed, ',')) {
    const eq = part.indexOf('=');
    if (eq === -1) throw syntaxError();
    const name = part.slice(0, eq).trim();
    if (!/^[A-Za-z_]\w*$/.test(name)) throw syntaxError();
    values[name] = parseKeyLiteral(part.slice(eq + 1).trim());
  }
  return { kind: 'named', values };
}

function parseKeyLiteral(text: string): KeyValue {
  if (text.startsWith("'") && text.endsWith("'") && text.length >= 2)
    return text.slice(1, -1).replace(/''/g, "'");
  if (isGuid(text)) return text.toLowerCase();
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  throw syntaxError();
}

function syntaxError(): Error {
  return odataError('Bad Request - Error in query syntax.');
}
