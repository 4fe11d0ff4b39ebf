import { moneyNumber } from './money';
import { orderTotals, type OrderRecord, type RefundRecord } from './order-model';
import { REFUND_METHODS, type RefundQuote } from './refunds';

/** Refunds, quotes and transactions in the v3 API's shapes (orders.v3.yml: RefundQuote_Full, Refund,
 *  Transaction). Amounts are JSON numbers; dates ISO-8601. */

type Json = Record<string, unknown>;

export function renderQuote(quote: RefundQuote): Json {
  const amount = moneyNumber(quote.totalAmount);
  return {
    order_id: quote.orderId,
    total_refund_amount: amount,
    total_refund_tax_amount: moneyNumber(quote.totalTax),
    order_level_refund_amount: 0,
    rounding: 0,
    adjustment: 0,
    tax_inclusive: false,
    refund_methods: REFUND_METHODS.map((m) => [
      {
        provider_id: m.providerId,
        provider_description: m.description,
        amount,
        offline: m.offline,
        offline_provider: m.offline,
        offline_reason: m.offline ? 'The money is returned outside BigCommerce' : '',
      },
    ]),
  };
}

export function renderRefund(order: OrderRecord, refund: RefundRecord): Json {
  return {
    id: refund.id,
    order_id: order.id,
    user_id: 0,
    created: new Date(refund.createdAt).toISOString(),
    reason: refund.reason,
    total_amount: moneyNumber(refund.totalAmount),
    total_tax: moneyNumber(refund.totalTax),
    uses_merchant_override_values: false,
    items: refund.items.map((item) => ({
      item_type: 'PRODUCT',
      item_id: item.orderProductId,
      quantity: item.quantity,
      reason: item.reason,
      // requested_amount is for amount-bound items (the spec's example shows null for a quantity); the
      // spec types it a number in `Refund` but a nullable string in `RefundID_Get`, so it is left out.
    })),
    payments: refund.payments.map((p) => ({
      id: p.id,
      provider_id: p.providerId,
      amount: moneyNumber(p.amount),
      offline: p.offline,
      is_declined: false,
      declined_message: '',
      transaction_id: p.transactionId,
    })),
  };
}

/** The captured purchase (paid orders only), then one refund transaction per refund payment. Sandbox
 *  assumption: ids are derived from the order id; the card details are left out. */
export function renderTransactions(order: OrderRecord): Json[] {
  if (order.paymentStatus !== 'captured') return [];
  const base = {
    currency: order.currencyCode,
    test: true,
    status: 'ok',
    fraud_review: false,
    offline: null,
    custom: null,
    order_id: String(order.id),
  };
  const purchase = {
    ...base,
    id: order.id * 1000,
    event: 'purchase',
    method: 'credit_card',
    amount: moneyNumber(orderTotals(order).totalIncTax),
    gateway: 'testgateway',
    gateway_transaction_id: `sandbox-${order.id}`,
    payment_method_id: 'testgateway.card',
    date_created: new Date(order.createdAt).toISOString(),
  };
  const refunds = order.refunds.flatMap((refund) =>
    refund.payments.map((p) => ({
      ...base,
      id: order.id * 1000 + p.id,
      event: 'refund',
      method: p.offline ? 'custom' : 'credit_card',
      amount: moneyNumber(p.amount),
      gateway: p.offline ? 'custom' : 'testgateway',
      gateway_transaction_id: p.transactionId,
      payment_method_id: p.offline ? 'custom' : 'testgateway.card',
      reference_transaction_id: order.id * 1000,
      date_created: new Date(refund.createdAt).toISOString(),
    })),
  );
  return [purchase, ...refunds];
}
