import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { callerOf } from '../api-gateway';
import type { SimulatorContext } from '../context';
import { parseBody } from '../request-body';
import { SandboxActionError } from '../store-directory';
import { archiveOrder, updateOrder } from './order-actions';
import { requireOrdersScope } from './orders-scope';
import type { OrderFilter, SortField } from './order-book';
import {
  addressChangeSchema,
  statusIdInputSchema,
  updateOrderSchema,
  type UpdateOrderParsed,
} from './order-input';
import type { OrderRecord } from './order-model';
import {
  renderConsignments,
  renderCount,
  renderCoupons,
  renderOrder,
  renderProduct,
  renderShippingAddress,
  renderStatuses,
  renderTaxes,
  type ConsignmentDetail,
  type ViewContext,
} from './order-views';
import { shipmentsRoutes } from './shipments-routes';
import { sendV2Error, sendV2List, zodMessage } from './v2-responses';

const DEFAULT_LIMIT = 50;
/** The generic maximum page size (BigCommerce's common query parameters); larger values are capped. */
const MAX_LIMIT = 250;

const dateParam = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), { message: 'an RFC-2822 or ISO-8601 date' })
  .transform((v) => Date.parse(v));
const intParam = z.coerce.number().int().min(0);
const pageParams = {
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_LIMIT)
    .transform((n) => Math.min(n, MAX_LIMIT)),
};
const includeParams = {
  include: z
    .string()
    .regex(/^(consignments|consignments\.line_items|fees)(,(consignments|consignments\.line_items|fees))*$/, {
      message: 'a comma-separated list of consignments, consignments.line_items, fees',
    })
    .optional(),
  consignment_structure: z.literal('object', { message: 'only "object" is supported' }).optional(),
};
const filterParams = {
  min_id: intParam.optional(),
  max_id: intParam.optional(),
  status_id: intParam.optional(),
  min_date_created: dateParam.optional(),
  max_date_created: dateParam.optional(),
  min_date_modified: dateParam.optional(),
  max_date_modified: dateParam.optional(),
  external_order_id: z.string().optional(),
  customer_id: intParam.optional(),
  email: z.string().optional(),
  min_total: z.coerce.number().min(0).optional(),
  max_total: z.coerce.number().min(0).optional(),
};
/** Filters of the spec this simulator does not implement are refused (400) rather than ignored. */
const countQuerySchema = z.object(filterParams).strict();
const listQuerySchema = z
  .object({
    ...filterParams,
    ...pageParams,
    ...includeParams,
    sort: z
      .string()
      .regex(/^(id|date_created|date_modified)(:(asc|desc))?$/, {
        message: 'id, date_created or date_modified, optionally with :asc or :desc',
      })
      .default('id:asc'),
  })
  .strict();
const oneQuerySchema = z.object(includeParams).strict();
const pageQuerySchema = z.object(pageParams).strict();

/** The scalar fields `PUT /v2/orders/{id}` takes here (send only what you mean to change). */
const putSchema = z
  .object({
    status_id: statusIdInputSchema.optional(),
    customer_message: z.string().max(65535).optional(),
    staff_notes: z.string().max(65535).optional(),
    external_order_id: z.string().max(255).optional(),
    billing_address: addressChangeSchema.optional(),
    /** Existing lines by order product id. BigCommerce warns that this "clears all discounts and
     *  promotions applied to the changed order line items"; the simulator does the same. */
    products: updateOrderSchema.shape.products,
  })
  .strict();

/** Orders v2: `/stores/{hash}/v2/orders...`, shapes per orders.v2.oas2.yml. */
export function ordersRoutes(ctx: SimulatorContext): Router {
  const router = Router();
  router.use(requireOrdersScope('v2'));
  const storeOf = (req: Request): string => callerOf(req).storeHash;
  router.use('/:id/shipments', shipmentsRoutes(ctx));

  router.get('/', (req, res) => {
    const query = listQuerySchema.safeParse(req.query);
    if (!query.success) return sendV2Error(res, 400, zodMessage(query.error));
    const { page, limit, sort, include, consignment_structure: _structure, ...filters } = query.data;
    const [field, direction] = sort.split(':') as [SortField, 'asc' | 'desc' | undefined];
    const order = { field, direction: direction ?? 'asc' } as const;
    const window = { offset: (page - 1) * limit, limit };
    const orders = ctx.orders.list(storeOf(req), toFilter(filters), order, window);
    const view = viewOf(req);
    const detail = consignmentDetail(include);
    const rendered = orders.map((o) => renderOrder(o, view, detail));
    const respond = () => {
      if (!res.headersSent && !res.writableEnded) sendV2List(res, rendered);
    };
    const held = ctx.knobs.onOrdersListed?.(storeOf(req), {
      page,
      limit,
      orderIds: orders.map((o) => o.id),
    });
    if (held) void held.then(respond, respond);
    else respond();
  });

  router.get('/count', (req, res) => {
    const query = countQuerySchema.safeParse(req.query);
    if (!query.success) return sendV2Error(res, 400, zodMessage(query.error));
    res.json(renderCount(ctx.orders.list(storeOf(req), toFilter(query.data))));
  });

  router.get('/:id', (req, res) => {
    const query = oneQuerySchema.safeParse(req.query);
    if (!query.success) return sendV2Error(res, 400, zodMessage(query.error));
    const order = findOrder(ctx, req, res);
    if (order) res.json(renderOrder(order, viewOf(req), consignmentDetail(query.data.include)));
  });

  router.put('/:id', (req, res) => {
    const body = parseBody(req);
    if (
      body.kind !== 'json' ||
      typeof body.value !== 'object' ||
      body.value === null ||
      Array.isArray(body.value)
    )
      return sendV2Error(res, 400, 'The request body must be a JSON object');
    const fields = putSchema.safeParse(body.value);
    if (!fields.success) return sendV2Error(res, 400, zodMessage(fields.error));
    if (Object.keys(fields.data).length === 0)
      return sendV2Error(res, 400, 'Give at least one field to change');
    const changes: UpdateOrderParsed = {
      statusId: fields.data.status_id,
      customerMessage: fields.data.customer_message,
      staffNotes: fields.data.staff_notes,
      externalOrderId: fields.data.external_order_id,
      billingAddress: fields.data.billing_address,
      products: fields.data.products,
    };
    try {
      const updated = updateOrder(ctx, storeOf(req), orderIdOf(req), changes);
      ctx.writes.count(storeOf(req), 'orderUpdates');
      if (changes.statusId !== undefined) ctx.writes.count(storeOf(req), 'statusUpdates');
      if (changes.products !== undefined) ctx.writes.count(storeOf(req), 'productUpdates');
      res.json(renderOrder(updated, viewOf(req), 'none'));
    } catch (error) {
      if (!(error instanceof SandboxActionError)) throw error;
      sendV2Error(res, error.status, error.message);
    }
  });

  router.delete('/:id', (req, res) => {
    try {
      archiveOrder(ctx, storeOf(req), orderIdOf(req));
      res.status(204).end();
    } catch (error) {
      if (!(error instanceof SandboxActionError)) throw error;
      sendV2Error(res, error.status, error.message);
    }
  });

  router.get('/:id/products', (req, res) => {
    const query = pageQuerySchema.safeParse(req.query);
    if (!query.success) return sendV2Error(res, 400, zodMessage(query.error));
    const order = findOrder(ctx, req, res);
    if (!order) return;
    const { page, limit } = query.data;
    sendV2List(
      res,
      order.lines.slice((page - 1) * limit, page * limit).map((l) => renderProduct(order, l)),
    );
  });

  router.get('/:id/products/:productId', (req, res) => {
    const order = findOrder(ctx, req, res);
    if (!order) return;
    const line = order.lines.find((l) => String(l.id) === req.params['productId']);
    if (!line) return sendV2Error(res, 404, 'The requested order product was not found.');
    res.json(renderProduct(order, line));
  });

  router.get('/:id/shipping_addresses', (req, res) => {
    const query = pageQuerySchema.safeParse(req.query);
    if (!query.success) return sendV2Error(res, 400, zodMessage(query.error));
    const order = findOrder(ctx, req, res);
    if (!order) return;
    const { page, limit } = query.data;
    const view = viewOf(req);
    sendV2List(
      res,
      order.destinations
        .slice((page - 1) * limit, page * limit)
        .map((d) => renderShippingAddress(order, d, view)),
    );
  });

  router.get('/:id/shipping_addresses/:addressId', (req, res) => {
    const order = findOrder(ctx, req, res);
    if (!order) return;
    const dest = order.destinations.find((d) => String(d.id) === req.params['addressId']);
    if (!dest) return sendV2Error(res, 404, 'The requested shipping address was not found.');
    res.json(renderShippingAddress(order, dest, viewOf(req)));
  });

  router.put('/:id/shipping_addresses/:addressId', (req, res) => {
    const body = parseBody(req);
    if (
      body.kind !== 'json' ||
      typeof body.value !== 'object' ||
      body.value === null ||
      Array.isArray(body.value)
    )
      return sendV2Error(res, 400, 'The request body must be a JSON object');
    const fields = addressChangeSchema.safeParse(body.value);
    if (!fields.success) return sendV2Error(res, 400, zodMessage(fields.error));
    const order = findOrder(ctx, req, res);
    if (!order) return;
    const dest = order.destinations.find((d) => String(d.id) === req.params['addressId']);
    if (!dest) return sendV2Error(res, 404, 'The requested shipping address was not found.');
    try {
      const updated = updateOrder(ctx, storeOf(req), order.id, {
        shippingAddress: { ...fields.data, id: dest.id },
      });
      const changed = updated.destinations.find((d) => d.id === dest.id) ?? dest;
      res.json(renderShippingAddress(updated, changed, viewOf(req)));
    } catch (error) {
      if (!(error instanceof SandboxActionError)) throw error;
      sendV2Error(res, error.status, error.message);
    }
  });

  router.get('/:id/coupons', (req, res) => {
    const order = findOrder(ctx, req, res);
    if (order) sendV2List(res, renderCoupons(order));
  });

  router.get('/:id/taxes', (req, res) => {
    const order = findOrder(ctx, req, res);
    if (order) sendV2List(res, renderTaxes(order));
  });

  router.get('/:id/consignments', (req, res) => {
    const query = oneQuerySchema.safeParse(req.query);
    if (!query.success) return sendV2Error(res, 400, zodMessage(query.error));
    const order = findOrder(ctx, req, res);
    if (order) {
      const full = consignmentDetail(query.data.include) === 'line_items';
      res.json(renderConsignments(order, viewOf(req), full));
    }
  });

  return router;
}

/** `GET /stores/{hash}/v2/order_statuses` */
export function orderStatusesRoutes(): Router {
  const router = Router();
  router.use(requireOrdersScope('v2'));
  router.get('/', (_req, res) => {
    res.json(renderStatuses());
  });
  router.get('/:id', (req, res) => {
    const status = renderStatuses().find((s) => String(s['id']) === req.params['id']);
    if (!status) return sendV2Error(res, 404, 'The requested order status was not found.');
    res.json(status);
  });
  return router;
}

function toFilter(q: z.infer<typeof countQuerySchema>): OrderFilter {
  return {
    minId: q.min_id,
    maxId: q.max_id,
    statusId: q.status_id,
    minDateCreated: q.min_date_created,
    maxDateCreated: q.max_date_created,
    minDateModified: q.min_date_modified,
    maxDateModified: q.max_date_modified,
    externalOrderId: q.external_order_id,
    customerId: q.customer_id,
    email: q.email,
    minTotal: q.min_total === undefined ? undefined : Math.round(q.min_total * 10_000),
    maxTotal: q.max_total === undefined ? undefined : Math.round(q.max_total * 10_000),
  };
}

function consignmentDetail(include: string | undefined): ConsignmentDetail {
  const parts = new Set((include ?? '').split(','));
  if (parts.has('consignments.line_items')) return 'line_items';
  return parts.has('consignments') ? 'links' : 'none';
}

function viewOf(req: Request): ViewContext {
  return {
    storeApiBase: `${req.protocol}://${req.get('host') ?? 'localhost'}/stores/${callerOf(req).storeHash}`,
  };
}

/** A non-numeric id can never match an order, so it is simply not found. */
function orderIdOf(req: Request): number {
  const raw = String(req.params['id']);
  return /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : Number.NaN;
}

function findOrder(ctx: SimulatorContext, req: Request, res: Response): OrderRecord | null {
  const order = ctx.orders.get(callerOf(req).storeHash, orderIdOf(req));
  if (!order) {
    sendV2Error(res, 404, 'The requested order was not found.');
    return null;
  }
  return order;
}
