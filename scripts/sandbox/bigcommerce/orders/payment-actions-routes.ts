import { Router, type Request, type Response } from 'express';
import { callerOf } from '../api-gateway';
import { ERROR_TYPE, fieldErrors, sendApiError } from '../api-errors';
import type { SimulatorContext } from '../context';
import { pagination } from '../pagination';
import { parseBody } from '../request-body';
import { SandboxActionError } from '../store-directory';
import type { OrderRecord } from './order-model';
import { requireAnyScope } from './orders-scope';
import { renderQuote, renderRefund, renderTransactions } from './refund-views';
import { createRefund, quoteRefund, refundQuoteSchema, refundRequestSchema } from './refunds';

const INVALID_TITLE = 'JSON data is missing or invalid';
const REFUND_SCOPES = {
  read: ['store_v2_orders_read_only', 'store_v2_transactions_read_only'],
  modify: ['store_v2_orders', 'store_v2_transactions'],
};
const TRANSACTION_SCOPES = { read: ['store_v2_transactions_read_only'], modify: ['store_v2_transactions'] };

/**
 * Orders v3 payment actions and transactions: `/stores/{hash}/v3/orders/{id}/payment_actions/refund_quotes`,
 * `…/payment_actions/refunds` (POST, GET), `/v3/orders/payment_actions/refunds/{refund_id}` and `…/transactions`, shapes per orders.v3.yml. Refund errors
 * come as the spec shows them: a quote's 422 is an ErrorResponse, a refund's 422 is `{data: [ErrorResponse]}`.
 */
export function paymentActionsRoutes(ctx: SimulatorContext): Router {
  const router = Router();
  const storeOf = (req: Request): string => callerOf(req).storeHash;

  router.post('/:id/payment_actions/refund_quotes', requireAnyScope(REFUND_SCOPES), (req, res) => {
    const order = findOrder(ctx, req, res);
    if (!order) return;
    const body = parseBody(req);
    const value = body.kind === 'json' ? body.value : undefined;
    const parsed = refundQuoteSchema.safeParse(value);
    if (!parsed.success) return sendApiError(res, 422, INVALID_TITLE, fieldErrors(value, parsed.error));
    try {
      const quote = quoteRefund(order, parsed.data);
      ctx.writes.count(storeOf(req), 'refundQuotes');
      res.status(201).json({ data: renderQuote(quote), meta: {} });
    } catch (error) {
      if (!(error instanceof SandboxActionError)) throw error;
      sendApiError(res, error.status, error.message);
    }
  });

  router.post('/:id/payment_actions/refunds', requireAnyScope(REFUND_SCOPES), (req, res) => {
    const body = parseBody(req);
    const value = body.kind === 'json' ? body.value : undefined;
    const parsed = refundRequestSchema.safeParse(value);
    if (!parsed.success) return sendRefundError(res, 422, INVALID_TITLE, fieldErrors(value, parsed.error));
    try {
      const { order, refund } = createRefund(ctx, storeOf(req), orderIdOf(req), parsed.data);
      ctx.writes.count(storeOf(req), 'refunds');
      res.status(201).json({ data: renderRefund(order, refund), meta: {} });
    } catch (error) {
      if (!(error instanceof SandboxActionError)) throw error;
      if (error.status === 404) return sendApiError(res, 404, error.message);
      sendRefundError(res, error.status, error.message);
    }
  });

  router.get('/:id/payment_actions/refunds', requireAnyScope(REFUND_SCOPES), (req, res) => {
    const order = findOrder(ctx, req, res);
    if (order) res.json({ data: order.refunds.map((r) => renderRefund(order, r)), meta: {} });
  });

  // Pairs with the refund_id of `store/order/refund/created`.
  router.get('/payment_actions/refunds/:refundId', requireAnyScope(REFUND_SCOPES), (req, res) => {
    const wanted = idOf(req.params['refundId']);
    for (const order of ctx.orders.all(storeOf(req))) {
      const refund = order.refunds.find((r) => r.id === wanted);
      if (refund) return void res.json({ data: renderRefund(order, refund), meta: {} });
    }
    sendApiError(res, 404, 'The requested refund was not found.');
  });

  router.get('/:id/transactions', requireAnyScope(TRANSACTION_SCOPES), (req, res) => {
    const order = findOrder(ctx, req, res);
    if (!order) return;
    const transactions = renderTransactions(order);
    if (transactions.length === 0) return void res.status(204).end();
    const count = transactions.length;
    res.json({
      data: transactions,
      meta: { pagination: pagination(count, count, 1, Math.max(count, 1), {}) },
    });
  });

  return router;
}

function sendRefundError(
  res: Response,
  status: number,
  title: string,
  errors?: Record<string, string>,
): void {
  res.status(status).json({
    data: [
      errors === undefined
        ? { status, title, type: ERROR_TYPE }
        : { status, title, type: ERROR_TYPE, errors },
    ],
  });
}

/** A non-numeric id can never match, so it is simply not found. */
function idOf(raw: unknown): number {
  const text = String(raw);
  return /^[1-9]\d{0,9}$/.test(text) ? Number(text) : Number.NaN;
}

function orderIdOf(req: Request): number {
  return idOf(req.params['id']);
}

function findOrder(ctx: SimulatorContext, req: Request, res: Response): OrderRecord | null {
  const order = ctx.orders.get(callerOf(req).storeHash, orderIdOf(req));
  if (!order || order.isDeleted) {
    sendApiError(res, 404, 'The requested order was not found.');
    return null;
  }
  return order;
}
