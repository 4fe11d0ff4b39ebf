/**
 * IOM's product table (Dataverse `products`) for the mapping screens: search by name or product number,
 * and read products by id (to show a mapping's product and to check an imported one exists).
 */
import type { DataverseClient } from './dataverse-client';

/** Matches returned per search. */
export const PRODUCT_SEARCH_LIMIT = 20;
/** Ids per read by id (keeps the URL well under 2,000 characters). */
const IDS_PER_REQUEST = 25;

export interface IomProduct {
  productId: string;
  name: string;
  /** IOM's product number (what an automatic match compares the BigCommerce SKU with). */
  productNumber: string;
}

interface ProductRow {
  productid: string;
  name?: string | null;
  productnumber?: string | null;
}

const SELECT = ['productid', 'name', 'productnumber'];

function productOf(row: ProductRow): IomProduct {
  return {
    productId: row.productid.toLowerCase(),
    name: row.name ?? row.productnumber ?? '',
    productNumber: row.productnumber ?? '',
  };
}

/** An OData string literal (single quotes doubled). */
function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Active products whose name or product number contains `text` (Dataverse compares text
 * case-insensitively), by name, at most PRODUCT_SEARCH_LIMIT; `truncated` when there are more.
 */
export async function searchProducts(
  client: DataverseClient,
  text: string,
): Promise<{ products: IomProduct[]; truncated: boolean }> {
  const needle = literal(text.trim());
  const response = await client.call(
    'search products',
    (api) =>
      api.retrieveMultiple<ProductRow>({
        collection: 'products',
        select: SELECT,
        filter: `statecode eq 0 and (contains(name,${needle}) or contains(productnumber,${needle}))`,
        orderBy: ['name asc'],
        top: PRODUCT_SEARCH_LIMIT + 1,
      }),
    { idempotent: true },
  );
  const rows = response.value;
  return {
    products: rows.slice(0, PRODUCT_SEARCH_LIMIT).map(productOf),
    truncated: rows.length > PRODUCT_SEARCH_LIMIT,
  };
}

/** The products with these ids (lower-cased GUIDs) that exist, by id. */
export async function productsById(
  client: DataverseClient,
  ids: readonly string[],
): Promise<Map<string, IomProduct>> {
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  const found = new Map<string, IomProduct>();
  for (let i = 0; i < unique.length; i += IDS_PER_REQUEST) {
    const values = unique
      .slice(i, i + IDS_PER_REQUEST)
      .map(literal)
      .join(',');
    const response = await client.call(
      'read products by id',
      (api) =>
        api.retrieveMultiple<ProductRow>({
          collection: 'products',
          select: SELECT,
          filter: `Microsoft.Dynamics.CRM.In(PropertyName='productid',PropertyValues=[${values}])`,
        }),
      { idempotent: true },
    );
    for (const row of response.value) found.set(row.productid.toLowerCase(), productOf(row));
  }
  return found;
}
