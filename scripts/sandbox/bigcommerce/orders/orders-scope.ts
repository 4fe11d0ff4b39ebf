import type { RequestHandler } from 'express';
import { callerOf } from '../api-gateway';
import { sendApiError } from '../api-errors';
import { sendV2Error } from './v2-responses';

const MODIFY = 'store_v2_orders';
const READ_ONLY = 'store_v2_orders_read_only';
const TITLE = "You don't have a required scope to access the endpoint";

/**
 * Orders (v2, and v3 order metafields) need the OAuth scope `store_v2_orders` to modify and either it or
 * `store_v2_orders_read_only` to read (https://developer.bigcommerce.com/docs/start/authentication/api-accounts).
 * Without it: 403, in the error shape of the API version.
 */
export function requireOrdersScope(version: 'v2' | 'v3'): RequestHandler {
  return (req, res, next) => {
    const granted = new Set(callerOf(req).scope.split(' '));
    const reading = req.method === 'GET' || req.method === 'HEAD';
    if (granted.has(MODIFY) || (reading && granted.has(READ_ONLY))) return next();
    if (version === 'v2') sendV2Error(res, 403, TITLE);
    else sendApiError(res, 403, TITLE);
  };
}

/**
 * A v3 route that accepts any of several scopes (e.g. refunds: `store_v2_orders` or `store_v2_transactions`,
 * orders.v3.yml). `read` applies to GET/HEAD, `modify` to everything else; a modify scope also reads.
 */
export function requireAnyScope(scopes: { read: string[]; modify: string[] }): RequestHandler {
  return (req, res, next) => {
    const granted = new Set(callerOf(req).scope.split(' '));
    const reading = req.method === 'GET' || req.method === 'HEAD';
    const accepted = reading ? [...scopes.read, ...scopes.modify] : scopes.modify;
    if (accepted.some((s) => granted.has(s))) return next();
    sendApiError(res, 403, TITLE);
  };
}
