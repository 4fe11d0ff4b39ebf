import { STATUS_CODES } from 'node:http';
import { Router, type ErrorRequestHandler, type Request } from 'express';
import { quotaHeaders } from './api-quota';
import { sendApiError } from './api-errors';
import type { SimulatorContext } from './context';
import type { AccessToken } from './grants';

const UNAUTHORIZED_TITLE =
  'Unauthorized - the v3 Auth client ID or token in the request are not a valid combination for this store.';

const callers = new WeakMap<Request, AccessToken>();

/** The token that authenticated this API request (set by the gateway before any resource route runs). */
export function callerOf(req: Request): AccessToken {
  const caller = callers.get(req);
  if (!caller) throw new Error('callerOf() used outside the store API gateway');
  return caller;
}

/**
 * `api.bigcommerce.com/stores/{store_hash}`: fault injection, `X-Auth-Token` authentication against the
 * store's current token, the per-store quota with its headers, then the resource routers.
 * `X-Auth-Client` is not checked: BigCommerce ignores it too (bigcommerce/api issue #120).
 */
export function storeApiGateway(ctx: SimulatorContext, resources: Record<string, Router>): Router {
  const gateway = Router({ mergeParams: true });
  gateway.use((req, res, next) => {
    // An injected 429 carries no rate-limit headers: that is how BigCommerce signals platform-wide load.
    const failure = ctx.knobs.apiFailure;
    if (failure !== null) return sendApiError(res, failure, STATUS_CODES[failure] ?? 'Injected failure');
    const storeHash = String(req.params['storeHash']);
    const token = ctx.grants.resolve(req.get('x-auth-token') ?? '');
    if (!token || token.storeHash !== storeHash) return sendApiError(res, 401, UNAUTHORIZED_TITLE);
    const decision = ctx.quota.take(storeHash, ctx.knobs.apiRequestsPerWindow, ctx.now());
    res.set(quotaHeaders(decision));
    if (!decision.allowed) return sendApiError(res, 429, 'Too Many Requests');
    callers.set(req, token);
    next();
  });
  for (const [path, router] of Object.entries(resources)) gateway.use(path, router);
  gateway.use((_req, res) => sendApiError(res, 404, 'The route is not found, check the URL'));
  const onError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    console.error('BigCommerce simulator: API route failed', error);
    sendApiError(res, 500, 'Internal Server Error');
  };
  gateway.use(onError);
  return gateway;
}
