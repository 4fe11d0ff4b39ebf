import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { SimulatorContext } from './context';
import {
  CONTROL_PANEL_ASSETS,
  CONTROL_PANEL_PATH,
  FAVICON_SVG,
  renderControlPanel,
  type ControlPanelState,
} from './control-panel-page';
import { CONTROL_PANEL_SCRIPT } from './control-panel-script';
import { beginInstall, openApp, removeUser, uninstall } from './merchant-actions';
import { formatMoney } from './orders/money';
import { placeOrder, placeRandomOrders } from './orders/order-actions';
import { orderCountSchema, placeOrderSchema } from './orders/order-input';
import { itemsShipped, orderTotals, quantityShipped, type OrderRecord } from './orders/order-model';
import { merchantShipment } from './orders/shipment-actions';
import type { MerchantShipmentParsed } from './orders/shipment-input';
import { generatedTrackingLink } from './orders/tracking-links';
import { statusById } from './orders/order-statuses';
import { rfc2822 } from './orders/order-views';
import { parseBody } from './request-body';
import { SandboxActionError } from './store-directory';
import type { AppCallbackResult } from './types';

const actionSchema = z.object({ store: z.string().min(1), user: z.int().positive() });
const openSchema = actionSchema.extend({ path: z.string().startsWith('/').max(2048).optional() });
const placeOrderActionSchema = z.object({ store: z.string().min(1), order: placeOrderSchema });
const placeOrdersActionSchema = z.object({ store: z.string().min(1), count: orderCountSchema.default(1000) });
const ordersQuerySchema = z.object({ store: z.string().min(1) });
const shipOrderActionSchema = z.object({ store: z.string().min(1), orderId: z.int().positive() });
/** How many of the newest orders the panel lists. */
const RECENT_ORDERS = 20;
const pageQuerySchema = z.object({
  store: z.string().optional(),
  user: z.coerce.number().int().optional(),
  view: z.enum(['apps', 'orders']).optional(),
  /** An order whose row the Orders view marks (see the /manage/orders/:id route). */
  order: z.coerce.number().int().positive().optional(),
});

/**
 * Where the real control panel shows an order: https://store-<hash>.mybigcommerce.com/manage/orders/<id>.
 * The simulator serves every store from one origin, so the store's host becomes a path prefix.
 */
export const CONTROL_PANEL_ORDER_ROUTE = '/store-:hash/manage/orders/:orderId';

/** Every helper answers 200 with `{ ok, message, ... }`: an expected refusal must not show up as a failed
 *  request (a console error) in the page. */
type ActionReply = { ok: true; message: string; url?: string } | { ok: false; message: string };

/**
 * The simulated control panel page and the sandbox-only helpers its script calls. Not BigCommerce
 * protocol: these exist so a person (or a browser test) can click what a merchant clicks.
 */
export function controlPanelRoutes(ctx: SimulatorContext): Router {
  const router = Router();

  router.get(CONTROL_PANEL_PATH, (req, res) => {
    const query = pageQuerySchema.safeParse(req.query);
    const state = panelState(ctx);
    const store = state.stores.find((s) => s.hash === query.data?.store) ?? state.stores[0];
    if (!store) throw new Error('The simulator has no stores');
    const user = store.users.find((u) => u.id === query.data?.user) ?? store.owner;
    res.type('html').send(
      renderControlPanel(state, {
        storeHash: store.hash,
        userId: user.id,
        view: query.data?.view ?? 'apps',
      }),
    );
  });
  // The app's "Open in BigCommerce" link: the store's Orders view with that order marked.
  router.get(CONTROL_PANEL_ORDER_ROUTE, (req, res) => {
    const hash = String(req.params.hash);
    const orderId = Number(req.params.orderId);
    if (!panelState(ctx).stores.some((s) => s.hash === hash)) {
      res
        .status(404)
        .type('text')
        .send(`The sandbox has no store "${hash}": pick one from the control panel's Store list.`);
      return;
    }
    if (!Number.isSafeInteger(orderId) || orderId <= 0) {
      res
        .status(404)
        .type('text')
        .send(`"${String(req.params.orderId)}" is not an order id (a positive whole number).`);
      return;
    }
    const query = new URLSearchParams({ view: 'orders', store: hash, order: String(orderId) });
    res.redirect(302, `${CONTROL_PANEL_PATH}?${query.toString()}`);
  });

  router.get(`${CONTROL_PANEL_ASSETS}/app.js`, (_req, res) => {
    res.type('application/javascript').send(CONTROL_PANEL_SCRIPT);
  });
  router.get(`${CONTROL_PANEL_ASSETS}/favicon.svg`, (_req, res) => {
    res.type('image/svg+xml').send(FAVICON_SVG);
  });
  router.get(`${CONTROL_PANEL_ASSETS}/state`, (_req, res) => {
    res.json(panelState(ctx));
  });

  action(router, 'install', actionSchema, (input) => {
    const url = beginInstall(ctx, input.store, input.user);
    return { ok: true, message: `Installing ${ctx.app.name} on ${ctx.stores.get(input.store).name}…`, url };
  });
  action(router, 'load-url', openSchema, async (input) => {
    const opened = await openApp(ctx, input.store, input.user, input.path);
    const message =
      opened.kind === 'auth'
        ? `${ctx.app.name} asks for new permissions (${ctx.app.scopes}); accepting them re-installs the app.`
        : `Opening ${ctx.app.name}…`;
    return { ok: true, message, url: opened.url };
  });
  action(router, 'uninstall', actionSchema, async (input) => {
    const result = await uninstall(ctx, input.store, input.user);
    return {
      ok: true,
      message: `Uninstalled. ${describeCallback('/uninstall', result)} BigCommerce deleted the app's webhooks and revoked its token.`,
    };
  });
  action(router, 'remove-user', actionSchema, async (input) => {
    const email = ctx.stores.knownUser(input.store, input.user).email;
    const result = await removeUser(ctx, input.store, input.user);
    return { ok: true, message: `Removed ${email}. ${describeCallback('/remove_user', result)}` };
  });

  action(router, 'place-order', placeOrderActionSchema, (input) => {
    const order = placeOrder(ctx, input.store, input.order);
    const total = formatMoney(orderTotals(order).totalIncTax);
    return { ok: true, message: `Placed order #${order.id} (${total} ${order.currencyCode}).` };
  });
  action(router, 'place-orders', placeOrdersActionSchema, (input) => {
    const placed = placeRandomOrders(ctx, input.store, input.count);
    const ids = placed.map((o) => o.id);
    return {
      ok: true,
      message: `Placed ${placed.length} orders (#${Math.min(...ids)}–#${Math.max(...ids)}).`,
    };
  });
  // "Ship by hand": everything not yet shipped goes out, one shipment per address.
  action(router, 'ship-order', shipOrderActionSchema, (input) => {
    const shipped: number[] = [];
    for (;;) {
      const order = ctx.orders.get(input.store, input.orderId);
      if (!order || !order.lines.some((l) => l.quantity > quantityShipped(order, l.id))) break;
      shipped.push(merchantShipment(ctx, input.store, input.orderId, sandboxTracking(order)).shipment.id);
    }
    if (shipped.length === 0)
      return { ok: false, message: `Order #${input.orderId} has nothing left to ship.` };
    return { ok: true, message: `Shipped order #${input.orderId} (${shipped.length} shipment(s)).` };
  });
  router.get(`${CONTROL_PANEL_ASSETS}/orders`, (req, res) => {
    const query = ordersQuerySchema.safeParse(req.query);
    if (!query.success || !ctx.stores.has(query.data.store))
      return void res.json({ ok: false, message: 'Name a known store', orders: [], extensions: [] });
    // Archived orders drop out of the list, as they do from the v2 API's order list.
    const orders = ctx.orders
      .list(query.data.store, {}, { field: 'id', direction: 'desc' }, { offset: 0, limit: RECENT_ORDERS })
      .map((o) => {
        const totals = orderTotals(o);
        return {
          id: o.id,
          status: statusById(o.statusId)?.name ?? String(o.statusId),
          total: formatMoney(totals.totalIncTax),
          currency: o.currencyCode,
          items: totals.itemsTotal,
          shipped: itemsShipped(o),
          created: rfc2822(o.createdAt),
          shipments: o.shipments.map((s) => ({
            id: s.id,
            tracking: s.trackingNumber,
            carrier: s.trackingCarrier || s.shippingProvider,
            link: s.trackingLink || generatedTrackingLink(s),
            items: s.items
              .map(
                (i) =>
                  `${i.quantity} × ${o.lines.find((l) => l.id === i.orderProductId)?.item.sku ?? i.orderProductId}`,
              )
              .join(', '),
          })),
        };
      });
    // The App Extensions of the order action menu: the template's `${id}` is filled per order when chosen.
    const extensions = ctx.appExtensions
      .list(query.data.store, ctx.app.clientId)
      .filter((e) => e.model === 'ORDERS')
      .map((e) => ({ id: e.id, label: e.label.defaultValue, url: e.url, context: e.context }));
    res.json({ ok: true, orders, extensions });
  });

  return router;
}

function action<S extends z.ZodType>(
  router: Router,
  name: string,
  schema: S,
  run: (input: z.infer<S>) => ActionReply | Promise<ActionReply>,
): void {
  router.post(`${CONTROL_PANEL_ASSETS}/${name}`, async (req: Request, res: Response) => {
    // Requiring a JSON body keeps other sites' plain form posts out (they cannot send this content type).
    const body = parseBody(req);
    if (body.kind !== 'json') return void res.status(415).json({ ok: false, message: 'Send a JSON body' });
    const input = schema.safeParse(body.value);
    if (!input.success) return void res.json({ ok: false, message: z.prettifyError(input.error) });
    try {
      res.json(await run(input.data));
    } catch (error) {
      if (!(error instanceof SandboxActionError)) throw error;
      res.json({ ok: false, message: error.message });
    }
  });
}

function describeCallback(path: string, result: AppCallbackResult): string {
  if (result.status === 0) return `The app's ${path} could not be reached (${result.body}).`;
  const excerpt = result.body.length > 200 ? `${result.body.slice(0, 200)}…` : result.body;
  return `The app's ${path} answered ${result.status}${excerpt ? `: ${excerpt}` : ''}.`;
}

function panelState(ctx: SimulatorContext): ControlPanelState {
  return { appName: ctx.app.name, stores: ctx.stores.list(), notes: ctx.notes, links: ctx.links };
}

/** The control panel's hand shipment: a made-up USPS tracking number. */
function sandboxTracking(order: OrderRecord): MerchantShipmentParsed {
  return {
    trackingNumber: `SANDBOX${order.id}${order.shipments.length + 1}`,
    trackingCarrier: 'usps',
    trackingLink: '',
    shippingProvider: '',
    shippingMethod: 'Shipped by hand',
    comments: '',
  };
}
