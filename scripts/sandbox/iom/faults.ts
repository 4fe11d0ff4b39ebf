/**
 * The `forceStatus` knob: the next request whose path matches a pattern fails with that status, once per
 * pattern. A forced failure speaks the protocol of the endpoint it hits: an Entra error body on the token
 * endpoint, a Logic Apps error body on the intake trigger, a Dataverse error body elsewhere.
 */
import { STATUS_CODES } from 'node:http';
import type { RequestHandler, Response } from 'express';
import { injectedFault } from './dataverse/errors';
import { EntraError, entraErrorBody } from './entra/entra-errors';
import type { IomContext } from './context';
import { TOKEN_PATH } from './entra/token-routes';

/** Consumes the first `forceStatus` entry whose pattern matches `path`. */
function takeForcedStatus(ctx: IomContext, path: string): number | undefined {
  for (const [pattern, status] of Object.entries(ctx.knobs.forceStatus)) {
    let matches: boolean;
    try {
      matches = new RegExp(pattern).test(path);
    } catch {
      continue; // not a regular expression: never matches
    }
    if (matches) {
      delete ctx.knobs.forceStatus[pattern];
      return status;
    }
  }
  return undefined;
}

export function forcedStatus(ctx: IomContext): RequestHandler {
  return (req, res, next) => {
    const path = new URL(req.originalUrl, 'http://simulator.invalid').pathname;
    const status = takeForcedStatus(ctx, path);
    if (status === undefined) return next();
    if (TOKEN_PATH.test(path)) {
      const error = new EntraError(
        status,
        'temporarily_unavailable',
        90033,
        'A transient error has occurred. Please try again.',
      );
      if (status === 429) res.setHeader('Retry-After', '1');
      const correlationId = String(req.query['client-request-id'] ?? '');
      return void res
        .status(status)
        .json(entraErrorBody(error, ctx.urls.authorityHost, correlationId, ctx.now()));
    }
    if (path.startsWith('/workflows/')) {
      // sandbox assumption: the Logic Apps front door's error code is the status text in PascalCase.
      if (status === 429) res.setHeader('Retry-After', '1');
      const code = (STATUS_CODES[status] ?? 'Error').replace(/[^A-Za-z]/g, '');
      return void res
        .status(status)
        .json({ error: { code, message: `The request failed with status ${status}.` } });
    }
    sendDataverseFault(res, status);
  };
}

export function sendDataverseFault(res: Response, status: number): void {
  const error = injectedFault(status);
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.status(status).setHeader('OData-Version', '4.0').json(error.body());
}
