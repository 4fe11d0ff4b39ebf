import express, { Router } from 'express';
import type { AppDeps } from '../../deps';
import { WEBHOOK_SECRET_HEADER } from '../../bigcommerce/webhooks';
import { receiveWebhook } from '../../relay/receive-webhook';
import { locals } from '../locals';

/**
 * POST /webhooks/bigcommerce. Answers 200 with no body once the work is persisted (BigCommerce only
 * counts 2xx); a storage failure becomes a 5xx so BigCommerce retries the delivery.
 */
export function webhookRoutes(deps: AppDeps): Router {
  const router = Router();
  router.post(
    '/webhooks/bigcommerce',
    express.json({ limit: '64kb', type: () => true }),
    async (req, res) => {
      const result = await receiveWebhook(deps, {
        body: req.body,
        secretHeader: req.get(WEBHOOK_SECRET_HEADER),
      });
      const ctx = locals(res);
      ctx.storeHash = result.storeHash;
      ctx.log.info(
        { storeHash: result.storeHash, orderId: result.orderId, outcome: result.outcome },
        'webhook accepted',
      );
      res.status(200).end();
    },
  );
  return router;
}
