/**
 * The operator page, its script, favicon and list fragment, and the sandbox-only helpers its buttons call.
 * Not IOM protocol: these exist so a person (or a browser test) can do what an IOM operator does. Every
 * helper answers 200 `{ ok, message }`, so an expected refusal is not a failed request in the page.
 * `GET /sandbox/iom/pushes` lists the push attempts (`{ target, attempts }`, the secret never shown).
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { rawBodyOf } from '../../shared/request-recorder';
import type { IomContext } from '../context';
import type { Row } from '../dataverse/entity-store';
import { IomOperatorError } from '../iom/iom-rows';
import { fulfillmentOrderView, returnOrderView, salesOrderView } from '../iom/views';
import { PushConfigError } from '../push';
import { SEED_CATALOG } from '../seed';
import type { IomOperator } from '../types';
import {
  FAVICON_SVG,
  OPERATOR_ASSETS,
  OPERATOR_PATH,
  operatorViewOf,
  renderOperatorPage,
  renderView,
  type OrderListState,
} from './page';
import { plural } from './html';
import { OPERATOR_SCRIPT } from './script';

const recordLinkSchema = z.object({
  etn: z.literal('salesorder'),
  id: z.guid(),
});

const idSchema = z.object({ id: z.string().min(1) });
const linesSchema = z.array(z.object({ id: z.string().min(1), quantity: z.number().positive() }));
const shipSchema = idSchema.extend({
  carrier: z.string(),
  trackingNumber: z.string(),
  lines: linesSchema.default([]),
});
const returnSchema = idSchema.extend({ lines: linesSchema.default([]) });
const fulfillSchema = idSchema.extend({ lines: linesSchema.optional() });
const pushSchema = z.object({ url: z.string(), secret: z.string(), storeHash: z.string() });

type Reply = { ok: boolean; message: string };

/** The page lists the most recent orders only, so it stays quick after a bench run. */
const MAX_ORDERS_SHOWN = 50;

export function operatorRoutes(ctx: IomContext, operator: IomOperator): Router {
  const router = Router();
  const state = (view: unknown): OrderListState => {
    const rows = ctx.env.store.all('salesorder');
    const salesOrders = rows.slice(-MAX_ORDERS_SHOWN).map((row) => salesOrderView(ctx.env, row));
    const related = <T>(ids: string[], entity: string, view: (row: Row) => T): T[] =>
      ids.flatMap((id) => {
        const row = ctx.env.store.get(entity, id);
        return row ? [view(row)] : [];
      });
    return {
      view: operatorViewOf(view),
      salesOrders,
      fulfillmentOrders: related(
        salesOrders.flatMap((order) => order.fulfillmentOrderIds),
        'msdyn_fulfillmentorder',
        (row) => fulfillmentOrderView(ctx.env, row),
      ),
      returnOrders: related(
        salesOrders.flatMap((order) => order.returnOrderIds),
        'msdyn_returnorder',
        (row) => returnOrderView(ctx.env, row),
      ),
      carriers: SEED_CATALOG.carriers,
      totalOrders: rows.length,
      push: { target: ctx.push.current(), attempts: ctx.push.history() },
    };
  };
  const foName = (id: string) => String(ctx.env.store.get('msdyn_fulfillmentorder', id)?.msdyn_name ?? id);
  const orderNumber = (id: string) => String(ctx.env.store.get('salesorder', id)?.ordernumber ?? id);

  router.get(OPERATOR_PATH, (req, res) => {
    res
      .type('html')
      .set('Cache-Control', 'no-store')
      .send(renderOperatorPage(state(req.query.view)));
  });
  // A Dynamics 365 record link (main.aspx?etn=salesorder&id=<guid>&pagetype=entityrecord), as the
  // connector's "Open in IOM" makes it: the operator page, scrolled to that sales order.
  router.get('/main.aspx', (req, res) => {
    const record = recordLinkSchema.safeParse(req.query);
    if (!record.success) {
      res
        .status(400)
        .type('text')
        .send(
          'A record link needs etn=salesorder and id=<sales order GUID> (the IOM simulator shows sales orders only).',
        );
      return;
    }
    const id = record.data.id.toLowerCase();
    if (!ctx.env.store.get('salesorder', id)) {
      res.status(404).type('text').send(`The IOM simulator has no sales order ${id}.`);
      return;
    }
    res.redirect(302, `${OPERATOR_PATH}?view=sales-orders#so-${id}`);
  });
  router.get(`${OPERATOR_ASSETS}/orders`, (req, res) => {
    res
      .type('html')
      .set('Cache-Control', 'no-store')
      .send(renderView(state(req.query.view)));
  });
  router.get(`${OPERATOR_ASSETS}/pushes`, (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ target: ctx.push.current(), attempts: ctx.push.history() });
  });
  router.get(`${OPERATOR_ASSETS}/app.js`, (_req, res) => {
    res.type('application/javascript').send(OPERATOR_SCRIPT);
  });
  router.get(`${OPERATOR_ASSETS}/favicon.svg`, (_req, res) => {
    res.type('image/svg+xml').send(FAVICON_SVG);
  });

  action(router, 'create-fulfillment-order', fulfillSchema, ({ id, lines }) => {
    if (lines && lines.length === 0)
      throw new IomOperatorError('Enter a quantity to fulfill for at least one line.');
    const fo = operator.createFulfillmentOrder(
      id,
      lines?.map((line) => ({ salesOrderDetailId: line.id, quantity: line.quantity })),
    );
    return `Created fulfillment order ${fo.name} (${plural(fo.lines.length, 'line')}).`;
  });
  action(router, 'pick', idSchema, ({ id }) => {
    operator.pick(id);
    return `Picked ${foName(id)}.`;
  });
  action(router, 'pack', idSchema, ({ id }) => {
    operator.pack(id);
    return `Packed ${foName(id)}.`;
  });
  action(router, 'ship', shipSchema, (input) => {
    if (input.lines.length === 0)
      throw new IomOperatorError('Enter a quantity to ship for at least one line.');
    operator.ship(input.id, {
      carrier: input.carrier,
      trackingNumber: input.trackingNumber,
      lines: input.lines.map((line) => ({ fulfillmentOrderDetailId: line.id, quantity: line.quantity })),
    });
    const units = input.lines.reduce((sum, line) => sum + line.quantity, 0);
    return `Shipped ${units} unit${units === 1 ? '' : 's'} of ${foName(input.id)} with ${input.carrier.trim()}, tracking ${input.trackingNumber.trim()}.`;
  });
  action(router, 'cancel', idSchema, ({ id }) => {
    operator.cancel(id);
    return `Cancelled what was still open on ${foName(id)}.`;
  });
  action(router, 'receive-return', returnSchema, (input) => {
    if (input.lines.length === 0)
      throw new IomOperatorError('Enter a quantity to return for at least one line.');
    const view = operator.receiveReturn(
      input.id,
      input.lines.map((line) => ({ salesOrderDetailId: line.id, quantity: line.quantity })),
    );
    return `Received return ${view.name}.`;
  });
  action(router, 'request-cancel', idSchema, ({ id }) => {
    operator.requestCancel(id);
    return `Cancellation of sales order ${orderNumber(id)} requested.`;
  });
  action(router, 'confirm-cancel', idSchema, ({ id }) => {
    operator.confirmCancel(id);
    const order = ctx.env.store.get('salesorder', id);
    return `Cancellation of sales order ${orderNumber(id)} confirmed: ${String(order?.msdyn_iomstatename)}${order?.msdyn_iomstatereasonname ? ` (${String(order.msdyn_iomstatereasonname)})` : ''}.`;
  });
  action(router, 'configure-push', pushSchema, (target) => {
    try {
      ctx.push.configure(target);
    } catch (error) {
      if (error instanceof PushConfigError) throw new IomOperatorError(error.message);
      throw error;
    }
    return `Operator actions now push to ${target.url.trim()} for store ${target.storeHash.trim()}.`;
  });
  action(router, 'clear-push', z.object({}), () => {
    ctx.push.configure(null);
    return 'Push turned off.';
  });

  return router;
}

function action<S extends z.ZodType>(
  router: Router,
  name: string,
  schema: S,
  run: (input: z.infer<S>) => string,
): void {
  router.post(`${OPERATOR_ASSETS}/actions/${name}`, (req: Request, res: Response) => {
    const reply = (body: Reply) => res.json(body);
    // A JSON content type keeps other sites' plain form posts out.
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return void res.status(415).json({ ok: false, message: 'Send a JSON body' });
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBodyOf(req)) as unknown;
    } catch {
      return void reply({ ok: false, message: 'The request body is not valid JSON.' });
    }
    const input = schema.safeParse(body);
    if (!input.success) return void reply({ ok: false, message: z.prettifyError(input.error) });
    try {
      reply({ ok: true, message: run(input.data) });
    } catch (error) {
      if (!(error instanceof IomOperatorError)) throw error;
      reply({ ok: false, message: error.message });
    }
  });
}
