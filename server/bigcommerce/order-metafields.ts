import { z } from 'zod';
import { BigCommerceError } from '../errors';
import type { BigCommerceClient } from './api-client';

/** Our metafields on BigCommerce orders: private to this app (`app_only`). */
export const METAFIELD_NAMESPACE = 'iom_connector';
export const SALES_ORDER_ID_KEY = 'iom_salesorder_id';

/** Metafields per batch request; BigCommerce's batch endpoints take lists of this size comfortably. */
export const METAFIELDS_PER_BATCH = 50;

const batchResponse = z.object({
  data: z.array(z.object({ id: z.number(), resource_id: z.number().optional() }).loose()).optional(),
  errors: z.array(z.unknown()).optional(),
});

export interface SalesOrderIdMetafield {
  orderId: number;
  salesOrderId: string;
}

/**
 * Write the IOM sales order id onto each BigCommerce order with `POST /v3/orders/metafields` (one
 * request per METAFIELDS_PER_BATCH orders). Returns the order ids BigCommerce now holds a metafield
 * for. A 422 "partial success" still lists what it created; an order that already has the metafield
 * (a retry after a crash) counts as written.
 */
export async function writeSalesOrderIdMetafields(
  client: BigCommerceClient,
  items: readonly SalesOrderIdMetafield[],
): Promise<number[]> {
  const written: number[] = [];
  for (let i = 0; i < items.length; i += METAFIELDS_PER_BATCH) {
    const chunk = items.slice(i, i + METAFIELDS_PER_BATCH);
    const body = chunk.map((item) => ({
      resource_id: item.orderId,
      permission_set: 'app_only',
      namespace: METAFIELD_NAMESPACE,
      key: SALES_ORDER_ID_KEY,
      value: item.salesOrderId,
      description: 'Dynamics 365 IOM sales order id (IOM Connector)',
    }));
    try {
      const { data } = await client.request('POST', '/v3/orders/metafields', { body, schema: batchResponse });
      written.push(...createdOrderIds(data.data, chunk));
    } catch (error) {
      if (!(error instanceof BigCommerceError) || error.upstreamStatus !== 422) throw error;
      // Partial success: what was created is listed; the rest failed, e.g. because it already exists.
      const parsed = batchResponse.safeParse(safeJson(error.upstreamBody));
      const created = parsed.success ? createdOrderIds(parsed.data.data, chunk) : [];
      const existing = alreadyExisting(error.upstreamBody ?? '', chunk);
      written.push(...new Set([...created, ...existing]));
    }
  }
  return written;
}

function createdOrderIds(
  data: Array<{ resource_id?: number }> | undefined,
  chunk: readonly SalesOrderIdMetafield[],
): number[] {
  if (!data) return [];
  const asked = new Set(chunk.map((c) => c.orderId));
  return data.map((m) => m.resource_id).filter((id): id is number => id !== undefined && asked.has(id));
}

/** Orders named in a 422 whose error says the metafield already exists (so it was written before). */
function alreadyExisting(text: string, chunk: readonly SalesOrderIdMetafield[]): number[] {
  const body = safeJson(text) as { errors?: unknown[] } | null;
  const errors = Array.isArray(body?.errors) ? body.errors : [];
  const ids: number[] = [];
  for (const entry of errors) {
    const textOf = JSON.stringify(entry).toLowerCase();
    if (!/exist|duplicate|unique/.test(textOf)) continue;
    for (const item of chunk) if (textOf.includes(String(item.orderId))) ids.push(item.orderId);
  }
  return ids;
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}
