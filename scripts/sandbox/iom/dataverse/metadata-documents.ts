/**
 * EntityMetadata, AttributeMetadata, EntityKeyMetadata and relationship metadata as the Web API returns
 * them from `EntityDefinitions` (a useful subset of their properties).
 */
import { stableGuid } from '../ids';
import type { AlternateKey } from './alternate-keys';
import { isChangeTrackingEnabled } from './change-tracking';
import type { RequestScope } from './environment';
import type { PlainObject } from './odata/object-source';
import type { AttributeDef, AttributeType, EntityDef } from './schema';

export function label(text: string): PlainObject {
  const localized = { Label: text, LanguageCode: 1033, IsManaged: true };
  return { LocalizedLabels: [localized], UserLocalizedLabel: localized };
}

export function entityMetadata(scope: RequestScope, def: EntityDef): PlainObject {
  return {
    MetadataId: def.metadataId,
    LogicalName: def.logicalName,
    SchemaName: def.schemaName,
    EntitySetName: def.entitySetName,
    LogicalCollectionName: def.entitySetName,
    PrimaryIdAttribute: def.primaryIdAttribute,
    PrimaryNameAttribute: def.primaryNameAttribute,
    ObjectTypeCode: def.objectTypeCode,
    OwnershipType: def.ownership,
    ChangeTrackingEnabled: isChangeTrackingEnabled(scope, def),
    IsCustomEntity: def.iom,
    IsManaged: true,
    IsActivity: false,
    DisplayName: label(def.displayName),
    DisplayCollectionName: label(def.displayCollectionName),
  };
}

const METADATA_TYPE: Record<AttributeType, string> = {
  Uniqueidentifier: 'AttributeMetadata',
  String: 'StringAttributeMetadata',
  Memo: 'MemoAttributeMetadata',
  Integer: 'IntegerAttributeMetadata',
  BigInt: 'BigIntAttributeMetadata',
  Decimal: 'DecimalAttributeMetadata',
  Money: 'MoneyAttributeMetadata',
  Boolean: 'BooleanAttributeMetadata',
  DateTime: 'DateTimeAttributeMetadata',
  Lookup: 'LookupAttributeMetadata',
  Customer: 'LookupAttributeMetadata',
  Owner: 'LookupAttributeMetadata',
  Picklist: 'PicklistAttributeMetadata',
  State: 'StateAttributeMetadata',
  Status: 'StatusAttributeMetadata',
};

export function attributeMetadata(def: EntityDef, attribute: AttributeDef): PlainObject {
  const document: Record<string, unknown> = {
    '@odata.type': `#Microsoft.Dynamics.CRM.${METADATA_TYPE[attribute.type]}`,
    MetadataId: stableGuid(`attribute:${def.logicalName}.${attribute.logicalName}`),
    LogicalName: attribute.logicalName,
    SchemaName: attribute.logicalName,
    EntityLogicalName: def.logicalName,
    AttributeType: attribute.type,
    AttributeTypeName: { Value: `${attribute.type}Type` },
    RequiredLevel: {
      Value: attribute.requiredLevel,
      CanBeChanged: attribute.requiredLevel !== 'SystemRequired',
      ManagedPropertyLogicalName: 'canmodifyrequirementlevelsettings',
    },
    IsPrimaryId: attribute.logicalName === def.primaryIdAttribute,
    IsPrimaryName: attribute.logicalName === def.primaryNameAttribute,
    IsValidForCreate: attribute.validForCreate,
    IsValidForUpdate: attribute.validForUpdate,
    IsValidForRead: true,
    IsCustomAttribute: attribute.iom,
    DisplayName: label(attribute.displayName),
  };
  if (attribute.maxLength !== undefined) document.MaxLength = attribute.maxLength;
  if (attribute.targets) document.Targets = [...attribute.targets];
  return document;
}

export function keyMetadata(key: AlternateKey, indexStatus: string): PlainObject {
  return {
    MetadataId: key.metadataId,
    LogicalName: key.logicalName,
    SchemaName: key.schemaName,
    EntityLogicalName: key.entity,
    KeyAttributes: [...key.attributes],
    EntityKeyIndexStatus: indexStatus,
    IsManaged: false,
    DisplayName: label(key.displayName),
  };
}

export function manyToOneRelationships(scope: RequestScope, def: EntityDef): PlainObject[] {
  const { schema } = scope.env;
  return def.navigations
    .filter((navigation) => schema.navigation(def, navigation.name))
    .map((navigation) => {
      const target = schema.require(navigation.target);
      const back = target.collections.find(
        (c) => c.entity === def.logicalName && c.attribute === navigation.attribute,
      );
      return relationship(def, target, navigation.attribute, navigation.name, back?.name ?? null);
    });
}

export function oneToManyRelationships(scope: RequestScope, def: EntityDef): PlainObject[] {
  return scope.env.schema
    .collections(def)
    .map((collection) =>
      relationship(
        scope.env.schema.require(collection.entity),
        def,
        collection.attribute,
        collection.attribute,
        collection.name,
      ),
    );
}

function relationship(
  referencing: EntityDef,
  referenced: EntityDef,
  attribute: string,
  referencingNavigation: string,
  referencedNavigation: string | null,
): PlainObject {
  const schemaName = `${referenced.logicalName}_${referencing.logicalName}_${attribute}`;
  return {
    MetadataId: stableGuid(`relationship:${schemaName}`),
    SchemaName: schemaName,
    ReferencedEntity: referenced.logicalName,
    ReferencedAttribute: referenced.primaryIdAttribute,
    ReferencingEntity: referencing.logicalName,
    ReferencingAttribute: attribute,
    ReferencingEntityNavigationPropertyName: referencingNavigation,
    ReferencedEntityNavigationPropertyName: referencedNavigation,
    RelationshipType: 'OneToManyRelationship',
  };
}
