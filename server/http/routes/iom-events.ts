import express, { Router } from 'express';
import type { AppDeps } from '../../deps';
import { PUSH_SIGNATURE_HEADER } from '../../relay/push-signature';
import { receivePush } from '../../relay/receive-push';
import { locals } from '../locals';

/**
 * POST /iom/events: IOM (a provider action or a Power Automate flow) says a sales order changed. The
 * raw body is kept, because the signature covers its exact bytes. Answers 202 once the order's
 * outbound job is queued (`queued: false` when no order of the store is linked to it).
 */
export function iomEventRoutes(deps: AppDeps): Router {
  const router = Router();
  router.post('/iom/events', express.raw({ limit: '16kb', type: () => true }), async (req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = await receivePush(deps, { rawBody, signatureHeader: req.get(PUSH_SIGNATURE_HEADER) });
    const ctx = locals(res);
    ctx.storeHash = result.storeHash;
    ctx.log.info(
      {
        storeHash: result.storeHash,
        queued: result.queued,
        orderId: result.queued ? result.orderId : undefined,
      },
      'iom push accepted',
    );
    res.status(202).json(
      result.queued
        ? { queued: true, orderId: result.orderId }
        : {
            queued: false,
            ...(result.orderId === undefined ? {} : { orderId: result.orderId }),
            message: result.message,
          },
    );
  });
  return router;
}
