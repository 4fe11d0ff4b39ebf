import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { callerOf } from '../api-gateway';
import type { SimulatorContext } from '../context';
import { parseBody } from '../request-body';
import { SandboxActionError } from '../store-directory';
import type { OrderRecord } from './order-model';
import { createShipment, deleteShipments, updateShipment } from './shipment-actions';
import {
  newShipmentFrom,
  shipmentChangesFrom,
  shipmentPostSchema,
  shipmentPutSchema,
} from './shipment-input';
import { renderShipment } from './shipment-views';
import { sendV2Error, sendV2List, zodMessage } from './v2-responses';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 250;
const pageQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .default(DEFAULT_LIMIT)
      .transform((n) => Math.min(n, MAX_LIMIT)),
  })
  .strict();

/**
 * Order shipments v2: `/stores/{hash}/v2/orders/{order_id}/shipments[/count|/{shipment_id}]`, shapes per
 * orders.v2.oas2.yml (https://developer.bigcommerce.com/docs/rest-management/orders/order-shipments).
 * Malformed bodies are 400; bodies that do not fit the order (unknown product, wrong address, more units
 * than are left to ship) are 422. Mounted inside the orders router, which checks the OAuth scope.
 */
export function shipmentsRoutes(ctx: SimulatorContext): Router {
  const router = Router({ mergeParams: true });
  const storeOf = (req: Request): string => callerOf(req).storeHash;

  router.get('/', (req, res) => {
    const query = pageQuerySchema.safeParse(req.query);
    if (!query.success) return sendV2Error(res, 400, zodMessage(query.error));
    const order = findOrder(ctx, req, res);
    if (!order) return;
    const { page, limit } = query.data;
    sendV2List(
      res,
      order.shipments.slice((page - 1) * limit, page * limit).map((s) => renderShipment(order, s)),
    );
  });

  router.get('/count', (req, res) => {
    const order = findOrder(ctx, req, res);
    if (order) res.json({ count: order.shipments.length });
  });

  router.get('/:shipmentId', (req, res) => {
    const order = findOrder(ctx, req, res);
    if (!order) return;
    const shipment = order.shipments.find((s) => String(s.id) === req.params['shipmentId']);
    if (!shipment) return sendV2Error(res, 404, 'The requested shipment was not found.');
    res.json(renderShipment(order, shipment));
  });

  router.post('/', (req, res) => {
    const body = jsonObjectBody(req, res);
    if (body === undefined) return;
    const fields = shipmentPostSchema.safeParse(body);
    if (!fields.success) return sendV2Error(res, 400, zodMessage(fields.error));
    let created: ReturnType<typeof createShipment> | undefined;
    guard(res, () => {
      created = createShipment(ctx, storeOf(req), orderIdOf(req), newShipmentFrom(fields.data));
      ctx.writes.count(storeOf(req), 'shipmentsCreated');
    });
    if (!created) return;
    const rendered = renderShipment(created.order, created.shipment) as Record<string, unknown> & {
      id: number;
    };
    const respond = () => {
      if (!res.headersSent && !res.writableEnded) res.status(201).json(rendered);
    };
    const held = ctx.knobs.onShipmentCreated?.(storeOf(req), orderIdOf(req), structuredClone(rendered));
    if (held) void held.then(respond, respond);
    else respond();
  });

  router.put('/:shipmentId', (req, res) => {
    const body = jsonObjectBody(req, res);
    if (body === undefined) return;
    if ('items' in body)
      return sendV2Error(
        res,
        400,
        "A shipment's items cannot be changed: delete the shipment and create a new one.",
      );
    const fields = shipmentPutSchema.safeParse(body);
    if (!fields.success) return sendV2Error(res, 400, zodMessage(fields.error));
    if (Object.keys(fields.data).length === 0)
      return sendV2Error(res, 400, 'Give at least one field to change');
    guard(res, () => {
      const { order, shipment } = updateShipment(
        ctx,
        storeOf(req),
        orderIdOf(req),
        idOf(req.params['shipmentId']),
        shipmentChangesFrom(fields.data),
      );
      ctx.writes.count(storeOf(req), 'shipmentsUpdated');
      res.json(renderShipment(order, shipment));
    });
  });

  router.delete('/', (req, res) => {
    guard(res, () => {
      deleteShipments(ctx, storeOf(req), orderIdOf(req));
      ctx.writes.count(storeOf(req), 'shipmentDeletes');
      res.status(204).end();
    });
  });

  router.delete('/:shipmentId', (req, res) => {
    guard(res, () => {
      deleteShipments(ctx, storeOf(req), orderIdOf(req), idOf(req.params['shipmentId']));
      ctx.writes.count(storeOf(req), 'shipmentDeletes');
      res.status(204).end();
    });
  });

  return router;
}

function jsonObjectBody(req: Request, res: Response): Record<string, unknown> | undefined {
  const body = parseBody(req);
  if (
    body.kind !== 'json' ||
    typeof body.value !== 'object' ||
    body.value === null ||
    Array.isArray(body.value)
  ) {
    sendV2Error(res, 400, 'The request body must be a JSON object');
    return undefined;
  }
  return body.value as Record<string, unknown>;
}

function guard(res: Response, run: () => void): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof SandboxActionError)) throw error;
    sendV2Error(res, error.status, error.message);
  }
}

/** A non-numeric id can never match, so it is simply not found. */
function idOf(raw: unknown): number {
  const text = String(raw);
  return /^[1-9]\d{0,9}$/.test(text) ? Number(text) : Number.NaN;
}

function orderIdOf(req: Request): number {
  return idOf(req.params['id']);
}

function findOrder(ctx: SimulatorContext, req: Request, res: Response): OrderRecord | null {
  const order = ctx.orders.get(callerOf(req).storeHash, orderIdOf(req));
  if (!order || order.isDeleted) {
    sendV2Error(res, 404, 'The requested order was not found.');
    return null;
  }
  return order;
}
