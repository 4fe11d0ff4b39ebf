/** Types of the Mappings page's API beyond api-types.ts (type-only imports from client/). */
import type { FieldErrorView, SkuMappingsResponse } from './api-types';
import type { IomProductView } from './attention-api-types';

/** GET /api/mappings/sku: the page of mappings, with each mapped IOM product as IOM has it now. */
export interface SkuMappingsPageResponse extends SkuMappingsResponse {
  /** By product id; a mapping whose id is missing here names a product IOM does not have (any more). */
  products: Record<string, IomProductView>;
  /** Why the products could not be read from IOM (null: they were). */
  productsError: string | null;
}

/** A SKU of a recent order that matched an IOM product by its product number, without a mapping. */
export interface AutoMatchView {
  sku: string;
  product: IomProductView;
  /** Recent orders with this SKU. */
  orders: number;
}

/**
 * GET /api/mappings/sku/auto: how the SKUs of the store's recent orders resolve now. Automatic matches
 * are not stored; they are worked out from IOM on every look (and by the relay on every order).
 */
export interface SkuAutoMatchResponse {
  /** SKUs IOM matched by product number. */
  matched: AutoMatchView[];
  /** SKUs no IOM product number equals and no mapping covers. */
  unmatched: Array<{ sku: string; orders: number }>;
  /** SKUs a merchant's mapping covers (shown in the mappings table). */
  mapped: number;
  /** How many recent orders were looked at. */
  ordersScanned: number;
}

/** POST /api/mappings/sku/import (text/csv): every row was valid and is saved. */
export interface SkuImportResponse {
  /** Rows saved (new or changed mappings). */
  imported: number;
  /** Orders waiting for one of these SKUs, queued again. */
  requeued: number[];
}

/** A refused import: `error.fields` name `rows[<row>].<column>` (row 1 is the first after the header). */
export type SkuImportFieldError = FieldErrorView;
