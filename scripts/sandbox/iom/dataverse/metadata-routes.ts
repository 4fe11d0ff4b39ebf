/**
 * `EntityDefinitions`: the table list (with $select/$filter), one table by `LogicalName='x'` or MetadataId
 * (with $select and $expand of Keys, Attributes, ManyToOneRelationships, OneToManyRelationships), its
 * `Keys` and `Attributes`, `POST .../Keys` to create an alternate key and the bound action
 * `POST EntityDefinitions(LogicalName='x')/Microsoft.Dynamics.CRM.ReactivateEntityKey` with
 * `{"EntityKeyLogicalName": "..."}` to rebuild a Failed key's index (both need the customization privilege).
 *
 * sandbox assumption: ReactivateEntityKey (SDK: ReactivateEntityKeyRequest with EntityLogicalName and
 * EntityKeyLogicalName) is bound to EntityMetadata with the one parameter EntityKeyLogicalName, and
 * answers 200 with an empty ReactivateEntityKeyResponse; an unknown key name answers 404 with code
 * 0x80040217.
 *
 * sandbox assumption: a missing table answers 404 with code 0x80040217 and the MetadataCache message
 * Dataverse logs for it.
 */
import { z } from 'zod';
import { isGuid, stableGuid } from '../ids';
import type { AlternateKey } from './alternate-keys';
import {
  DataverseError,
  ErrorCode,
  methodNotAllowed,
  odataError,
  segmentNotFound,
  unknownProperty,
} from './errors';
import type { RequestScope, WebApiRequest, WebApiResponse } from './environment';
import {
  attributeMetadata,
  entityMetadata,
  keyMetadata,
  manyToOneRelationships,
  oneToManyRelationships,
} from './metadata-documents';
import { compileFilter } from './odata/filter-compiler';
import { objectSource, type PlainObject } from './odata/object-source';
import type { ExpandOption, QueryOptions } from './odata/query-options';
import { requireCustomization } from './privileges';
import { jsonBody } from './request-body';
import type { Segment } from './resource-path';
import type { EntityDef } from './schema';

// sandbox assumption: keys on text, number, date-time and choice columns (Dataverse also allows lookups).
const KEY_ATTRIBUTE_TYPES: ReadonlySet<string> = new Set([
  'String',
  'Integer',
  'Decimal',
  'DateTime',
  'Picklist',
]);

const keyBodySchema = z.looseObject({
  SchemaName: z
    .string()
    .regex(/^[A-Za-z_]\w*$/)
    .max(100),
  DisplayName: z
    .looseObject({
      LocalizedLabels: z.array(z.looseObject({ Label: z.string(), LanguageCode: z.int() })).optional(),
    })
    .optional(),
  KeyAttributes: z.array(z.string().min(1)).min(1).max(16),
});

type Navigation = (scope: RequestScope, def: EntityDef) => PlainObject[];

const NAVIGATIONS: Record<string, { type: string; documents: Navigation }> = {
  Keys: {
    type: 'EntityKeyMetadata',
    documents: (scope, def) =>
      scope.env.keys.active(def.logicalName).map((key) => keyMetadata(key, scope.env.keys.indexStatus(key))),
  },
  Attributes: {
    type: 'AttributeMetadata',
    documents: (scope, def) =>
      scope.env.schema.attributes(def).map((attribute) => attributeMetadata(def, attribute)),
  },
  ManyToOneRelationships: { type: 'OneToManyRelationshipMetadata', documents: manyToOneRelationships },
  OneToManyRelationships: { type: 'OneToManyRelationshipMetadata', documents: oneToManyRelationships },
};

export function entityDefinitionsRoute(
  scope: RequestScope,
  request: WebApiRequest,
  segments: readonly Segment[],
  query: QueryOptions,
): WebApiResponse {
  const [first, second, ...rest] = segments;
  if (!first || rest.length > 0) throw segmentNotFound(rest[0]?.name ?? 'EntityDefinitions');
  const context = `${scope.serviceRoot}/$metadata#EntityDefinitions`;
  if (!first.key) {
    if (second) throw segmentNotFound(second.name);
    if (request.method !== 'GET') throw methodNotAllowed(request.method);
    const all = scope.env.schema.entities().map((def) => entityMetadata(scope, def));
    const filtered = query.filter
      ? all.filter(compileFilter(query.filter, objectSource('EntityMetadata', all)))
      : all;
    const value = filtered.map((document) => project(document, query.select, 'EntityMetadata'));
    return json({ '@odata.context': contextWith(context, query.select), value });
  }
  const def = findEntity(scope, first);
  if (!second) {
    if (request.method !== 'GET') throw methodNotAllowed(request.method);
    const document: Record<string, unknown> = {
      '@odata.context': `${contextWith(context, query.select)}/$entity`,
      ...project(entityMetadata(scope, def), query.select, 'EntityMetadata'),
    };
    for (const option of query.expand) document[option.name] = expandNavigation(scope, def, option);
    return json(document);
  }
  if (second.name === REACTIVATE_ENTITY_KEY && !second.key) {
    if (request.method !== 'POST') throw methodNotAllowed(request.method);
    return reactivateKey(scope, request, def);
  }
  const navigation = NAVIGATIONS[second.name];
  if (!navigation || second.key || second.call) throw segmentNotFound(second.name);
  if (second.name === 'Keys' && request.method === 'POST') return createKey(scope, request, def);
  if (request.method !== 'GET') throw methodNotAllowed(request.method);
  const value = expandNavigation(scope, def, {
    name: second.name,
    select: query.select,
    filter: query.filter,
  });
  return json({ '@odata.context': `${context}(${def.metadataId})/${second.name}`, value });
}

function findEntity(scope: RequestScope, segment: Segment): EntityDef {
  const key = segment.key;
  let name: string;
  let def: EntityDef | undefined;
  if (key?.kind === 'id' && isGuid(key.id)) {
    name = key.id;
    def = scope.env.schema.entities().find((d) => d.metadataId === key.id);
  } else if (
    key?.kind === 'named' &&
    typeof key.values.LogicalName === 'string' &&
    Object.keys(key.values).length === 1
  ) {
    name = key.values.LogicalName;
    def = scope.env.schema.entity(name);
  } else {
    throw odataError(
      "The key in the request URI is not valid for resource 'Microsoft.Dynamics.CRM.EntityMetadata'.",
    );
  }
  if (!def) {
    throw new DataverseError(
      404,
      ErrorCode.ObjectDoesNotExist,
      `The entity with a name = '${name}' with namemapping = 'Logical' was not found in the MetadataCache.`,
    );
  }
  return def;
}

function expandNavigation(scope: RequestScope, def: EntityDef, option: ExpandOption): PlainObject[] {
  const navigation = NAVIGATIONS[option.name];
  if (!navigation) throw unknownProperty(option.name, 'EntityMetadata');
  if (option.orderby || option.top !== undefined) {
    throw odataError(`Only $select and $filter are supported when expanding '${option.name}'.`);
  }
  const documents = navigation.documents(scope, def);
  const filtered = option.filter
    ? documents.filter(compileFilter(option.filter, objectSource(navigation.type, documents)))
    : documents;
  return filtered.map((document) => project(document, option.select, navigation.type));
}

/** $select over a metadata document: known property names only; `@odata.type` is always kept. */
function project(document: PlainObject, select: readonly string[] | undefined, type: string): PlainObject {
  if (!select) return document;
  const out: Record<string, unknown> = {};
  if (document['@odata.type'] !== undefined) out['@odata.type'] = document['@odata.type'];
  for (const name of select) {
    if (!(name in document) && !OPTIONAL_PROPERTIES.has(name)) throw unknownProperty(name, type);
    if (name in document) out[name] = document[name];
  }
  if (document.MetadataId !== undefined) out.MetadataId = document.MetadataId;
  return out;
}

/** Properties only some attribute types carry. */
const OPTIONAL_PROPERTIES: ReadonlySet<string> = new Set(['MaxLength', 'Targets']);

function contextWith(context: string, select: readonly string[] | undefined): string {
  return select ? `${context}(${select.join(',')})` : context;
}

function createKey(scope: RequestScope, request: WebApiRequest, def: EntityDef): WebApiResponse {
  requireCustomization(scope);
  const parsed = keyBodySchema.safeParse(jsonBody(request));
  if (!parsed.success)
    throw odataError(`The entity key definition is not valid: ${z.prettifyError(parsed.error)}`);
  const body = parsed.data;
  for (const name of body.KeyAttributes) {
    const attribute = scope.env.schema.attribute(def, name);
    if (!attribute || !KEY_ATTRIBUTE_TYPES.has(attribute.type)) {
      throw odataError(
        `The attribute '${name}' of the entity '${def.logicalName}' cannot be part of an entity key.`,
      );
    }
  }
  const existing = scope.env.keys.active(def.logicalName);
  // sandbox assumption: the messages for a duplicate key name or key column set.
  if (existing.some((key) => key.logicalName === body.SchemaName.toLowerCase())) {
    throw odataError(
      `An entity key with the name '${body.SchemaName}' already exists on '${def.logicalName}'.`,
    );
  }
  const sameColumns = (key: AlternateKey) =>
    key.attributes.length === body.KeyAttributes.length &&
    key.attributes.every((a) => body.KeyAttributes.includes(a));
  if (existing.some(sameColumns)) {
    throw odataError(
      `An entity key with the attributes ${body.KeyAttributes.join(', ')} already exists on '${def.logicalName}'.`,
    );
  }
  const key: AlternateKey = {
    metadataId: stableGuid(`key:${def.logicalName}:${body.SchemaName}`),
    logicalName: body.SchemaName.toLowerCase(),
    schemaName: body.SchemaName,
    displayName: body.DisplayName?.LocalizedLabels?.[0]?.Label ?? body.SchemaName,
    entity: def.logicalName,
    attributes: body.KeyAttributes,
  };
  scope.env.keys.add(key);
  const url = `${scope.serviceRoot}/EntityDefinitions(${def.metadataId})/Keys(${key.metadataId})`;
  return { status: 204, headers: { 'OData-EntityId': url } };
}

const REACTIVATE_ENTITY_KEY = 'Microsoft.Dynamics.CRM.ReactivateEntityKey';

const reactivateBodySchema = z.looseObject({ EntityKeyLogicalName: z.string().min(1) });

function reactivateKey(scope: RequestScope, request: WebApiRequest, def: EntityDef): WebApiResponse {
  requireCustomization(scope);
  const parsed = reactivateBodySchema.safeParse(jsonBody(request));
  if (!parsed.success)
    throw odataError(`The ReactivateEntityKey parameters are not valid: ${z.prettifyError(parsed.error)}`);
  const name = parsed.data.EntityKeyLogicalName.toLowerCase();
  const key = scope.env.keys.active(def.logicalName).find((k) => k.logicalName === name);
  if (!key) {
    throw new DataverseError(
      404,
      ErrorCode.ObjectDoesNotExist,
      `The entity key '${parsed.data.EntityKeyLogicalName}' was not found on '${def.logicalName}'.`,
    );
  }
  scope.env.keys.reactivate(key);
  return json({
    '@odata.context': `${scope.serviceRoot}/$metadata#Microsoft.Dynamics.CRM.ReactivateEntityKeyResponse`,
  });
}

function json(value: unknown): WebApiResponse {
  return { status: 200, headers: {}, body: { kind: 'json', value } };
}
