import express, { type ErrorRequestHandler, type Express } from 'express';
import { recordRequests, type RecordingPolicy } from '../shared/request-recorder';
import type { IomContext } from './context';
import { dataverseGateway } from './dataverse/gateway';
import { entraRoutes } from './entra/token-routes';
import { forcedStatus } from './faults';
import { intakeRoutes } from './intake/intake-routes';
import { OPERATOR_PATH } from './operator/page';
import { operatorRoutes } from './operator/routes';
import type { IomOperator } from './types';

const RECORDING: RecordingPolicy = {
  /** Dataverse accepts request bodies up to 128 MB; the sandbox stops at 16 MB. */
  maxBodyBytes: 16 * 1024 * 1024,
  tooLargeBody: { error: { code: '0x80040216', message: 'The request body is too large.' } },
  /** A token request's client_secret never reaches the log. */
  recordedBody: (body) => body.replace(/(^|&)(client_secret=)[^&]*/g, '$1$2[masked]'),
};

/** One express app plays login.microsoftonline.com, the Dataverse environment, the intake flow's
 *  trigger and the IOM operator page. */
export function createSimulatorApp(ctx: IomContext, operator: IomOperator): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(recordRequests(ctx.requests, ctx.now, RECORDING));
  app.use(forcedStatus(ctx));
  app.use(entraRoutes(ctx));
  app.use('/api/data', dataverseGateway(ctx));
  app.use(intakeRoutes(ctx));
  app.use(operatorRoutes(ctx, operator));
  app.get('/', (_req, res) => res.redirect(OPERATOR_PATH));
  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'NotFound', message: 'Not found in the IOM simulator.' } });
  });
  const onError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    console.error('IOM simulator: request failed', error instanceof Error ? error.message : error);
    if (!res.headersSent)
      res.status(500).json({ error: { code: '0x80040216', message: 'An unexpected error occurred.' } });
  };
  app.use(onError);
  return app;
}
