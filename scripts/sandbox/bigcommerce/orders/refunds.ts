import { z } from 'zod';
import type { SimulatorContext } from '../context';
import { SandboxActionError } from '../store-directory';
import { CENT, type Money } from './money';
import { publish } from './order-actions';
import {
  lineNetTotal,
  lineRefunds,
  type OrderLine,
  type OrderRecord,
  type RefundRecord,
} from './order-model';

/**
 * v3 refunds (https://developer.bigcommerce.com/docs/rest-management/orders/payment-actions): a quote says
 * what refunding some product quantities gives back and how it can be paid; a refund then records it,
 * raises the lines' `quantity_refunded` and fires `store/order/refund/created`
 * (`data: {type:'order', id, refund:{refund_id}}`).
 *
 * Sandbox scope and assumptions: only `item_type: 'PRODUCT'` items with a `quantity` (shipping, handling,
 * order-level amounts and fees are refused with 422); a unit refunds its share of the line's discounted,
 * tax-included total, in whole cents (the last units take the remainder); the payment options are the test
 * gateway (online) and a custom offline refund; the payments must add up to the quote exactly (BigCommerce:
 * "The amount given in the array must match the amount used in the refund request body"); refunds are
 * applied at once (BigCommerce schedules the payment request asynchronously); the order's status does not
 * change (BigCommerce's docs do not say whether it moves to Refunded or Partially Refunded).
 */

const itemSchema = z.object({
  item_type: z.enum(['PRODUCT', 'GIFT_WRAPPING', 'SHIPPING', 'HANDLING', 'ORDER', 'TAX', 'FEE']),
  item_id: z.number().int().positive(),
  quantity: z.int().min(1).optional(),
  amount: z.number().min(0).optional(),
  reason: z.string().max(1000).optional(),
  adjustments: z.array(z.unknown()).optional(),
});
export const refundQuoteSchema = z.object({ items: z.array(itemSchema).min(1) });
export const refundRequestSchema = refundQuoteSchema.extend({
  payments: z
    .array(
      z.object({
        provider_id: z.string().min(1),
        amount: z.number().min(0),
        offline: z.boolean(),
        provider_description: z.string().optional(),
      }),
    )
    .min(1),
  merchant_calculated_override: z.unknown().optional(),
});
export type RefundQuoteBody = z.output<typeof refundQuoteSchema>;
export type RefundRequestBody = z.output<typeof refundRequestSchema>;

export interface RefundMethod {
  providerId: string;
  description: string;
  offline: boolean;
}
/** The ways the sandbox store can pay a refund back. */
export const REFUND_METHODS: readonly RefundMethod[] = [
  { providerId: 'testgateway', description: 'Test Payment Gateway', offline: false },
  { providerId: 'custom', description: 'Custom refund (outside BigCommerce)', offline: true },
];

export interface RefundQuote {
  orderId: number;
  totalAmount: Money;
  totalTax: Money;
  items: Array<{ orderProductId: number; quantity: number; amount: Money; tax: Money; reason: string }>;
}

export function quoteRefund(order: OrderRecord, body: RefundQuoteBody): RefundQuote {
  if (order.paymentStatus !== 'captured')
    throw new SandboxActionError(
      422,
      `Order ${order.id} has no captured payment to refund (payment status ${order.paymentStatus}).`,
    );
  const seen = new Set<number>();
  const items = body.items.map((item) => {
    if (item.item_type !== 'PRODUCT' || item.quantity === undefined)
      throw new SandboxActionError(
        422,
        `The sandbox refunds product quantities only: give item_type "PRODUCT", the order product id as item_id and a quantity (got item_type ${item.item_type}).`,
      );
    if (seen.has(item.item_id)) throw new SandboxActionError(422, `List order product ${item.item_id} once.`);
    seen.add(item.item_id);
    const line = order.lines.find((l) => l.id === item.item_id);
    if (!line)
      throw new SandboxActionError(
        422,
        `Order ${order.id} has no order product ${item.item_id}. item_id is the id from GET /v2/orders/${order.id}/products.`,
      );
    const refunded = lineRefunds(order, line.id).quantity;
    if (item.quantity > line.quantity - refunded)
      throw new SandboxActionError(
        422,
        `Order product ${line.id} has ${line.quantity - refunded} unit(s) left to refund (quantity ${line.quantity}, ${refunded} refunded); asked for ${item.quantity}.`,
      );
    return {
      orderProductId: line.id,
      quantity: item.quantity,
      ...unitsValue(order, line, item.quantity),
      reason: item.reason ?? '',
    };
  });
  return {
    orderId: order.id,
    totalAmount: items.reduce((sum, i) => sum + i.amount, 0),
    totalTax: items.reduce((sum, i) => sum + i.tax, 0),
    items,
  };
}

/** Records a refund on the order (validated against a fresh quote) and fires its webhook. */
export function createRefund(
  ctx: SimulatorContext,
  storeHash: string,
  orderId: number,
  body: RefundRequestBody,
): { order: OrderRecord; refund: RefundRecord } {
  ctx.stores.get(storeHash);
  const now = ctx.now();
  const change = ctx.orders.modify(storeHash, orderId, now, (order, ids) => {
    const quote = quoteRefund(order, body);
    for (const payment of body.payments) {
      const method = REFUND_METHODS.find((m) => m.providerId === payment.provider_id);
      if (!method || method.offline !== payment.offline)
        throw new SandboxActionError(
          422,
          `Payment provider ${payment.provider_id} (offline ${String(payment.offline)}) is not a refund method of this order; use one from refund_quotes: ${REFUND_METHODS.map((m) => `${m.providerId} (offline ${String(m.offline)})`).join(', ')}.`,
        );
    }
    const paid = body.payments.reduce((sum, p) => sum + toMoney(p.amount), 0);
    if (paid !== quote.totalAmount)
      throw new SandboxActionError(
        422,
        `The payments add up to ${(paid / 10_000).toFixed(2)} but the refunded items come to ${(quote.totalAmount / 10_000).toFixed(2)}; take the amount from refund_quotes.`,
      );
    const refund: RefundRecord = {
      id: ids.nextRefundId(),
      createdAt: now,
      reason: quote.items.map((i) => i.reason).find((r) => r !== '') ?? '',
      totalAmount: quote.totalAmount,
      totalTax: quote.totalTax,
      items: quote.items.map(({ tax: _tax, ...item }) => item),
      payments: body.payments.map((p) => {
        const id = ids.nextRefundPaymentId();
        return {
          id,
          providerId: p.provider_id,
          amount: toMoney(p.amount),
          offline: p.offline,
          transactionId: `refund-${id}`,
        };
      }),
    };
    order.refunds.push(refund);
    return refund;
  });
  if (!change) throw new SandboxActionError(404, `Order ${orderId} does not exist.`);
  publish(ctx, storeHash, 'store/order/refund/created', {
    type: 'order',
    id: orderId,
    refund: { refund_id: change.result.id },
  });
  return { order: change.order, refund: change.result };
}

/** The value of `quantity` units of the line: the last units take whatever is left, so totals come out exact. */
function unitsValue(order: OrderRecord, line: OrderLine, quantity: number): { amount: Money; tax: Money } {
  const before = lineRefunds(order, line.id);
  const share = (total: Money, units: number): Money =>
    Math.round((total * units) / line.quantity / CENT) * CENT;
  const after = before.quantity + quantity;
  const amount =
    after === line.quantity ? lineNetTotal(line) - before.amount : share(lineNetTotal(line), quantity);
  const tax = share(line.totalTax, after) - share(line.totalTax, before.quantity);
  return { amount, tax };
}

/** A JSON amount (12.34) in 1/10000 units, at whole cents. */
function toMoney(amount: number): Money {
  return Math.round(amount * 100) * CENT;
}
