import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { listenHttp } from '../shared/http-server';
import { ApiQuota } from './api-quota';
import { AppExtensionRegistry, type AppExtensionRecord } from './app-extension-registry';
import type { SimulatorContext } from './context';
import { CONTROL_PANEL_PATH } from './control-panel-page';
import { Grants } from './grants';
import { HookRegistry } from './hook-registry';
import * as merchant from './merchant-actions';
import { CATALOG, type CatalogItem } from './orders/catalog';
import { MetafieldStore, type OrderMetafield } from './orders/metafield-store';
import * as orderActions from './orders/order-actions';
import { OrderBook } from './orders/order-book';
import {
  orderCountSchema,
  orderIdSchema,
  placeOrderSchema,
  statusIdInputSchema,
  updateOrderSchema,
  type PlaceOrderInput,
  type UpdateOrderInput,
} from './orders/order-input';
import type { OrderRecord } from './orders/order-model';
import { renderOrder } from './orders/order-views';
import { renderRefund } from './orders/refund-views';
import { merchantShipment } from './orders/shipment-actions';
import { merchantShipmentSchema, type MerchantShipmentInput } from './orders/shipment-input';
import { renderShipment } from './orders/shipment-views';
import { DEFAULT_RETRY_DELAYS_MS, WebhookDispatcher } from './webhook-dispatcher';
import { parseAppUrl, parseScopes, resolveOptions, type BigCommerceSimulatorOptions } from './options';
import { createSimulatorApp } from './simulator-app';
import { WriteCounter, type StoreWrites } from './write-counter';
import { StoreDirectory } from './store-directory';
import { restoreState, stateSaver } from './state-file';
import type {
  AppCallbackResult,
  OpenAppResult,
  RecordedRequest,
  SandboxUser,
  SignPayloadOptions,
  SimulatorKnobs,
  WebhookDelivery,
  WebhookRecord,
} from './types';

export type { BigCommerceSimulatorOptions } from './options';
export { DEFAULT_APP_SCOPES, DEFAULT_STORES } from './options';
export { SandboxActionError } from './store-directory';
export type {
  AppCallbackResult,
  ListedOrdersPage,
  OpenAppResult,
  RecordedRequest,
  SandboxStoreSeed,
  SandboxUser,
  SignPayloadOptions,
  SimulatorKnobs,
  WebhookDelivery,
  WebhookPayload,
  WebhookRecord,
} from './types';
export type { AppExtensionRecord } from './app-extension-registry';
export type { CatalogItem } from './orders/catalog';
export type { OrderMetafield } from './orders/metafield-store';
export type { AddressInput, PlaceOrderInput, UpdateOrderInput } from './orders/order-input';
export type { MerchantShipmentInput } from './orders/shipment-input';
export type { StoreWrites } from './write-counter';

export interface BigCommerceSimulator {
  /** Base URL: serves as both BC_LOGIN_URL (POST /oauth2/token) and BC_API_URL (/stores/{hash}/v3/...). */
  url: string;
  /** The simulated control panel page. */
  controlPanelUrl: string;
  /** The app may only know its port after the simulator started. */
  setAppUrl(appUrl: string): void;
  /** Mints a one-time code; returns the `${appUrl}/auth?code=..&scope=..&context=..&account_uuid=..` URL. */
  beginInstall(storeHash: string, userId?: number): string;
  /** A signed_payload_jwt exactly as BigCommerce makes it (also for removed users, for negative tests). */
  signPayload(storeHash: string, userId: number, opts?: SignPayloadOptions): Promise<string>;
  /** `${appUrl}/load?signed_payload_jwt=...`; throws unless the app is installed and the user has access. */
  loadUrl(storeHash: string, userId: number, url?: string): Promise<string>;
  /** What "Open app" does: a load URL, or after a scope change a fresh install (/auth) URL. */
  openApp(storeHash: string, userId: number, url?: string): Promise<OpenAppResult>;
  /** Calls the app's /uninstall server-to-server, then deletes the app's hooks and revokes the token. */
  uninstall(storeHash: string, userId?: number): Promise<AppCallbackResult>;
  /** Calls /remove_user server-to-server; the user loses access. */
  removeUser(storeHash: string, userId: number): Promise<AppCallbackResult>;
  addUser(storeHash: string, user: SandboxUser): void;
  /** Ownership of the store moves to a user who has access (the former owner stays a user). */
  transferOwnership(storeHash: string, userId: number): void;
  /** A scope change: the next install grants the new scopes and a new token; the old token then stops working. */
  setAppScopes(scopes: string): void;
  /** A shopper checks out: the order is stored and `store/order/created` goes to matching hooks.
   *  Returns the order as `GET /v2/orders/{id}?include=consignments.line_items&consignment_structure=object` shows it. */
  placeOrder(storeHash: string, input: PlaceOrderInput): SimulatorOrder;
  /** The demo's "Place 1,000 orders": `count` orders of random catalog lines. */
  placeOrders(storeHash: string, count: number): SimulatorOrder[];
  /** The merchant changes the status (fires statusUpdated when it changes, then updated). */
  setOrderStatus(storeHash: string, orderId: number, statusId: number): SimulatorOrder;
  /** The merchant edits the order (e.g. a shipping address); fires updated (and statusUpdated). */
  updateOrder(storeHash: string, orderId: number, changes: UpdateOrderInput): SimulatorOrder;
  /** The merchant archives the order; fires archived. */
  archiveOrder(storeHash: string, orderId: number): SimulatorOrder;
  /** The merchant ships items "by hand" in the control panel (default: everything not yet shipped to the
   *  first address with open items). Fires store/shipment/created; `knobs.shipmentsSetStatus` applies. */
  createShipment(storeHash: string, orderId: number, input?: MerchantShipmentInput): SimulatorShipment;
  /** What every store sells. */
  catalog: readonly CatalogItem[];
  knobs: SimulatorKnobs;
  inspect: {
    /** The store's orders (archived ones included), in the v2 shape with consignments, by id. */
    orders(storeHash: string): SimulatorOrder[];
    order(storeHash: string, orderId: number): SimulatorOrder | null;
    /** Every client's metafields on the order. */
    metafields(storeHash: string, orderId: number): OrderMetafield[];
    /** The order's shipments as `GET /v2/orders/{id}/shipments` shows them ([] when none). */
    shipments(storeHash: string, orderId: number): SimulatorShipment[];
    /** The order's refunds as `GET /v3/orders/{id}/payment_actions/refunds` shows them (`data`). */
    refunds(storeHash: string, orderId: number): Array<Record<string, unknown>>;
    /** Accepted API writes to the store, by kind (merchant actions and refused requests not counted). */
    writes(storeHash: string): StoreWrites;
    /** Every webhook delivery attempt (and dropped delivery), oldest first. */
    deliveries: WebhookDelivery[];
    hooks(storeHash: string): WebhookRecord[];
    /** The app's App Extensions on the store, as the GraphQL Admin API lists them. */
    appExtensions(storeHash: string): AppExtensionRecord[];
    currentToken(storeHash: string): string | null;
    /** Every request received, oldest first (the most recent 10,000). */
    requests: RecordedRequest[];
  };
  close(): Promise<void>;
}

/** A shipment in the v2 API's shape (`orderShipment`). */
export type SimulatorShipment = Record<string, unknown> & {
  id: number;
  order_id: number;
  order_address_id: number;
  tracking_number: string;
  items: Array<{ order_product_id: number; product_id: number; quantity: number }>;
};

/** An order in the v2 API's shape (`order_Resp` with object-structured consignments and their line items). */
export type SimulatorOrder = Record<string, unknown> & {
  id: number;
  status_id: number;
  total_inc_tax: string;
  date_modified: string;
};

const userSchema = z.object({ id: z.int().positive(), email: z.email() });
const userIdSchema = z.int().positive();
const signOptionsSchema = z
  .object({
    url: z.string().startsWith('/').optional(),
    expiresInSec: z.int().optional(),
    notBeforeOffsetSec: z.int().optional(),
  })
  .optional();

/** Starts the BigCommerce simulator on `host:port` (default 127.0.0.1, an ephemeral port). */
export async function startBigCommerceSimulator(
  options: BigCommerceSimulatorOptions,
): Promise<BigCommerceSimulator> {
  const resolved = resolveOptions(options);
  const knobs: SimulatorKnobs = {
    latencyMs: 0,
    tokenEndpointFailure: null,
    apiFailure: null,
    graphqlFailure: null,
    apiRequestsPerWindow: 150,
    webhookRetryDelaysMs: [...DEFAULT_RETRY_DELAYS_MS],
    webhooksPaused: false,
    shipmentsSetStatus: false,
  };
  const hooks = new HookRegistry();
  const deliveries: WebhookDelivery[] = [];
  const ctx: SimulatorContext = {
    app: {
      name: 'IOM Connector',
      clientId: resolved.clientId,
      clientSecret: resolved.clientSecret,
      accountUuid: randomUUID(),
      appUrl: resolved.appUrl,
      scopes: resolved.appScopes,
    },
    stores: new StoreDirectory(resolved.stores),
    grants: new Grants(),
    hooks,
    appExtensions: new AppExtensionRegistry(),
    quota: new ApiQuota(),
    orders: new OrderBook(resolved.stores.map((s) => s.hash)),
    metafields: new MetafieldStore(),
    webhooks: new WebhookDispatcher({ hooks, knobs, now: resolved.now, deliveries }),
    deliveries,
    knobs,
    requests: [],
    writes: new WriteCounter(),
    notes: resolved.notes,
    links: resolved.links,
    now: resolved.now,
  };
  const saver = resolved.stateFile ? stateSaver(ctx, resolved.stateFile) : null;
  if (resolved.stateFile && saver) {
    restoreState(ctx, resolved.stateFile);
    ctx.onStateChange = saver.changed;
  }
  const { url, close } = await listenHttp(createSimulatorApp(ctx), resolved.port, resolved.host);
  const show = (order: OrderRecord): SimulatorOrder =>
    renderOrder(order, { storeApiBase: `${url}/stores/${order.storeHash}` }, 'line_items') as SimulatorOrder;
  const parseOrThrow = <T>(schema: z.ZodType<T>, value: unknown, what: string): T => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new Error(`Invalid ${what}:\n${z.prettifyError(parsed.error)}`);
    return parsed.data;
  };

  return {
    url,
    controlPanelUrl: `${url}${CONTROL_PANEL_PATH}`,
    setAppUrl: (appUrl) => {
      ctx.app.appUrl = parseAppUrl(appUrl);
    },
    beginInstall: (storeHash, userId) =>
      merchant.beginInstall(ctx, storeHash, userId === undefined ? undefined : userIdSchema.parse(userId)),
    signPayload: (storeHash, userId, opts) =>
      merchant.signPayload(ctx, storeHash, userIdSchema.parse(userId), signOptionsSchema.parse(opts)),
    loadUrl: (storeHash, userId, deepLink) =>
      merchant.loadUrl(ctx, storeHash, userIdSchema.parse(userId), deepLink),
    openApp: (storeHash, userId, deepLink) =>
      merchant.openApp(ctx, storeHash, userIdSchema.parse(userId), deepLink),
    uninstall: (storeHash, userId) =>
      merchant.uninstall(ctx, storeHash, userId === undefined ? undefined : userIdSchema.parse(userId)),
    removeUser: (storeHash, userId) => merchant.removeUser(ctx, storeHash, userIdSchema.parse(userId)),
    addUser: (storeHash, user) => ctx.stores.addUser(storeHash, userSchema.parse(user)),
    transferOwnership: (storeHash, userId) =>
      ctx.stores.transferOwnership(storeHash, userIdSchema.parse(userId)),
    setAppScopes: (scopes) => {
      ctx.app.scopes = parseScopes(scopes);
    },
    placeOrder: (storeHash, input) =>
      show(orderActions.placeOrder(ctx, storeHash, parseOrThrow(placeOrderSchema, input, 'order'))),
    placeOrders: (storeHash, count) =>
      orderActions
        .placeRandomOrders(ctx, storeHash, parseOrThrow(orderCountSchema, count, 'order count'))
        .map(show),
    setOrderStatus: (storeHash, orderId, statusId) =>
      show(
        orderActions.updateOrder(ctx, storeHash, parseOrThrow(orderIdSchema, orderId, 'order id'), {
          statusId: parseOrThrow(statusIdInputSchema, statusId, 'status id'),
        }),
      ),
    updateOrder: (storeHash, orderId, changes) =>
      show(
        orderActions.updateOrder(
          ctx,
          storeHash,
          parseOrThrow(orderIdSchema, orderId, 'order id'),
          parseOrThrow(updateOrderSchema, changes, 'order changes'),
        ),
      ),
    archiveOrder: (storeHash, orderId) =>
      show(orderActions.archiveOrder(ctx, storeHash, parseOrThrow(orderIdSchema, orderId, 'order id'))),
    createShipment: (storeHash, orderId, input) => {
      const { order, shipment } = merchantShipment(
        ctx,
        storeHash,
        parseOrThrow(orderIdSchema, orderId, 'order id'),
        parseOrThrow(merchantShipmentSchema, input ?? {}, 'shipment'),
      );
      return renderShipment(order, shipment) as SimulatorShipment;
    },
    catalog: CATALOG,
    knobs: ctx.knobs,
    inspect: {
      orders: (storeHash) => ctx.orders.all(storeHash).map(show),
      order: (storeHash, orderId) => {
        const order = ctx.orders.get(storeHash, orderId);
        return order ? show(order) : null;
      },
      metafields: (storeHash, orderId) => ctx.metafields.listAll(storeHash, orderId),
      shipments: (storeHash, orderId) => {
        const order = ctx.orders.get(storeHash, orderId);
        return order ? order.shipments.map((s) => renderShipment(order, s) as SimulatorShipment) : [];
      },
      refunds: (storeHash, orderId) => {
        const order = ctx.orders.get(storeHash, orderId);
        return order ? order.refunds.map((r) => renderRefund(order, r)) : [];
      },
      writes: (storeHash) => ctx.writes.of(storeHash),
      deliveries: ctx.deliveries,
      hooks: (storeHash) => ctx.hooks.allForStore(storeHash),
      appExtensions: (storeHash) => ctx.appExtensions.list(storeHash, ctx.app.clientId),
      currentToken: (storeHash) => ctx.grants.currentToken(storeHash)?.token ?? null,
      requests: ctx.requests,
    },
    close: async () => {
      ctx.webhooks.close();
      await close();
      saver?.flush();
    },
  };
}
