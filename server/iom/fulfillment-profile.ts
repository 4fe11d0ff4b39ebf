/**
 * Which Dataverse tables and columns hold IOM's fulfillment orders, tracking and returns in THIS
 * environment, discovered from `EntityDefinitions` at connect time. IOM documents its fulfillment
 * tables only in part (https://learn.microsoft.com/en-us/dynamics365/intelligent-order-management/fulfillment-entity-relationships
 * names the relationships, not the columns: the fulfillment line's key to its order is
 * `msdyn_fulfillmentid`, not the `fulfillmentorderid` the page suggests), and tracking and return tables
 * are not documented at all, so names are looked up rather than assumed:
 *
 * - a table by candidate logical names (documented and observed first) and, failing that, through its
 *   parent's OneToManyRelationships (e.g. the tracking table is the one that looks up the fulfillment
 *   order and has a tracking-number-like text column);
 * - a lookup column from the table's ManyToOneRelationships (ReferencingAttribute where
 *   ReferencedEntity is the parent), a plain column from its Attributes by candidate names.
 *
 * An admin's override (`tracking.table`, `tracking.trackingNumber`, …) wins once it is checked to exist.
 * All column names are logical names; Web API readers use `_<name>_value` for lookups.
 */
import { z } from 'zod';
import { ValidationError } from '../errors';
import type { DataverseClient } from './dataverse-client';
import { DataverseError } from './errors';
import { FULFILLMENT_ORDER_TABLE, SALES_ORDER_TABLE } from './dataverse-schema';

export interface TableNames {
  table: string;
  entitySet: string;
  id: string;
}
export interface FulfillmentProfile {
  fulfillmentOrder: TableNames & { salesOrder: string; state: string | null; name: string };
  fulfillmentLine: TableNames & {
    fulfillmentOrder: string;
    salesOrderLine: string | null;
    product: string | null;
    quantity: string | null;
    shipped: string | null;
    cancelled: string | null;
  };
  tracking: TableNames & {
    fulfillmentOrder: string;
    trackingNumber: string;
    carrierName: string | null;
    carrier: string | null;
    carrierService: string | null;
    shipmentId: string | null;
    shipDate: string | null;
    name: string;
  };
  trackingLine: TableNames & {
    tracking: string;
    fulfillmentLine: string | null;
    salesOrderLine: string | null;
    quantity: string;
  };
  returnOrder: (TableNames & { salesOrder: string; state: string | null; name: string }) | null;
  returnLine: (TableNames & { returnOrder: string; salesOrderLine: string; quantity: string }) | null;
  salesOrder: { state: string | null; stateReason: string | null };
  changeTracking: { salesOrder: boolean; fulfillmentOrder: boolean; returnOrder: boolean };
  /** What the relay needs and could not find, each as a sentence naming the table/column and the fix. */
  missing: string[];
  /** Which names came from the admin's overrides. */
  overridden: string[];
  discoveredAt: string;
}
/** Keys like 'tracking.table', 'tracking.trackingNumber', 'fulfillmentLine.fulfillmentOrder'. */
export type SchemaOverrides = Record<string, string>;

/** Where the merchant sets an override; every `missing` sentence points there. */
export const OVERRIDES_WHERE = 'Connection › IOM schema overrides';

const SALES_ORDER_LINE_TABLE = 'salesorderdetail';
const PRODUCT_TABLE = 'product';
const CARRIER_TABLES = ['msdyn_shippingcarrier', 'msdyn_carrier'];

/** The overridable names per section: `table` plus its column fields (entity set and key come from the table). */
const OVERRIDABLE = {
  fulfillmentOrder: ['table', 'salesOrder', 'state', 'name'],
  fulfillmentLine: [
    'table',
    'fulfillmentOrder',
    'salesOrderLine',
    'product',
    'quantity',
    'shipped',
    'cancelled',
  ],
  tracking: [
    'table',
    'fulfillmentOrder',
    'trackingNumber',
    'carrierName',
    'carrier',
    'carrierService',
    'shipmentId',
    'shipDate',
    'name',
  ],
  trackingLine: ['table', 'tracking', 'fulfillmentLine', 'salesOrderLine', 'quantity'],
  returnOrder: ['table', 'salesOrder', 'state', 'name'],
  returnLine: ['table', 'returnOrder', 'salesOrderLine', 'quantity'],
  salesOrder: ['state', 'stateReason'],
} as const satisfies Record<string, readonly string[]>;

type Section = keyof typeof OVERRIDABLE;

export const SCHEMA_OVERRIDE_KEYS: readonly string[] = Object.entries(OVERRIDABLE).flatMap(
  ([section, fields]) => fields.map((field) => `${section}.${field}`),
);

/** Dataverse logical names are lower case: letters, digits and underscores. */
const LOGICAL_NAME = /^[a-z_][a-z0-9_]*$/;

export interface SchemaFieldError {
  field: string;
  message: string;
}

/** A refused overrides document, its problems as data (`error.fields`). */
export class SchemaOverridesValidationError extends ValidationError {
  constructor(readonly fields: SchemaFieldError[]) {
    super(
      `The IOM schema overrides are not valid: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}.`,
    );
    this.name = 'SchemaOverridesValidationError';
  }
}

/**
 * The overrides in `value` (a JSON object of `"section.field": "logical_name"`), or a
 * SchemaOverridesValidationError naming each unknown key and each name that is not a logical name.
 */
export function parseSchemaOverrides(value: unknown): SchemaOverrides {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SchemaOverridesValidationError([
      { field: '', message: 'send the overrides as a JSON object of "section.field": "logical_name"' },
    ]);
  }
  const errors: SchemaFieldError[] = [];
  const out: SchemaOverrides = {};
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    if (!SCHEMA_OVERRIDE_KEYS.includes(key)) {
      errors.push({
        field: key,
        message: `is not an overridable name; use one of: ${SCHEMA_OVERRIDE_KEYS.join(', ')}`,
      });
      continue;
    }
    const parsed = z.string().trim().min(1).max(100).safeParse(raw);
    if (!parsed.success) {
      errors.push({
        field: key,
        message: 'must be a logical name of at most 100 characters, e.g. "msdyn_trackingnumber"',
      });
      continue;
    }
    if (!LOGICAL_NAME.test(parsed.data)) {
      errors.push({
        field: key,
        message: `"${parsed.data}" is not a Dataverse logical name: use lower-case letters, digits and underscores (Power Apps › Tables › the table › Properties › Logical name)${/[A-Z]/.test(parsed.data) ? `, e.g. "${parsed.data.toLowerCase()}"` : ''}`,
      });
      continue;
    }
    out[key] = parsed.data;
  }
  if (errors.length > 0) throw new SchemaOverridesValidationError(errors);
  return out;
}

interface TableMeta {
  logicalName: string;
  entitySet: string;
  id: string;
  primaryName: string | null;
  changeTracking: boolean;
  /** Attribute logical name → AttributeType. */
  attributes: Map<string, string>;
  /** ManyToOne: lookup column → the table it points at. */
  lookups: Array<{ attribute: string; target: string }>;
}

interface EntityDocument {
  LogicalName?: string;
  EntitySetName?: string;
  PrimaryIdAttribute?: string;
  PrimaryNameAttribute?: string | null;
  ChangeTrackingEnabled?: boolean;
  Attributes?: Array<{ LogicalName?: string; AttributeType?: string }>;
  ManyToOneRelationships?: Array<{ ReferencingAttribute?: string; ReferencedEntity?: string }>;
  OneToManyRelationships?: Array<{ ReferencingEntity?: string; ReferencingAttribute?: string }>;
}

/** Reads each table's definition at most once (a 404 is remembered as "no such table"). */
class MetadataReader {
  private readonly tables = new Map<string, Promise<TableMeta | null>>();
  private readonly children = new Map<string, Promise<string[]>>();

  constructor(private readonly client: DataverseClient) {}

  table(logicalName: string): Promise<TableMeta | null> {
    let pending = this.tables.get(logicalName);
    if (!pending) this.tables.set(logicalName, (pending = this.read(logicalName)));
    return pending;
  }

  /** Tables that look up `parent` (its OneToManyRelationships), in metadata order. */
  referencing(parent: string): Promise<string[]> {
    let pending = this.children.get(parent);
    if (!pending) {
      pending = this.client
        .call(
          `read ${parent} relationships`,
          (api) =>
            api.retrieveEntity<EntityDocument>({
              key: `LogicalName='${parent}'`,
              select: ['LogicalName'],
              expand: [
                { property: 'OneToManyRelationships', select: ['ReferencingEntity', 'ReferencingAttribute'] },
              ],
            }),
          { idempotent: true },
        )
        .then((doc) => [
          ...new Set(
            (doc.OneToManyRelationships ?? []).flatMap((r) =>
              r.ReferencingEntity ? [r.ReferencingEntity] : [],
            ),
          ),
        ]);
      this.children.set(parent, pending);
    }
    return pending;
  }

  private async read(logicalName: string): Promise<TableMeta | null> {
    try {
      const doc = await this.client.call(
        `read ${logicalName} definition`,
        (api) =>
          api.retrieveEntity<EntityDocument>({
            key: `LogicalName='${logicalName}'`,
            select: [
              'LogicalName',
              'EntitySetName',
              'PrimaryIdAttribute',
              'PrimaryNameAttribute',
              'ChangeTrackingEnabled',
            ],
            expand: [
              { property: 'Attributes', select: ['LogicalName', 'AttributeType'] },
              {
                property: 'ManyToOneRelationships',
                select: [
                  'ReferencingAttribute',
                  'ReferencedEntity',
                  'ReferencingEntityNavigationPropertyName',
                ],
              },
            ],
          }),
        { idempotent: true },
      );
      const attributes = new Map<string, string>();
      for (const a of doc.Attributes ?? [])
        if (a.LogicalName) attributes.set(a.LogicalName, a.AttributeType ?? '');
      return {
        logicalName: doc.LogicalName ?? logicalName,
        entitySet: doc.EntitySetName ?? `${logicalName}s`,
        id: doc.PrimaryIdAttribute ?? `${logicalName}id`,
        primaryName: doc.PrimaryNameAttribute ?? null,
        changeTracking: doc.ChangeTrackingEnabled === true,
        attributes,
        lookups: (doc.ManyToOneRelationships ?? []).flatMap((r) =>
          r.ReferencingAttribute && r.ReferencedEntity
            ? [{ attribute: r.ReferencingAttribute, target: r.ReferencedEntity }]
            : [],
        ),
      };
    } catch (error) {
      if (error instanceof DataverseError && error.upstreamStatus === 404) return null;
      throw error;
    }
  }
}

const TEXT_TYPES = ['String', 'Memo'];
const NUMBER_TYPES = ['Decimal', 'Integer', 'Double', 'Money', 'BigInt'];
const DATE_TYPES = ['DateTime'];

/** A plain column: candidates in order, then the first column of `types` whose name matches `like`. */
interface ColumnRule {
  candidates: readonly string[];
  like?: RegExp;
  types?: readonly string[];
}

const LABELS: Record<Section, string> = {
  fulfillmentOrder: 'Fulfillment Order',
  fulfillmentLine: 'Fulfillment Order Product',
  tracking: 'Fulfillment Tracking',
  trackingLine: 'Fulfillment Tracking Line',
  returnOrder: 'Return Order',
  returnLine: 'Return Order Product',
  salesOrder: 'Order',
};

/** Human words for a field in the `missing` sentences. */
const FIELD_WORDS: Record<string, string> = {
  salesOrder: 'lookup to the sales order',
  fulfillmentOrder: 'lookup to the fulfillment order',
  tracking: 'lookup to the fulfillment tracking',
  returnOrder: 'lookup to the return order',
  salesOrderLine: 'lookup to the sales order product',
  trackingNumber: 'tracking number column',
  quantity: 'quantity column',
};

/** Discovery's working state: the reader, the overrides and what was noted so far. */
class Discovery {
  readonly missing: string[] = [];
  readonly overridden: string[] = [];
  readonly taken = new Set<string>();

  constructor(
    readonly meta: MetadataReader,
    private readonly overrides: SchemaOverrides,
  ) {}

  /**
   * The section's table: the override (if it exists), the first candidate that exists, or the first
   * table referencing `parent` (read at most `maxProbes` of them) that `fits`.
   */
  async table(
    section: Section,
    candidates: readonly string[],
    byRelationship?: { parent: string; nameHint?: RegExp; fits: (table: TableMeta) => boolean },
  ): Promise<TableMeta | null> {
    const override = this.overrides[`${section}.table`];
    if (override) {
      const table = await this.meta.table(override);
      if (table) {
        this.overridden.push(`${section}.table`);
        return this.take(table);
      }
      this.missing.push(
        `The override ${section}.table names the table ${override}, which this environment does not have: correct or clear it in ${OVERRIDES_WHERE}.`,
      );
    }
    for (const name of candidates) {
      if (this.taken.has(name)) continue;
      const table = await this.meta.table(name);
      if (table) return this.take(table);
    }
    if (!byRelationship) return null;
    const referencing = (await this.meta.referencing(byRelationship.parent)).filter(
      (name) =>
        !this.taken.has(name) && !candidates.includes(name) && (byRelationship.nameHint?.test(name) ?? true),
    );
    for (const name of referencing.slice(0, MAX_PROBES)) {
      const table = await this.meta.table(name);
      if (table && byRelationship.fits(table)) return this.take(table);
    }
    return null;
  }

  /** A lookup column of `table` to `parent`: the override, then the relationship (preferring candidates). */
  lookup(
    section: Section,
    field: string,
    table: TableMeta,
    parents: readonly string[],
    candidates: readonly string[],
  ): string | null {
    const override = this.override(section, field, table);
    if (override !== undefined) return override;
    const found = table.lookups.filter((l) => parents.includes(l.target)).map((l) => l.attribute);
    return candidates.find((c) => found.includes(c)) ?? found[0] ?? null;
  }

  /** A plain column of `table`: the override, a candidate name, or a name matching `rule.like`. */
  column(section: Section, field: string, table: TableMeta, rule: ColumnRule): string | null {
    const override = this.override(section, field, table);
    if (override !== undefined) return override;
    const candidate = rule.candidates.find((c) => table.attributes.has(c));
    if (candidate) return candidate;
    if (!rule.like) return null;
    for (const [name, type] of table.attributes) {
      if (rule.like.test(name) && (!rule.types || rule.types.includes(type))) return name;
    }
    return null;
  }

  /** A required column: when absent, noted as missing and answered with `fallback` (the usual name). */
  required(
    section: Section,
    field: string,
    table: TableMeta,
    found: string | null,
    fallback: string,
  ): string {
    if (found !== null) return found;
    const what = FIELD_WORDS[field] ?? `${field} column`;
    this.missing.push(
      `${LABELS[section]} (${table.logicalName}) has no ${what}: set ${section}.${field} to its logical name in ${OVERRIDES_WHERE}.`,
    );
    return fallback;
  }

  /** The override of `section.field` when it names a column of `table`; undefined when unset. Null when wrong. */
  private override(section: Section, field: string, table: TableMeta): string | null | undefined {
    const key = `${section}.${field}`;
    const name = this.overrides[key];
    if (!name) return undefined;
    if (table.attributes.has(name)) {
      this.overridden.push(key);
      return name;
    }
    this.missing.push(
      `The override ${key} names the column ${name}, which ${LABELS[section]} (${table.logicalName}) does not have: correct or clear it in ${OVERRIDES_WHERE}.`,
    );
    return null;
  }

  private take(table: TableMeta): TableMeta {
    this.taken.add(table.logicalName);
    return table;
  }
}

/** How many tables a relationship search reads at most (each is one request). */
const MAX_PROBES = 4;

const names = (table: TableMeta): TableNames => ({
  table: table.logicalName,
  entitySet: table.entitySet,
  id: table.id,
});

const placeholder = (table: string): TableMeta => ({
  logicalName: table,
  entitySet: `${table}s`,
  id: `${table}id`,
  primaryName: 'msdyn_name',
  changeTracking: false,
  attributes: new Map(),
  lookups: [],
});

const TRACKING_NUMBER: ColumnRule = {
  candidates: ['msdyn_trackingnumber', 'msdyn_trackingno', 'msdyn_trackingid'],
  like: /tracking_?(number|no|num|code)|trackingnumber/,
  types: TEXT_TYPES,
};
const QUANTITY: ColumnRule = {
  candidates: ['msdyn_quantity', 'msdyn_qty', 'msdyn_orderedquantity'],
  like: /quantity|qty/,
  types: NUMBER_TYPES,
};
const STATE: ColumnRule = { candidates: ['msdyn_iomstatename', 'msdyn_statename', 'msdyn_state'] };

const hasLookupTo = (table: TableMeta, parent: string) => table.lookups.some((l) => l.target === parent);
const hasColumn = (table: TableMeta, rule: ColumnRule) =>
  rule.candidates.some((c) => table.attributes.has(c)) ||
  (rule.like !== undefined &&
    [...table.attributes].some(
      ([name, type]) => rule.like!.test(name) && (!rule.types || rule.types.includes(type)),
    ));

/**
 * Discover the environment's fulfillment, tracking and return tables. One EntityDefinitions read per
 * table (plus one per candidate name that does not exist, and one OneToManyRelationships read when a
 * table has to be found by relationship). Dataverse errors other than a missing table are thrown.
 */
export async function discoverFulfillmentProfile(
  client: DataverseClient,
  overrides: SchemaOverrides,
  now: Date,
): Promise<FulfillmentProfile> {
  const d = new Discovery(new MetadataReader(client), overrides);
  const salesOrderTable = await d.meta.table(SALES_ORDER_TABLE);

  // Fulfillment order.
  const foTable =
    (await d.table('fulfillmentOrder', [FULFILLMENT_ORDER_TABLE], {
      parent: SALES_ORDER_TABLE,
      nameHint: /fulfil/,
      fits: (t) => hasLookupTo(t, SALES_ORDER_TABLE),
    })) ?? null;
  if (!foTable)
    d.missing.push(
      `No Fulfillment Order table was found (looked for ${FULFILLMENT_ORDER_TABLE}): install Intelligent Order Management, or set fulfillmentOrder.table in ${OVERRIDES_WHERE}.`,
    );
  const fo = foTable ?? placeholder(FULFILLMENT_ORDER_TABLE);
  const fulfillmentOrder: FulfillmentProfile['fulfillmentOrder'] = {
    ...names(fo),
    salesOrder: foTable
      ? d.required(
          'fulfillmentOrder',
          'salesOrder',
          fo,
          d.lookup(
            'fulfillmentOrder',
            'salesOrder',
            fo,
            [SALES_ORDER_TABLE],
            ['msdyn_salesorderid', 'msdyn_salesorder'],
          ),
          'msdyn_salesorderid',
        )
      : 'msdyn_salesorderid',
    state: d.column('fulfillmentOrder', 'state', fo, STATE),
    name:
      d.column('fulfillmentOrder', 'name', fo, {
        candidates: [fo.primaryName ?? 'msdyn_name', 'msdyn_name'],
      }) ?? 'msdyn_name',
  };

  // Fulfillment line and tracking both hang off the fulfillment order.
  const lineTable = foTable
    ? await d.table('fulfillmentLine', ['msdyn_fulfillmentorderdetail', 'msdyn_fulfillmentorderline'], {
        parent: fo.logicalName,
        fits: (t) =>
          hasLookupTo(t, fo.logicalName) && hasColumn(t, QUANTITY) && !hasColumn(t, TRACKING_NUMBER),
      })
    : null;
  if (foTable && !lineTable)
    d.missing.push(
      `No Fulfillment Order Product table (the fulfillment order's lines) was found (looked for msdyn_fulfillmentorderdetail and the tables that look up ${fo.logicalName}): set fulfillmentLine.table in ${OVERRIDES_WHERE}.`,
    );
  const fl = lineTable ?? placeholder('msdyn_fulfillmentorderdetail');
  const fulfillmentLine: FulfillmentProfile['fulfillmentLine'] = {
    ...names(fl),
    fulfillmentOrder: lineTable
      ? d.required(
          'fulfillmentLine',
          'fulfillmentOrder',
          fl,
          d.lookup(
            'fulfillmentLine',
            'fulfillmentOrder',
            fl,
            [fo.logicalName],
            ['msdyn_fulfillmentid', 'msdyn_fulfillmentorderid'],
          ),
          'msdyn_fulfillmentid',
        )
      : 'msdyn_fulfillmentid',
    salesOrderLine: d.lookup(
      'fulfillmentLine',
      'salesOrderLine',
      fl,
      [SALES_ORDER_LINE_TABLE],
      ['msdyn_salesorderdetailid', 'msdyn_salesorderline'],
    ),
    product: d.lookup(
      'fulfillmentLine',
      'product',
      fl,
      [PRODUCT_TABLE],
      ['msdyn_product', 'msdyn_productid'],
    ),
    quantity: d.column('fulfillmentLine', 'quantity', fl, QUANTITY),
    shipped: d.column('fulfillmentLine', 'shipped', fl, {
      candidates: ['msdyn_shippedquantity', 'msdyn_quantityshipped'],
      like: /shipped/,
      types: NUMBER_TYPES,
    }),
    cancelled: d.column('fulfillmentLine', 'cancelled', fl, {
      candidates: ['msdyn_cancelledquantity', 'msdyn_canceledquantity', 'msdyn_quantitycancelled'],
      like: /cancel+ed/,
      types: NUMBER_TYPES,
    }),
  };

  const trackingTable = foTable
    ? await d.table(
        'tracking',
        ['msdyn_fulfillmenttracking', 'msdyn_fulfillmentordertracking', 'msdyn_tracking'],
        {
          parent: fo.logicalName,
          fits: (t) => hasLookupTo(t, fo.logicalName) && hasColumn(t, TRACKING_NUMBER),
        },
      )
    : null;
  if (foTable && !trackingTable)
    d.missing.push(
      `No Fulfillment Tracking table was found (looked for msdyn_fulfillmenttracking and the tables that look up ${fo.logicalName} with a tracking number column), so shipments can't be relayed: set tracking.table in ${OVERRIDES_WHERE}.`,
    );
  const tr = trackingTable ?? placeholder('msdyn_fulfillmenttracking');
  const carrierLookup = d.lookup(
    'tracking',
    'carrier',
    tr,
    [
      ...CARRIER_TABLES,
      ...tr.lookups.map((l) => l.target).filter((t) => /carrier/.test(t) && !/service/.test(t)),
    ],
    ['msdyn_shippingcarrier', 'msdyn_carrier'],
  );
  const tracking: FulfillmentProfile['tracking'] = {
    ...names(tr),
    fulfillmentOrder: trackingTable
      ? d.required(
          'tracking',
          'fulfillmentOrder',
          tr,
          d.lookup(
            'tracking',
            'fulfillmentOrder',
            tr,
            [fo.logicalName],
            ['msdyn_fulfillmentorderid', 'msdyn_fulfillmentid'],
          ),
          'msdyn_fulfillmentorderid',
        )
      : 'msdyn_fulfillmentorderid',
    trackingNumber: trackingTable
      ? d.required(
          'tracking',
          'trackingNumber',
          tr,
          d.column('tracking', 'trackingNumber', tr, TRACKING_NUMBER),
          'msdyn_trackingnumber',
        )
      : 'msdyn_trackingnumber',
    carrierName: d.column('tracking', 'carrierName', tr, {
      candidates: ['msdyn_carriername', 'msdyn_shippingcarriername'],
      like: /carrier_?name/,
      types: TEXT_TYPES,
    }),
    carrier: carrierLookup,
    carrierService: d.column('tracking', 'carrierService', tr, {
      candidates: ['msdyn_carrierservice', 'msdyn_carrierserviceid', 'msdyn_shippingmethod'],
      like: /carrier_?service/,
    }),
    shipmentId: d.column('tracking', 'shipmentId', tr, {
      candidates: ['msdyn_shipmentid', 'msdyn_shipmentnumber'],
      like: /shipment_?(id|number|no)/,
      types: TEXT_TYPES,
    }),
    shipDate: d.column('tracking', 'shipDate', tr, {
      candidates: ['msdyn_shipdate', 'msdyn_shippeddate', 'msdyn_shipmentdate'],
      like: /ship(ped|ment)?_?date/,
      types: DATE_TYPES,
    }),
    name:
      d.column('tracking', 'name', tr, { candidates: [tr.primaryName ?? 'msdyn_name', 'msdyn_name'] }) ??
      'msdyn_name',
  };

  const trackingLineTable = trackingTable
    ? await d.table(
        'trackingLine',
        ['msdyn_fulfillmenttrackingline', 'msdyn_fulfillmenttrackingdetail', 'msdyn_trackingline'],
        {
          parent: tr.logicalName,
          fits: (t) => hasLookupTo(t, tr.logicalName) && hasColumn(t, QUANTITY),
        },
      )
    : null;
  if (trackingTable && !trackingLineTable)
    d.missing.push(
      `No Fulfillment Tracking Line table was found (looked for msdyn_fulfillmenttrackingline and the tables that look up ${tr.logicalName}), so shipped quantities can't be relayed: set trackingLine.table in ${OVERRIDES_WHERE}.`,
    );
  const tl = trackingLineTable ?? placeholder('msdyn_fulfillmenttrackingline');
  const trackingLine: FulfillmentProfile['trackingLine'] = {
    ...names(tl),
    tracking: trackingLineTable
      ? d.required(
          'trackingLine',
          'tracking',
          tl,
          d.lookup(
            'trackingLine',
            'tracking',
            tl,
            [tr.logicalName],
            ['msdyn_fulfillmenttrackingid', 'msdyn_trackingid'],
          ),
          'msdyn_fulfillmenttrackingid',
        )
      : 'msdyn_fulfillmenttrackingid',
    fulfillmentLine: d.lookup(
      'trackingLine',
      'fulfillmentLine',
      tl,
      [fl.logicalName],
      ['msdyn_fulfillmentorderdetailid'],
    ),
    salesOrderLine: d.lookup(
      'trackingLine',
      'salesOrderLine',
      tl,
      [SALES_ORDER_LINE_TABLE],
      ['msdyn_salesorderdetailid'],
    ),
    quantity: trackingLineTable
      ? d.required(
          'trackingLine',
          'quantity',
          tl,
          d.column('trackingLine', 'quantity', tl, QUANTITY),
          'msdyn_quantity',
        )
      : 'msdyn_quantity',
  };

  // Returns are optional: without them, returns are not relayed.
  const { returnOrder, returnLine, returnTracking } = await discoverReturns(d);

  return {
    fulfillmentOrder,
    fulfillmentLine,
    tracking,
    trackingLine,
    returnOrder,
    returnLine,
    salesOrder: salesOrderTable
      ? {
          state: d.column('salesOrder', 'state', salesOrderTable, STATE),
          stateReason: d.column('salesOrder', 'stateReason', salesOrderTable, {
            candidates: ['msdyn_iomstatereasonname', 'msdyn_statereasonname'],
          }),
        }
      : { state: null, stateReason: null },
    changeTracking: {
      salesOrder: salesOrderTable?.changeTracking ?? false,
      fulfillmentOrder: foTable?.changeTracking ?? false,
      returnOrder: returnTracking,
    },
    missing: d.missing,
    overridden: d.overridden,
    discoveredAt: now.toISOString(),
  };
}

async function discoverReturns(d: Discovery): Promise<{
  returnOrder: FulfillmentProfile['returnOrder'];
  returnLine: FulfillmentProfile['returnLine'];
  returnTracking: boolean;
}> {
  const none = { returnOrder: null, returnLine: null, returnTracking: false };
  const notRelayed = 'so returns won’t be relayed';
  const roTable = await d.table('returnOrder', ['msdyn_returnorder', 'msdyn_salesreturnorder'], {
    parent: SALES_ORDER_TABLE,
    nameHint: /return/,
    fits: (t) => hasLookupTo(t, SALES_ORDER_TABLE),
  });
  if (!roTable) {
    d.missing.push(
      `No Return Order table was found (looked for msdyn_returnorder), ${notRelayed}: set returnOrder.table in ${OVERRIDES_WHERE} if this environment has one.`,
    );
    return none;
  }
  const before = d.missing.length;
  const salesOrder = d.lookup(
    'returnOrder',
    'salesOrder',
    roTable,
    [SALES_ORDER_TABLE],
    ['msdyn_salesorderid', 'msdyn_salesorder'],
  );
  d.required('returnOrder', 'salesOrder', roTable, salesOrder, '');
  const lineTable = await d.table('returnLine', ['msdyn_returnorderdetail', 'msdyn_returnorderline'], {
    parent: roTable.logicalName,
    fits: (t) => hasLookupTo(t, roTable.logicalName) && hasLookupTo(t, SALES_ORDER_LINE_TABLE),
  });
  if (!lineTable) {
    d.missing.push(
      `No Return Order Product table (the return order's lines) was found (looked for msdyn_returnorderdetail and the tables that look up ${roTable.logicalName}), ${notRelayed}: set returnLine.table in ${OVERRIDES_WHERE}.`,
    );
    return { ...none, returnTracking: roTable.changeTracking };
  }
  const returnOrderLookup = d.lookup(
    'returnLine',
    'returnOrder',
    lineTable,
    [roTable.logicalName],
    ['msdyn_returnorderid'],
  );
  d.required('returnLine', 'returnOrder', lineTable, returnOrderLookup, '');
  const salesOrderLine = d.lookup(
    'returnLine',
    'salesOrderLine',
    lineTable,
    [SALES_ORDER_LINE_TABLE],
    ['msdyn_salesorderdetailid'],
  );
  d.required('returnLine', 'salesOrderLine', lineTable, salesOrderLine, '');
  const quantity = d.column('returnLine', 'quantity', lineTable, QUANTITY);
  d.required('returnLine', 'quantity', lineTable, quantity, '');
  if (d.missing.length > before || !salesOrder || !returnOrderLookup || !salesOrderLine || !quantity) {
    d.missing.push(`Until the return columns above are found, returns won’t be relayed.`);
    return { ...none, returnTracking: roTable.changeTracking };
  }
  return {
    returnOrder: {
      ...names(roTable),
      salesOrder,
      state: d.column('returnOrder', 'state', roTable, STATE),
      name:
        d.column('returnOrder', 'name', roTable, {
          candidates: [roTable.primaryName ?? 'msdyn_name', 'msdyn_name'],
        }) ?? 'msdyn_name',
    },
    returnLine: { ...names(lineTable), returnOrder: returnOrderLookup, salesOrderLine, quantity },
    returnTracking: roTable.changeTracking,
  };
}

/** One line per table for logs and the connection check: `tracking: contoso_shipmenttracking`. */
export function describeProfileTables(profile: FulfillmentProfile): string {
  const tables = [
    profile.fulfillmentOrder.table,
    profile.fulfillmentLine.table,
    profile.tracking.table,
    profile.trackingLine.table,
    profile.returnOrder?.table,
    profile.returnLine?.table,
  ].filter((t): t is string => typeof t === 'string');
  return tables.join(', ');
}
