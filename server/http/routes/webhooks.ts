import express, { Router, type ErrorRequestHandler } from 'express';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { WEBHOOK_SECRET_HEADER } from '../../bigcommerce/webhooks';
import { receiveWebhook } from '../../relay/receive-webhook';
import { createWebhookStoreCache } from '../../relay/webhook-store-cache';
import { locals } from '../locals';

/**
 * POST /webhooks/bigcommerce. Answers 200 with no body once the work is persisted (BigCommerce only
 * counts 2xx); a storage failure becomes a 5xx so BigCommerce retries the delivery.
 */
export function webhookRoutes(deps: AppDeps): Router {
  const router = Router();
  const findStore = createWebhookStoreCache(deps);
  router.post(
    '/webhooks/bigcommerce',
    express.json({ limit: '64kb', type: () => true }),
    async (req, res) => {
      const result = await receiveWebhook(
        deps,
        { body: req.body, secretHeader: req.get(WEBHOOK_SECRET_HEADER) },
        findStore,
      );
      const ctx = locals(res);
      ctx.storeHash = result.storeHash;
      ctx.log.info(
        { storeHash: result.storeHash, orderId: result.orderId, outcome: result.outcome },
        'webhook accepted',
      );
      deps.metrics.webhook(result.outcome);
      res.status(200).end();
    },
  );
  // A refused delivery (bad JSON or payload, wrong secret: any 4xx) is counted, then answered as usual.
  router.use('/webhooks/bigcommerce', ((error, _req, _res, next) => {
    if (clientErrorStatus(error)) deps.metrics.webhook('refused');
    next(error);
  }) as ErrorRequestHandler);
  return router;
}

/** Whether an error answers 4xx: an AppError's status, or body-parser's `status` (malformed JSON, too large). */
function clientErrorStatus(error: unknown): boolean {
  const status =
    error instanceof AppError ? error.status : ((error as { status?: unknown } | null)?.status ?? 500);
  return typeof status === 'number' && status >= 400 && status < 500;
}
