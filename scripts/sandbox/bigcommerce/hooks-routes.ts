import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { callerOf } from './api-gateway';
import { fieldErrors, sendApiError } from './api-errors';
import type { SimulatorContext } from './context';
import type { HookOwner, HookWriteResult } from './hook-registry';
import { pagination } from './pagination';
import { parseBody } from './request-body';
import type { WebhookRecord } from './types';

const DEFAULT_LIMIT = 50;
/** BigCommerce's usual v3 maximum page size; the hooks endpoint does not document its own. */
const MAX_LIMIT = 250;
const INVALID_JSON_TITLE = 'JSON data is missing or invalid';

/** `store/<resource>[/<sub>...]/<event or *>`, e.g. `store/order/*`, `store/order/statusUpdated`. */
const scopeSchema = z.string().regex(/^store(\/[A-Za-z]+)*\/([A-Za-z]+|\*)$/);
const headersSchema = z.record(z.string(), z.string()).nullable();
const createSchema = z.object({
  scope: scopeSchema,
  destination: z.string().min(1),
  is_active: z.boolean().default(true),
  headers: headersSchema.default(null),
});
const updateSchema = z.object({
  scope: scopeSchema.optional(),
  destination: z.string().min(1).optional(),
  is_active: z.boolean().optional(),
  headers: headersSchema.optional(),
});
const listQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  is_active: z.enum(['true', 'false']).optional(),
  scope: z.string().optional(),
  destination: z.string().optional(),
});

/** Webhooks v3: `/stores/{store_hash}/v3/hooks[/{webhook_id}]`, shapes per webhooks.v3.yml. */
export function hooksRoutes(ctx: SimulatorContext): Router {
  const router = Router();
  const ownerOf = (req: Request): HookOwner => {
    const caller = callerOf(req);
    return { storeHash: caller.storeHash, clientId: caller.clientId };
  };

  router.get('/', (req, res) => {
    const query = listQuerySchema.safeParse(req.query);
    if (!query.success) {
      return sendApiError(res, 422, 'The filter(s) are not valid', fieldErrors(req.query, query.error));
    }
    const { page, limit, ...filters } = query.data;
    const is_active = filters.is_active === undefined ? undefined : filters.is_active === 'true';
    const all = ctx.hooks.list(ownerOf(req), { ...filters, is_active });
    const data = all.slice((page - 1) * limit, page * limit);
    res.json({ data, meta: { pagination: pagination(all.length, data.length, page, limit, filters) } });
  });

  router.post('/', (req, res) => {
    const body = jsonObjectBody(req, res);
    if (!body) return;
    const fields = createSchema.safeParse(body);
    if (!fields.success) return sendApiError(res, 422, INVALID_JSON_TITLE, fieldErrors(body, fields.error));
    sendWrite(res, ctx.hooks.create(ownerOf(req), fields.data, ctx.now()));
  });

  router.get('/:id', (req, res) => {
    const hook = ctx.hooks.get(ownerOf(req), hookId(req));
    if (!hook) return notFound(req, res);
    sendHook(res, hook);
  });

  router.put('/:id', (req, res) => {
    const body = jsonObjectBody(req, res);
    if (!body) return;
    const changes = updateSchema.safeParse(body);
    if (!changes.success) return sendApiError(res, 422, INVALID_JSON_TITLE, fieldErrors(body, changes.error));
    if (Object.values(changes.data).every((value) => value === undefined)) {
      return sendApiError(res, 422, 'At least one field is required to update a webhook');
    }
    const result = ctx.hooks.update(ownerOf(req), hookId(req), changes.data, ctx.now());
    if (!result) return notFound(req, res);
    sendWrite(res, result);
  });

  router.delete('/:id', (req, res) => {
    const hook = ctx.hooks.delete(ownerOf(req), hookId(req));
    if (!hook) return notFound(req, res);
    sendHook(res, hook);
  });

  return router;
}

/** The JSON object body, or null after answering 400 like BigCommerce does for malformed input. */
function jsonObjectBody(req: Request, res: Response): Record<string, unknown> | null {
  const body = parseBody(req);
  if (
    body.kind === 'json' &&
    typeof body.value === 'object' &&
    body.value !== null &&
    !Array.isArray(body.value)
  ) {
    return body.value as Record<string, unknown>;
  }
  sendApiError(res, 400, 'Input is invalid.');
  return null;
}

/** A non-numeric id can never match a hook, so it is simply not found. */
function hookId(req: Request): number {
  const raw = String(req.params['id']);
  return /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : Number.NaN;
}

function notFound(req: Request, res: Response): void {
  sendApiError(res, 404, `Webhook with id [${String(req.params['id'])}] not found`);
}

function sendHook(res: Response, hook: WebhookRecord): void {
  res.json({ data: hook, meta: {} });
}

function sendWrite(res: Response, result: HookWriteResult): void {
  if (result.ok) return sendHook(res, result.hook);
  sendApiError(res, 422, result.violation.title, result.violation.errors);
}
