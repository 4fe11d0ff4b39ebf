import { z } from 'zod';
import { BigCommerceError } from '../errors';
import type { BigCommerceClient } from './api-client';
import { parseBigCommerceOrder, parseBigCommerceOrderList, type BigCommerceOrder } from './order-schema';

/** Every order read asks for the consignments with their line items, in the object structure. */
export const ORDER_INCLUDES = {
  include: 'consignments.line_items',
  consignment_structure: 'object',
} as const;

/** BigCommerce's largest page (https://developer.bigcommerce.com/docs/start/about/common-query-params). */
export const ORDER_PAGE_LIMIT = 250;

const anyBody = z.unknown();

/**
 * One order with its consignments and line items, in one call:
 * `GET /v2/orders/{id}?include=consignments.line_items&consignment_structure=object`.
 * Null when the order does not exist (deleted, or never did).
 */
export async function readOrder(
  client: BigCommerceClient,
  orderId: number,
): Promise<BigCommerceOrder | null> {
  try {
    const { data } = await client.request('GET', `/v2/orders/${orderId}`, {
      query: ORDER_INCLUDES,
      schema: anyBody,
    });
    return parseBigCommerceOrder(data);
  } catch (error) {
    if (error instanceof BigCommerceError && error.upstreamStatus === 404) return null;
    throw error;
  }
}

export interface OrderListQuery {
  /** ISO-8601; orders modified at or after. */
  minDateModified?: string;
  minDateCreated?: string;
  maxDateCreated?: string;
  page: number;
  limit?: number;
  sort?: 'id:asc' | 'date_modified:asc' | 'date_created:asc' | 'id:desc';
}

/** One page of `GET /v2/orders` with the same includes (an empty page is 204: no orders). */
export async function listOrders(
  client: BigCommerceClient,
  query: OrderListQuery,
): Promise<BigCommerceOrder[]> {
  const { status, data } = await client.request('GET', '/v2/orders', {
    query: {
      ...ORDER_INCLUDES,
      min_date_modified: query.minDateModified,
      min_date_created: query.minDateCreated,
      max_date_created: query.maxDateCreated,
      sort: query.sort ?? 'id:asc',
      page: query.page,
      limit: query.limit ?? ORDER_PAGE_LIMIT,
    },
    schema: anyBody,
  });
  return status === 204 ? [] : parseBigCommerceOrderList(data);
}
