import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { callerOf } from '../api-gateway';
import { ERROR_TYPE, fieldErrors, sendApiError } from '../api-errors';
import type { SimulatorContext } from '../context';
import { pagination } from '../pagination';
import { parseBody } from '../request-body';
import { announceMetafield } from './order-actions';
import { requireOrdersScope } from './orders-scope';
import {
  PERMISSION_SETS,
  type MetafieldOwner,
  type MetafieldWrite,
  type OrderMetafield,
} from './metafield-store';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 250;
const INVALID_TITLE = 'JSON data is missing or invalid';

const fieldSchemas = {
  permission_set: z.enum(PERMISSION_SETS),
  namespace: z.string().min(1).max(64),
  key: z.string().min(1).max(64),
  value: z.string().min(1).max(65535),
  description: z.string().max(255),
};
const createSchema = z.object({ ...fieldSchemas, description: fieldSchemas.description.default('') });
const updateSchema = z.object(fieldSchemas).partial();
const batchCreateSchema = createSchema.extend({ resource_id: z.int().positive() });
const batchUpdateSchema = updateSchema.extend({
  id: z.int().positive(),
  resource_id: z.int().positive().optional(),
});
const listQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  key: z.string().optional(),
  namespace: z.string().optional(),
});

interface BatchError {
  status: number;
  title: string;
  type: string;
  errors: Record<string, string>;
}

/** Orders v3 metafields: `/stores/{hash}/v3/orders/{id}/metafields[/{id}]` and the batch
 *  `/stores/{hash}/v3/orders/metafields`, shapes per orders.v3.yml. */
export function orderMetafieldsRoutes(ctx: SimulatorContext): Router {
  const router = Router();
  router.use(requireOrdersScope('v3'));
  const ownerOf = (req: Request): MetafieldOwner => {
    const caller = callerOf(req);
    return { storeHash: caller.storeHash, clientId: caller.clientId };
  };
  /** Fires the metafield webhook for a successful write, then hands the result on. */
  const announced = (req: Request, result: MetafieldWrite, event: 'created' | 'updated'): MetafieldWrite => {
    if (result.ok) announceMetafield(ctx, ownerOf(req).storeHash, event, result.metafield);
    return result;
  };
  const orderExists = (req: Request, id: number): boolean =>
    ctx.orders.get(ownerOf(req).storeHash, id) !== null;

  router.get('/metafields', (req, res) => {
    const owner = ownerOf(req);
    sendPage(req, res, ctx.metafields.list(owner.storeHash, owner.clientId));
  });

  router.post('/metafields', (req, res) => {
    const items = arrayBody(req, res);
    if (!items) return;
    runBatch(res, items, (item) => {
      const fields = batchCreateSchema.safeParse(item);
      if (!fields.success) return invalid(item, fields.error);
      const { resource_id, ...rest } = fields.data;
      if (!orderExists(req, resource_id))
        return { ok: false, status: 404, title: `Order ${resource_id} not found` };
      return announced(req, ctx.metafields.create(ownerOf(req), resource_id, rest, ctx.now()), 'created');
    });
  });

  router.put('/metafields', (req, res) => {
    const items = arrayBody(req, res);
    if (!items) return;
    runBatch(res, items, (item) => {
      const fields = batchUpdateSchema.safeParse(item);
      if (!fields.success) return invalid(item, fields.error);
      const { id, resource_id: _resource, ...changes } = fields.data;
      return announced(req, ctx.metafields.update(ownerOf(req), id, changes, ctx.now()), 'updated');
    });
  });

  router.delete('/metafields', (req, res) => {
    const items = arrayBody(req, res);
    if (!items) return;
    const data: number[] = [];
    const errors: BatchError[] = [];
    for (const item of items) {
      const id = z.int().positive().safeParse(item);
      const existing = id.success ? ctx.metafields.get(ownerOf(req), id.data) : null;
      if (existing && ctx.metafields.delete(ownerOf(req), existing.id)) {
        data.push(existing.id);
        announceMetafield(ctx, ownerOf(req).storeHash, 'deleted', existing);
      } else
        errors.push(
          batchError(
            id.success ? 404 : 422,
            id.success ? `Metafield ${id.data} not found` : 'Give metafield ids (integers)',
          ),
        );
    }
    res.status(errors.length === 0 ? 200 : 422).json({
      data,
      errors,
      meta: { total: items.length, success: data.length, failed: errors.length },
    });
  });

  router.get('/:orderId/metafields', (req, res) => {
    const orderId = idParam(req, 'orderId');
    if (!orderExists(req, orderId)) return orderNotFound(req, res);
    const owner = ownerOf(req);
    sendPage(req, res, ctx.metafields.list(owner.storeHash, owner.clientId, orderId));
  });

  router.post('/:orderId/metafields', (req, res) => {
    const orderId = idParam(req, 'orderId');
    if (!orderExists(req, orderId)) return orderNotFound(req, res);
    const body = objectBody(req, res);
    if (!body) return;
    const fields = createSchema.safeParse(body);
    if (!fields.success) return sendApiError(res, 422, INVALID_TITLE, fieldErrors(body, fields.error));
    sendWrite(
      res,
      announced(req, ctx.metafields.create(ownerOf(req), orderId, fields.data, ctx.now()), 'created'),
    );
  });

  router.get('/:orderId/metafields/:id', (req, res) => {
    const found = ctx.metafields.get(ownerOf(req), idParam(req, 'id'));
    if (!found || found.resource_id !== idParam(req, 'orderId')) return metafieldNotFound(req, res);
    res.json({ data: found, meta: {} });
  });

  router.put('/:orderId/metafields/:id', (req, res) => {
    const found = ctx.metafields.get(ownerOf(req), idParam(req, 'id'));
    if (!found || found.resource_id !== idParam(req, 'orderId')) return metafieldNotFound(req, res);
    const body = objectBody(req, res);
    if (!body) return;
    const changes = updateSchema.safeParse(body);
    if (!changes.success) return sendApiError(res, 422, INVALID_TITLE, fieldErrors(body, changes.error));
    sendWrite(
      res,
      announced(req, ctx.metafields.update(ownerOf(req), found.id, changes.data, ctx.now()), 'updated'),
    );
  });

  router.delete('/:orderId/metafields/:id', (req, res) => {
    const found = ctx.metafields.get(ownerOf(req), idParam(req, 'id'));
    if (!found || found.resource_id !== idParam(req, 'orderId')) return metafieldNotFound(req, res);
    ctx.metafields.delete(ownerOf(req), found.id);
    announceMetafield(ctx, ownerOf(req).storeHash, 'deleted', found);
    res.status(204).end();
  });

  return router;
}

function invalid(item: unknown, error: z.ZodError): MetafieldWrite & { errors: Record<string, string> } {
  return { ok: false, status: 422, title: INVALID_TITLE, errors: fieldErrors(item, error) };
}

/** Applies each item; all succeed → 200, otherwise 422 with the successes and one error per failed item. */
function runBatch(
  res: Response,
  items: unknown[],
  apply: (item: unknown) => MetafieldWrite | (MetafieldWrite & { errors: Record<string, string> }),
): void {
  const data: OrderMetafield[] = [];
  const errors: BatchError[] = [];
  for (const item of items) {
    const result = apply(item);
    if (result.ok) data.push(result.metafield);
    else errors.push(batchError(result.status, result.title, 'errors' in result ? result.errors : {}));
  }
  res.status(errors.length === 0 ? 200 : 422).json({
    data,
    errors,
    meta: { total: items.length, success: data.length, failed: errors.length },
  });
}

function batchError(status: number, title: string, errors: Record<string, string> = {}): BatchError {
  return { status, title, type: ERROR_TYPE, errors };
}

function sendWrite(res: Response, result: MetafieldWrite): void {
  if (result.ok) return void res.json({ data: result.metafield, meta: {} });
  sendApiError(res, result.status, result.title, {});
}

function sendPage(req: Request, res: Response, all: OrderMetafield[]): void {
  const query = listQuerySchema.safeParse(req.query);
  if (!query.success)
    return sendApiError(res, 422, 'The filter(s) are not valid', fieldErrors(req.query, query.error));
  const { page, limit, key, namespace } = query.data;
  const matching = all.filter(
    (m) => (key === undefined || m.key === key) && (namespace === undefined || m.namespace === namespace),
  );
  const data = matching.slice((page - 1) * limit, page * limit);
  res.json({
    data,
    meta: { pagination: pagination(matching.length, data.length, page, limit, { key, namespace }) },
  });
}

function arrayBody(req: Request, res: Response): unknown[] | null {
  const body = parseBody(req);
  if (body.kind === 'json' && Array.isArray(body.value)) {
    if (body.value.length === 0) {
      sendApiError(res, 422, 'Give at least one item');
      return null;
    }
    return body.value as unknown[];
  }
  sendApiError(res, 400, 'The request body must be a JSON array.');
  return null;
}

function objectBody(req: Request, res: Response): Record<string, unknown> | null {
  const body = parseBody(req);
  if (
    body.kind === 'json' &&
    typeof body.value === 'object' &&
    body.value !== null &&
    !Array.isArray(body.value)
  )
    return body.value as Record<string, unknown>;
  sendApiError(res, 400, 'Input is invalid.');
  return null;
}

function idParam(req: Request, name: string): number {
  const raw = String(req.params[name]);
  return /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : Number.NaN;
}

function orderNotFound(req: Request, res: Response): void {
  res.status(404).json({
    status: 404,
    title: `Order ${String(req.params['orderId'])} not found`,
    type: ERROR_TYPE,
    errors: [],
  });
}

function metafieldNotFound(req: Request, res: Response): void {
  res.status(404).json({
    status: 404,
    title: `Metafield ${String(req.params['id'])} not found`,
    type: ERROR_TYPE,
    errors: [],
  });
}
