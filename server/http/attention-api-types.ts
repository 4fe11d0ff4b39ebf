/**
 * Types of the needs-attention inbox's bulk fixes and of the IOM product search (type-only imports
 * from client/). GET /api/attention itself answers `AttentionResponse` (api-types.ts).
 */

/** POST /api/attention/retry: every order of one group (`cause`, optionally one side), or these orders. */
export type AttentionRetryBody =
  { cause: string; direction?: 'inbound' | 'outbound' } | { orderIds: number[] };

/** The answer of POST /api/attention/retry. */
export interface AttentionRetryResponse {
  /** How many orders were queued again (an order queued on both sides counts once). */
  queued: number;
  /** Orders whose BigCommerce → IOM sync was queued. */
  inbound: number[];
  /** Orders whose IOM → BigCommerce update was queued. */
  outbound: number[];
}

/** One IOM product. */
export interface IomProductView {
  productId: string;
  name: string;
  /** IOM's product number; a BigCommerce SKU equal to it matches the product automatically. */
  productNumber: string;
}

/** GET /api/iom/products?search=<text>: active IOM products whose name or number contains the text. */
export interface ProductSearchResponse {
  products: IomProductView[];
  /** More products match than were returned: type more of the name. */
  truncated: boolean;
}
