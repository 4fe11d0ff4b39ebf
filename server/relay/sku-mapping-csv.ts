/**
 * SKU mappings as CSV (`sku,iom_product_id,iom_product_number`): the export, and an import that checks
 * every row against IOM and saves all of them or none.
 */
import { z } from 'zod';
import { ValidationError } from '../errors';
import type { DataverseClient } from '../iom/dataverse-client';
import { lookupProductsBySku } from '../iom/master-data';
import { productsById, type IomProduct } from '../iom/product-catalog';
import type { MappingRecord } from '../storage/types';
import { CsvSyntaxError, formatCsv, parseCsv } from './csv';

export const SKU_CSV_COLUMNS = ['sku', 'iom_product_id', 'iom_product_number'] as const;
/** Rows an import may hold. */
export const MAX_IMPORT_ROWS = 5_000;

const guid = z.guid();

export interface FieldError {
  field: string;
  message: string;
}

/** A refused import with one error per bad cell (`rows[3].iom_product_id`). */
export class SkuImportError extends ValidationError {
  constructor(readonly fields: FieldError[]) {
    const shown = fields.slice(0, 5).map((f) => `${f.field} ${f.message}`);
    super(
      `Nothing was imported: ${fields.length === 1 ? 'one row needs' : `${fields.length} problems need`} fixing first (${shown.join('; ')}${fields.length > 5 ? '; …' : ''}).`,
    );
    this.name = 'SkuImportError';
  }
}

/** The export: one row per mapping; the product number as IOM has it now ('' when IOM has no such product). */
export function skuMappingsCsv(
  mappings: readonly MappingRecord[],
  products: ReadonlyMap<string, IomProduct>,
): string {
  return formatCsv([
    [...SKU_CSV_COLUMNS],
    ...mappings.map((m) => [m.source, m.target, products.get(m.target.toLowerCase())?.productNumber ?? '']),
  ]);
}

/** A row of an import, resolved: the SKU and the IOM product id to map it to. */
export interface ImportedMapping {
  sku: string;
  productId: string;
}

interface Row {
  /** 1-based, the first row after the header. */
  n: number;
  sku: string;
  id: string;
  number: string;
}

/**
 * The rows of an import, each checked: the header names the columns (any order; `sku` and one of the
 * product columns required), a SKU appears once, a product id is a GUID IOM has, a product number is
 * one IOM has, and when both are given they are the same product. Throws SkuImportError naming every
 * bad cell; blank lines are ignored.
 */
export async function parseSkuImport(client: DataverseClient, text: string): Promise<ImportedMapping[]> {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      throw new SkuImportError([{ field: `line ${error.line}`, message: error.message }]);
    throw error;
  }
  const [header, ...body] = records;
  const columns = (header ?? []).map((c) => c.trim().toLowerCase());
  const at = (name: string) => columns.indexOf(name);
  const unknown = columns.filter((c) => c !== '' && !(SKU_CSV_COLUMNS as readonly string[]).includes(c));
  if (at('sku') < 0 || (at('iom_product_id') < 0 && at('iom_product_number') < 0) || unknown.length > 0)
    throw new SkuImportError([
      {
        field: 'header',
        message: `must name the columns ${SKU_CSV_COLUMNS.join(',')} (found ${columns.join(',') || 'nothing'})`,
      },
    ]);
  const cell = (record: string[], name: string) => (at(name) < 0 ? '' : (record[at(name)] ?? '').trim());
  const rows: Row[] = body
    .map((record, i) => ({
      n: i + 1,
      sku: cell(record, 'sku'),
      id: cell(record, 'iom_product_id').toLowerCase(),
      number: cell(record, 'iom_product_number'),
    }))
    .filter((r) => r.sku !== '' || r.id !== '' || r.number !== '');
  if (rows.length === 0)
    throw new SkuImportError([
      { field: 'rows', message: 'are missing: add one row per SKU under the header' },
    ]);
  if (rows.length > MAX_IMPORT_ROWS)
    throw new SkuImportError([
      { field: 'rows', message: `are ${rows.length}; import at most ${MAX_IMPORT_ROWS} at a time` },
    ]);

  const errors: FieldError[] = [];
  const fail = (row: Row, column: string, message: string) =>
    errors.push({ field: `rows[${row.n}].${column}`, message });
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (row.sku === '') fail(row, 'sku', 'is empty: every row needs the BigCommerce SKU');
    else if (row.sku.length > 255) fail(row, 'sku', 'is longer than 255 characters');
    else if (seen.has(row.sku)) fail(row, 'sku', `appears again (first in row ${seen.get(row.sku)})`);
    else seen.set(row.sku, row.n);
    if (row.id !== '' && !guid.safeParse(row.id).success)
      fail(row, 'iom_product_id', 'is not a GUID (e.g. 3f2504e0-4f89-11d3-9a0c-0305e82c3301)');
    if (row.id === '' && row.number === '')
      fail(row, 'iom_product_id', 'is empty: give the IOM product id or its product number');
  }

  const byId = await productsById(
    client,
    rows.map((r) => r.id).filter((id) => id !== '' && guid.safeParse(id).success),
  );
  const numbers = rows.filter((r) => r.number !== '').map((r) => r.number);
  const byNumber = numbers.length > 0 ? (await lookupProductsBySku(client, numbers)).found : {};
  const result: ImportedMapping[] = [];
  for (const row of rows) {
    let productId: string | null = null;
    if (row.id !== '' && guid.safeParse(row.id).success) {
      if (!byId.has(row.id)) fail(row, 'iom_product_id', 'is no product in IOM');
      else productId = row.id;
    }
    if (row.number !== '') {
      const match = byNumber[row.number];
      if (!match) fail(row, 'iom_product_number', 'is no product number in IOM');
      else if (productId !== null && match.productId.toLowerCase() !== productId)
        fail(row, 'iom_product_number', `belongs to another IOM product than iom_product_id`);
      else productId ??= match.productId.toLowerCase();
    }
    if (productId !== null && row.sku !== '') result.push({ sku: row.sku, productId });
  }
  if (errors.length > 0) throw new SkuImportError(errors);
  return result;
}
