import type { DataverseClient } from './dataverse-client';

/** At most this many rows per master-data list; the cockpit pages through more with search later. */
export const MASTER_DATA_LIMIT = 500;
/** SKUs per product lookup request (keeps the URL well under 2,000 characters for typical SKUs). */
export const SKUS_PER_REQUEST = 40;

export interface MasterDataItem {
  id: string;
  name: string;
  /** A short secondary text (account number, ISO code, …). */
  detail: string | null;
}

export type MasterDataKind = 'accounts' | 'price-lists' | 'currencies' | 'units' | 'warehouses';

interface TableSpec {
  collection: string;
  id: string;
  name: string;
  detail?: string;
  filter?: string;
}

const TABLES: Record<MasterDataKind, TableSpec> = {
  accounts: {
    collection: 'accounts',
    id: 'accountid',
    name: 'name',
    detail: 'accountnumber',
    filter: 'statecode eq 0',
  },
  'price-lists': { collection: 'pricelevels', id: 'pricelevelid', name: 'name', filter: 'statecode eq 0' },
  currencies: {
    collection: 'transactioncurrencies',
    id: 'transactioncurrencyid',
    name: 'currencyname',
    detail: 'isocurrencycode',
    filter: 'statecode eq 0',
  },
  units: { collection: 'uoms', id: 'uomid', name: 'name' },
  warehouses: {
    collection: 'msdyn_warehouses',
    id: 'msdyn_warehouseid',
    name: 'msdyn_name',
    detail: 'msdyn_description',
  },
};

export const MASTER_DATA_KINDS = Object.keys(TABLES) as MasterDataKind[];

/** One master-data list for the mapping screens, sorted by name. */
export async function listMasterData(
  client: DataverseClient,
  kind: MasterDataKind,
): Promise<{ items: MasterDataItem[]; truncated: boolean }> {
  const spec = TABLES[kind];
  const select = [spec.id, spec.name, ...(spec.detail ? [spec.detail] : [])];
  const response = await client.call(
    `list ${spec.collection}`,
    (api) =>
      api.retrieveMultiple<Record<string, unknown>>({
        collection: spec.collection,
        select,
        filter: spec.filter,
        orderBy: [`${spec.name} asc`],
        top: MASTER_DATA_LIMIT + 1,
      }),
    { idempotent: true },
  );
  const rows = response.value;
  return {
    items: rows.slice(0, MASTER_DATA_LIMIT).map((row) => ({
      id: String(row[spec.id]),
      name: String(row[spec.name] ?? ''),
      detail: spec.detail && row[spec.detail] != null ? String(row[spec.detail]) : null,
    })),
    truncated: rows.length > MASTER_DATA_LIMIT,
  };
}

export interface ProductMatch {
  productId: string;
  name: string;
  defaultUnitId: string | null;
}

/**
 * Find IOM products by SKU (`productnumber`) in ceil(n / SKUS_PER_REQUEST) requests, using
 * Dataverse's In() query function. SKUs are matched exactly; duplicates in the input are looked up once.
 */
export async function lookupProductsBySku(
  client: DataverseClient,
  skus: readonly string[],
): Promise<{ found: Record<string, ProductMatch>; missing: string[] }> {
  const unique = [...new Set(skus.map((s) => s.trim()).filter(Boolean))];
  const found: Record<string, ProductMatch> = {};
  for (let i = 0; i < unique.length; i += SKUS_PER_REQUEST) {
    const chunk = unique.slice(i, i + SKUS_PER_REQUEST);
    const values = chunk.map((sku) => `'${sku.replace(/'/g, "''")}'`).join(',');
    const response = await client.call(
      'look up products by SKU',
      (api) =>
        api.retrieveMultiple<{
          productid: string;
          productnumber: string;
          name?: string;
          _defaultuomid_value?: string | null;
        }>({
          collection: 'products',
          select: ['productid', 'productnumber', 'name', '_defaultuomid_value'],
          filter: `Microsoft.Dynamics.CRM.In(PropertyName='productnumber',PropertyValues=[${values}])`,
        }),
      { idempotent: true },
    );
    for (const row of response.value) {
      found[row.productnumber] = {
        productId: row.productid,
        name: row.name ?? row.productnumber,
        defaultUnitId: row._defaultuomid_value ?? null,
      };
    }
  }
  return { found, missing: unique.filter((sku) => !found[sku]) };
}
