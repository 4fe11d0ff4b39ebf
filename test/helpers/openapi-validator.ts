import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/**
 * Validates HTTP responses against the response schemas of an OpenAPI 3.0 document with ajv.
 *
 * OpenAPI 3.0 schemas are a dialect of JSON Schema, so the document is translated once: `nullable: true`
 * becomes a `null` alternative, boolean `exclusiveMinimum`/`exclusiveMaximum` become numbers, siblings of
 * `$ref` are dropped (3.0 ignores them), and annotations JSON Schema lacks (`example`, `xml`,
 * `externalDocs`, `discriminator`, `x-*`) are removed. Formats OpenAPI leaves open (e.g. `decimal`,
 * `iso-4217`) are accepted without checking, as the OpenAPI spec asks of tools; known ones are checked.
 * `$ref`s resolve against the whole document.
 */

export interface ResponseUnderTest {
  method: string;
  /** The path template exactly as the spec's `paths` key, e.g. `/hooks/{webhook_id}`. */
  path: string;
  status: number;
  /** The parsed JSON body; `undefined` for a response without a body. */
  body: unknown;
}

export interface ResponseValidation {
  valid: boolean;
  /** One readable line per violation. */
  errors: string[];
}

export interface ResponseKey {
  method: string;
  path: string;
  /** As written in the spec: '200', '4XX', 'default'... */
  status: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const DOC_ID = 'openapi';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const DROPPED_KEYWORDS = new Set(['example', 'xml', 'externalDocs', 'discriminator', 'nullable']);

export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction | null>();

  private constructor(private readonly doc: JsonObject) {
    this.ajv = new Ajv({ allErrors: true, strictTypes: false, strictTuples: false, allowUnionTypes: true });
    addFormats(this.ajv);
    for (const format of collectFormats(doc)) {
      if (!this.ajv.formats[format]) this.ajv.addFormat(format, true);
    }
    // Only `components` and `paths` are reachable by $ref; at the root ajv treats them as annotations.
    this.ajv.addVocabulary(['components', 'paths']);
    this.ajv.addSchema({ components: asObject(doc['components']), paths: asObject(doc['paths']) }, DOC_ID);
  }

  static fromFile(file: string): OpenApiValidator {
    return OpenApiValidator.fromDocument(parse(readFileSync(file, 'utf8')) as unknown);
  }

  static fromDocument(raw: unknown): OpenApiValidator {
    if (!isObject(raw) || typeof raw['openapi'] !== 'string' || !raw['openapi'].startsWith('3.0')) {
      throw new Error('OpenApiValidator supports OpenAPI 3.0.x documents only');
    }
    return new OpenApiValidator(translateDocument(raw));
  }

  /** Every (method, path, status) the document defines a response for. */
  responses(): ResponseKey[] {
    const keys: ResponseKey[] = [];
    for (const [path, item] of Object.entries(asObject(this.doc['paths']))) {
      for (const method of METHODS) {
        const operation = asObject(asObject(item)[method]);
        for (const status of Object.keys(asObject(operation['responses'])))
          keys.push({ method, path, status });
      }
    }
    return keys;
  }

  /** Whether the spec says anything about this response (exact status, `NXX` range or `default`). */
  hasResponse(method: string, path: string, status: number): boolean {
    return this.findResponse(method, path, status) !== null;
  }

  validateResponse(response: ResponseUnderTest): ResponseValidation {
    const found = this.findResponse(response.method, response.path, response.status);
    const where = `${response.method.toUpperCase()} ${response.path} ${response.status}`;
    if (!found) throw new Error(`The spec defines no response for ${where}`);
    const validate = this.compile(found.pointer);
    if (!validate) {
      return response.body === undefined
        ? { valid: true, errors: [] }
        : { valid: false, errors: [`${where}: the spec defines no JSON body, but one was given`] };
    }
    if (validate(response.body)) return { valid: true, errors: [] };
    return { valid: false, errors: (validate.errors ?? []).map((e) => `${where}: ${describe(e)}`) };
  }

  /** Throws with every violation listed unless the response matches the spec. */
  assertValidResponse(response: ResponseUnderTest): void {
    const result = this.validateResponse(response);
    if (!result.valid) throw new Error(`Response does not match the spec:\n${result.errors.join('\n')}`);
  }

  /** The JSON pointer of the response object (after following `$ref`s), or null if the spec has none. */
  private findResponse(method: string, path: string, status: number): { pointer: string[] } | null {
    const operation = asObject(asObject(asObject(this.doc['paths'])[path])[method.toLowerCase()]);
    const responses = asObject(operation['responses']);
    const code = String(status);
    const key = [code, `${code[0]}XX`, `${code[0]}xx`, 'default'].find((k) => k in responses);
    if (key === undefined) return null;
    let pointer = ['paths', path, method.toLowerCase(), 'responses', key];
    let node = responses[key];
    for (let hops = 0; isObject(node) && typeof node['$ref'] === 'string'; hops += 1) {
      if (hops > 20) throw new Error(`Circular response $ref at ${pointer.join('/')}`);
      pointer = refToPointer(node['$ref']);
      node = pointerGet(this.doc, pointer);
    }
    return { pointer };
  }

  private compile(responsePointer: string[]): ValidateFunction | null {
    const cacheKey = responsePointer.join('\u0000');
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) return cached;
    const content = asObject(asObject(pointerGet(this.doc, responsePointer))['content']);
    const mediaType = ['application/json', ...Object.keys(content).filter((t) => /json|\*\/\*/.test(t))].find(
      (t) => isObject(content[t]) && 'schema' in asObject(content[t]),
    );
    const validate =
      mediaType === undefined
        ? null
        : this.ajv.compile({
            $ref: `${DOC_ID}#${toPointer([...responsePointer, 'content', mediaType, 'schema'])}`,
          });
    this.cache.set(cacheKey, validate);
    return validate;
  }
}

/** Translates every schema in the document; everything else is copied as is. */
function translateDocument(doc: JsonObject): JsonObject {
  const walk = (node: Json, path: string[]): Json => {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, String(i)]));
    if (!isObject(node)) return node;
    if (path.length === 2 && path[0] === 'components' && path[1] === 'schemas') {
      return Object.fromEntries(
        Object.entries(node).map(([name, schema]) => [name, translateSchema(schema)]),
      );
    }
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'example' || key === 'examples') continue;
      out[key] = key === 'schema' ? translateSchema(value) : walk(value, [...path, key]);
    }
    return out;
  };
  return walk(doc, []) as JsonObject;
}

function translateSchema(schema: Json): Json {
  if (!isObject(schema)) return schema;
  if (typeof schema['$ref'] === 'string') return { $ref: schema['$ref'] };
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED_KEYWORDS.has(key) || key.startsWith('x-')) continue;
    out[key] = translateChild(key, value);
  }
  for (const bound of ['Minimum', 'Maximum'] as const) {
    const flag = `exclusive${bound}`;
    const limit = bound.toLowerCase();
    if (out[flag] === true && typeof out[limit] === 'number') {
      out[flag] = out[limit];
      delete out[limit];
    } else if (typeof out[flag] === 'boolean') delete out[flag];
  }
  if (schema['nullable'] !== true) return out;
  if (Array.isArray(out['enum']) && !out['enum'].includes(null)) out['enum'] = [...out['enum'], null];
  if (typeof out['type'] === 'string') return { ...out, type: [out['type'], 'null'] };
  return { anyOf: [out, { type: 'null' }] };
}

function translateChild(keyword: string, value: Json): Json {
  switch (keyword) {
    case 'properties':
    case 'patternProperties':
      return isObject(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, translateSchema(v)]))
        : value;
    case 'items':
      return Array.isArray(value) ? value.map(translateSchema) : translateSchema(value);
    case 'allOf':
    case 'anyOf':
    case 'oneOf':
      return Array.isArray(value) ? value.map(translateSchema) : value;
    case 'additionalProperties':
    case 'not':
      return translateSchema(value);
    default:
      return value;
  }
}

function collectFormats(node: Json, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => collectFormats(item, found));
  else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'format' && typeof value === 'string') found.add(value);
      else collectFormats(value, found);
    }
  }
  return found;
}

function describe(error: ErrorObject): string {
  const at = error.instancePath === '' ? '(body)' : error.instancePath;
  const extra =
    error.keyword === 'additionalProperties'
      ? ` '${String(error.params['additionalProperty'])}'`
      : error.keyword === 'enum'
        ? ` ${JSON.stringify(error.params['allowedValues'])}`
        : '';
  return `${at} ${error.message ?? error.keyword}${extra} [${error.schemaPath}]`;
}

function refToPointer(ref: string): string[] {
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, got ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'));
}

function toPointer(parts: string[]): string {
  return parts.map((p) => `/${encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))}`).join('');
}

function pointerGet(doc: Json, pointer: string[]): Json {
  let node: Json = doc;
  for (const part of pointer) {
    const next: Json | undefined = isObject(node)
      ? node[part]
      : Array.isArray(node)
        ? node[Number(part)]
        : undefined;
    if (next === undefined) throw new Error(`Dangling $ref: #/${pointer.join('/')}`);
    node = next;
  }
  return node;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: Json | undefined): JsonObject {
  return isObject(value) ? value : {};
}
