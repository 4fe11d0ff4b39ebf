import express, { Router, type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { recordRequests, type RecordingPolicy } from '../shared/request-recorder';
import { storeApiGateway } from './api-gateway';
import type { SimulatorContext } from './context';
import { controlPanelRoutes } from './control-panel-routes';
import { graphqlRoutes } from './graphql-routes';
import { hooksRoutes } from './hooks-routes';
import { oauthRoutes } from './oauth-routes';
import { orderMetafieldsRoutes } from './orders/metafields-routes';
import { paymentActionsRoutes } from './orders/payment-actions-routes';
import { orderStatusesRoutes, ordersRoutes } from './orders/orders-routes';
import type { SimulatorKnobs } from './types';

const RECORDING: RecordingPolicy = {
  maxBodyBytes: 1024 * 1024,
  tooLargeBody: { status: 413, title: 'Request body too large' },
  /** A long demo run must not grow the log without bound; tests never come near this. */
  maxRecorded: 10_000,
};

/** One express app plays login.bigcommerce.com, api.bigcommerce.com and the control panel. */
export function createSimulatorApp(ctx: SimulatorContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(delayEveryResponse(ctx.knobs));
  app.use(recordRequests(ctx.requests, ctx.now, RECORDING));
  app.use((req, res, next) => {
    if (ctx.onStateChange && req.method !== 'GET' && req.method !== 'HEAD')
      res.on('finish', () => ctx.onStateChange?.());
    next();
  });
  app.use(oauthRoutes(ctx));
  app.use(
    '/stores/:storeHash',
    storeApiGateway(ctx, {
      '/v3/hooks': hooksRoutes(ctx),
      '/v3/orders': Router().use(paymentActionsRoutes(ctx), orderMetafieldsRoutes(ctx)),
      '/v2/orders': ordersRoutes(ctx),
      '/v2/order_statuses': orderStatusesRoutes(),
      '/graphql': graphqlRoutes(ctx),
    }),
  );
  app.use(controlPanelRoutes(ctx));
  app.use((_req, res) => {
    res.status(404).json({ error: 'Not found' });
  });
  const onError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    console.error('BigCommerce simulator: request failed', error);
    res.status(500).json({ error: 'Internal error in the BigCommerce simulator' });
  };
  app.use(onError);
  return app;
}

/** The latency knob: every request waits `latencyMs` before it is handled (and so before its response). */
function delayEveryResponse(knobs: SimulatorKnobs): RequestHandler {
  return (_req, _res, next) => {
    if (knobs.latencyMs > 0) setTimeout(next, knobs.latencyMs);
    else next();
  };
}
