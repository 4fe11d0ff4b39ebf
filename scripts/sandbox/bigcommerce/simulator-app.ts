import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { storeApiGateway } from './api-gateway';
import type { SimulatorContext } from './context';
import { controlPanelRoutes } from './control-panel-routes';
import { hooksRoutes } from './hooks-routes';
import { oauthRoutes } from './oauth-routes';
import { recordRequests } from './request-recorder';
import type { SimulatorKnobs } from './types';

/** One express app plays login.bigcommerce.com, api.bigcommerce.com and the control panel. */
export function createSimulatorApp(ctx: SimulatorContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(delayEveryResponse(ctx.knobs));
  app.use(recordRequests(ctx.requests, ctx.now));
  app.use(oauthRoutes(ctx));
  app.use('/stores/:storeHash', storeApiGateway(ctx, { '/v3/hooks': hooksRoutes(ctx) }));
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
