/**
 * The shape of the simulated Dataverse tables (entity metadata), and the `Schema` that answers "which
 * tables and columns exist right now" (the msdyn_* ones only while IOM is installed).
 */

export type AttributeType =
  | 'Uniqueidentifier'
  | 'String'
  | 'Memo'
  | 'Integer'
  | 'BigInt'
  | 'Decimal'
  | 'Money'
  | 'Boolean'
  | 'DateTime'
  | 'Lookup'
  | 'Customer'
  | 'Owner'
  | 'Picklist'
  | 'State'
  | 'Status';

export type RequiredLevel = 'None' | 'SystemRequired' | 'ApplicationRequired';

export interface AttributeDef {
  logicalName: string;
  type: AttributeType;
  displayName: string;
  requiredLevel: RequiredLevel;
  maxLength?: number;
  /** Lookup targets (entity logical names). */
  targets?: readonly string[];
  /** Option set values and labels (Picklist, State, Status). */
  options?: Readonly<Record<number, string>>;
  validForCreate: boolean;
  validForUpdate: boolean;
  /** Exists only while IOM is installed. */
  iom: boolean;
}

/** A single-valued navigation property: `<name>@odata.bind` sets lookup `attribute` to a `target` row. */
export interface NavigationDef {
  name: string;
  attribute: string;
  target: string;
}

/** A collection-valued navigation property: rows of `entity` whose lookup `attribute` points here. */
export interface CollectionDef {
  name: string;
  entity: string;
  attribute: string;
}

export interface EntityDef {
  logicalName: string;
  schemaName: string;
  entitySetName: string;
  displayName: string;
  displayCollectionName: string;
  primaryIdAttribute: string;
  primaryNameAttribute: string;
  objectTypeCode: number;
  ownership: 'UserOwned' | 'OrganizationOwned';
  metadataId: string;
  iom: boolean;
  /** Which change-tracking knob governs the table; tables without one never track changes. */
  changeTrackingKnob?: 'salesorder' | 'msdyn_fulfillmentorder' | 'msdyn_returnorder';
  /** statecode → the statuscode a row gets when it enters that state; absent for tables without state. */
  defaultStatus?: Readonly<Record<number, number>>;
  attributes: readonly AttributeDef[];
  navigations: readonly NavigationDef[];
  collections: readonly CollectionDef[];
}

export const LOOKUP_TYPES: ReadonlySet<AttributeType> = new Set(['Lookup', 'Customer', 'Owner']);

/** How a column is named in Web API payloads: lookups surface as `_<name>_value`. */
export function propertyName(attribute: AttributeDef): string {
  return LOOKUP_TYPES.has(attribute.type) ? `_${attribute.logicalName}_value` : attribute.logicalName;
}

/** The tables and columns that exist in the environment at this moment. */
export class Schema {
  private readonly byLogical = new Map<string, EntityDef>();
  private readonly bySet = new Map<string, EntityDef>();

  constructor(
    definitions: readonly EntityDef[],
    private readonly iomInstalled: () => boolean,
  ) {
    for (const def of definitions) {
      this.byLogical.set(def.logicalName, def);
      this.bySet.set(def.entitySetName, def);
    }
  }

  entities(): EntityDef[] {
    return [...this.byLogical.values()].filter((def) => this.visible(def));
  }

  entity(logicalName: string): EntityDef | undefined {
    const def = this.byLogical.get(logicalName);
    return def && this.visible(def) ? def : undefined;
  }

  /** Like `entity`, for tables the simulator itself knows exist (throws on a programming error). */
  require(logicalName: string): EntityDef {
    const def = this.byLogical.get(logicalName);
    if (!def) throw new Error(`Unknown table ${logicalName}`);
    return def;
  }

  entityBySet(entitySetName: string): EntityDef | undefined {
    const def = this.bySet.get(entitySetName);
    return def && this.visible(def) ? def : undefined;
  }

  attributes(def: EntityDef): AttributeDef[] {
    return def.attributes.filter((attribute) => this.visible(attribute));
  }

  attribute(def: EntityDef, logicalName: string): AttributeDef | undefined {
    const attribute = def.attributes.find((a) => a.logicalName === logicalName);
    return attribute && this.visible(attribute) ? attribute : undefined;
  }

  /** The column behind a payload property name (`name`, or `_customerid_value` for a lookup). */
  attributeByProperty(def: EntityDef, property: string): AttributeDef | undefined {
    return this.attributes(def).find((attribute) => propertyName(attribute) === property);
  }

  navigation(def: EntityDef, name: string): NavigationDef | undefined {
    const nav = def.navigations.find((n) => n.name === name);
    return nav && this.attribute(def, nav.attribute) && this.entity(nav.target) ? nav : undefined;
  }

  collection(def: EntityDef, name: string): CollectionDef | undefined {
    const collection = def.collections.find((c) => c.name === name);
    return collection && this.entity(collection.entity) ? collection : undefined;
  }

  collections(def: EntityDef): CollectionDef[] {
    return def.collections.filter((c) => this.entity(c.entity));
  }

  private visible(item: { iom: boolean }): boolean {
    return !item.iom || this.iomInstalled();
  }
}
