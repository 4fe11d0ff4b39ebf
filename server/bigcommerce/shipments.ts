/**
 * What the outbound relay writes to a BigCommerce order (https://developer.bigcommerce.com/docs/rest-management/orders/order-shipments,
 * orders.v2 `orderShipment_Post`; status via `PUT /v2/orders/{id}`; v3 `payment_actions` refunds).
 */
import { z } from 'zod';
import type { BigCommerceClient } from './api-client';

const shipmentSchema = z.object({
  id: z.number().int(),
  order_address_id: z.number().int(),
  tracking_number: z.string().nullable().optional().default(''),
  tracking_carrier: z.string().nullable().optional().default(''),
  shipping_provider: z.string().nullable().optional().default(''),
  comments: z.string().nullable().optional().default(''),
  items: z
    .array(z.object({ order_product_id: z.number().int(), quantity: z.number() }))
    .optional()
    .default([]),
});

export type BigCommerceShipment = z.infer<typeof shipmentSchema>;

const SHIPMENTS_PAGE = 250;

/** Every shipment of the order (`GET /v2/orders/{id}/shipments`, 204 when there are none). */
export async function listShipments(
  client: BigCommerceClient,
  orderId: number,
): Promise<BigCommerceShipment[]> {
  const all: BigCommerceShipment[] = [];
  for (let page = 1; page <= 20; page++) {
    const { status, data } = await client.request('GET', `/v2/orders/${orderId}/shipments`, {
      query: { page, limit: SHIPMENTS_PAGE },
      schema: z.array(shipmentSchema).or(z.undefined()).or(z.literal('')),
    });
    if (status === 204 || !Array.isArray(data)) break;
    all.push(...data);
    if (data.length < SHIPMENTS_PAGE) break;
  }
  return all;
}

export interface NewShipment {
  order_address_id: number;
  tracking_number: string;
  tracking_carrier: string;
  shipping_provider: string;
  shipping_method?: string;
  comments: string;
  items: Array<{ order_product_id: number; quantity: number }>;
}

/** `POST /v2/orders/{id}/shipments`: one shipment (BigCommerce e-mails the customer, per store settings). */
export async function createShipment(
  client: BigCommerceClient,
  orderId: number,
  shipment: NewShipment,
): Promise<BigCommerceShipment> {
  const { data } = await client.request('POST', `/v2/orders/${orderId}/shipments`, {
    body: shipment,
    schema: shipmentSchema,
  });
  return data;
}

/**
 * Set the order's status, sending nothing but `status_id`: a PUT with `products` would clear the
 * discounts of the changed lines (the `updateOrder` warning in BigCommerce's orders.v2 reference).
 */
export async function setOrderStatus(
  client: BigCommerceClient,
  orderId: number,
  statusId: number,
): Promise<void> {
  await client.request('PUT', `/v2/orders/${orderId}`, {
    body: { status_id: statusId },
    schema: z.object({ id: z.number(), status_id: z.number() }).passthrough(),
  });
}

const refundQuoteSchema = z.object({
  data: z.object({
    total_refund_amount: z.number(),
    refund_methods: z.array(
      z.array(z.object({ provider_id: z.string(), amount: z.number(), offline: z.boolean().optional() })),
    ),
  }),
});

const refundSchema = z.object({ data: z.object({ id: z.number().int() }).passthrough() });

export interface RefundLine {
  orderProductId: number;
  quantity: number;
}

/**
 * Refund these lines: a refund quote first (BigCommerce asks for it, to avoid a 422), then the
 * refund with the quote's first refund method. Refunds of one order must run one after another,
 * which the per-order job guarantees. Null when BigCommerce offers no way to refund.
 */
export async function refundLines(
  client: BigCommerceClient,
  orderId: number,
  lines: readonly RefundLine[],
): Promise<{ refundId: number; amount: number } | null> {
  const items = lines.map((line) => ({
    item_type: 'PRODUCT',
    item_id: line.orderProductId,
    quantity: line.quantity,
  }));
  const quote = await client.request('POST', `/v3/orders/${orderId}/payment_actions/refund_quotes`, {
    body: { items },
    schema: refundQuoteSchema,
  });
  const method = quote.data.data.refund_methods[0];
  if (!method || method.length === 0) return null;
  const payments = method.map((p) => ({
    provider_id: p.provider_id,
    amount: p.amount,
    offline: p.offline ?? false,
  }));
  const refund = await client.request('POST', `/v3/orders/${orderId}/payment_actions/refunds`, {
    body: { items, payments },
    schema: refundSchema,
  });
  return { refundId: refund.data.data.id, amount: quote.data.data.total_refund_amount };
}
