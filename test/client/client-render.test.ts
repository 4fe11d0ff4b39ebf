/**
 * Renders the built client (dist/client/app.js) in real Chromium against a minimal fake of the two
 * session endpoints, served with the production CSP. Component level only: the full flow through the
 * real server is the e2e suite's job.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import type { Page } from 'playwright-core';

import type {
  ApiErrorBody,
  ConnectionResponse,
  ConnectionTestView,
  FulfillmentProfile,
  MasterDataResponse,
  OrderDetailResponse,
  OrderLinkView,
  OrdersResponse,
  PreviewResponse,
  RefreshResponse,
  SettingsResponse,
  SessionResponse,
  UserResponse,
  UsersResponse,
  UserView,
} from '../../server/http/api-types';
import { renderAppShell, renderMessagePage } from '../../server/http/app-shell';
import type { DashboardResponse } from '../../server/http/dashboard-api-types';
import { saveScreenshot, useBrowser, type PageWatch } from '../helpers/browser';

const ROOT = path.resolve(__dirname, '../..');
const BUNDLE = path.join(ROOT, 'dist/client/app.js');
const FAVICON = path.join(ROOT, 'client/static/favicon.svg');

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

const SESSION: SessionResponse = {
  store: {
    hash: 'abc123xyz',
    status: 'installed',
    scopes: ['store_v2_orders', 'store_v2_information_read_only', 'store_v2_products_read_only'],
    installedAt: '2026-03-04T15:30:00.000Z',
    controlPanelUrl: 'https://store-abc123xyz.mybigcommerce.com/manage',
  },
  user: { id: 7, email: 'merchant.owner@example.com', role: 'owner' },
  permissions: { manageConnection: true, manageUsers: true },
  owner: { email: 'merchant.owner@example.com' },
  expiresAt: '2030-01-01T00:00:00.000Z',
};

/** A plain user (not an app admin) of the same store. */
const USER_SESSION: SessionResponse = {
  ...SESSION,
  user: { id: 8, email: 'staff@example.com', role: 'user' },
  permissions: { manageConnection: false, manageUsers: false },
};

const INITIAL_USERS: readonly UserView[] = [
  { id: 7, email: 'merchant.owner@example.com', role: 'owner', lastSeenAt: '2026-03-04T15:30:00.000Z' },
  { id: 8, email: 'staff@example.com', role: 'user', lastSeenAt: '2026-03-04T15:30:00.000Z' },
];
/** The fake's users; reset before each test. */
let users: UserView[] = [];

/** Tokens choose how the fake API behaves. */
const TOKENS = {
  ok: 'tok-ok',
  revoked: 'tok-revoked',
  flaky: 'tok-flaky',
  slow: 'tok-slow',
  /** As `ok`, with an IOM connection whose last test passed five minutes ago. */
  connected: 'tok-connected',
  /** A plain user; the connection's last test asks for the alternate key. */
  user: 'tok-user',
  /** As `ok`, but the first GET /api/users fails. */
  usersFlaky: 'tok-users-flaky',
  /** As `connected`, but the last test found the alternate key's index Failed. */
  failedKey: 'tok-failed-key',
} as const;

const CHECK_LABELS = [
  ['token', 'Sign-in to Microsoft Entra ID'],
  ['environment', 'Dataverse environment reachable'],
  ['whoami', 'App registration is an application user'],
  ['read-salesorders', 'Can read sales orders'],
  ['iom-installed', 'Intelligent Order Management installed'],
  ['change-tracking', 'Change tracking on Order and Fulfillment Order'],
  ['fulfillment-schema', 'Fulfillment tables'],
  ['alternate-key', 'Alternate key on the external order id'],
] as const;

function passingTest(testedAt: string): ConnectionTestView {
  return {
    ok: true,
    testedAt,
    checks: CHECK_LABELS.map(([id, label]) => ({ id, label, status: 'pass', message: `${label}: fine.` })),
  };
}

/** A last test whose only problem is a Failed alternate-key index, with the Reactivate action. */
function failedKeyTest(testedAt: string): ConnectionTestView {
  const test = passingTest(testedAt);
  return {
    ...test,
    checks: test.checks.map((check) =>
      check.id === 'alternate-key'
        ? {
            ...check,
            status: 'warn',
            message:
              'Dataverse could not build the index for the alternate key on msdyn_externalorderid (its status is Failed).',
            action: 'reactivate-alternate-key',
          }
        : check,
    ),
  };
}

/** What GET /api/dashboard answers for a store that relays (connected) or has only just been set up. */
function dashboardResponse(connected: boolean): DashboardResponse {
  const now = Date.now();
  const hour = 3_600_000;
  return {
    generatedAt: new Date(now).toISOString(),
    timeZone: 'UTC',
    syncEnabled: true,
    connection: connected
      ? {
          state: 'connected',
          environmentUrl: 'https://contoso.crm.dynamics.com',
          lastTest: { ok: true, testedAt: new Date(now - 5 * 60_000).toISOString() },
          pausedReason: null,
        }
      : {
          state: 'untested',
          environmentUrl: 'https://contoso.crm.dynamics.com',
          lastTest: null,
          pausedReason: null,
        },
    webhooks: {
      state: 'active',
      active: 5,
      expected: 5,
      missing: [],
      checkedAt: new Date(now).toISOString(),
      error: null,
      lastReceivedAt: connected ? new Date(now - 60_000).toISOString() : null,
      lastReceivedOrderId: connected ? 102 : null,
    },
    lastOrder: connected
      ? { orderId: 102, createdAt: new Date(now - 60_000).toISOString(), state: 'synced' }
      : null,
    counts: {
      queued: 0,
      syncedToday: connected ? 12 : 0,
      needsAttention: connected ? 1 : 0,
      shipmentsToday: connected ? 4 : 0,
    },
    series: {
      hourly: Array.from({ length: 24 }, (_, i) => ({
        start: new Date(Math.floor(now / hour) * hour - (23 - i) * hour).toISOString(),
        count: connected ? i % 4 : 0,
      })),
      daily: Array.from({ length: 30 }, (_, i) => ({
        start: new Date(now - (29 - i) * 24 * hour).toISOString().slice(0, 10) + 'T00:00:00.000Z',
        count: connected ? (i * 7) % 11 : 0,
      })),
    },
    recent: [],
  };
}

function connectedResponse(lastTest?: ConnectionTestView): ConnectionResponse {
  return {
    connection: {
      environmentUrl: 'https://contoso.crm.dynamics.com',
      tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      clientId: '0e9a4a3c-1f2b-4c5d-8e7f-9a0b1c2d3e4f',
      hasClientSecret: true,
      intakeMode: 'dataverse',
      intakeUrl: null,
      updatedAt: '2026-03-04T15:30:00.000Z',
      lastTest: lastTest ?? passingTest(new Date(Date.now() - 5 * 60_000).toISOString()),
      fulfillmentProfile: DISCOVERED_PROFILE,
      schemaOverrides: { 'tracking.table': 'contoso_shipmenttracking' },
    },
  };
}

/** What a connection test discovered: a renamed tracking table (set by an admin), no return tables. */
const DISCOVERED_PROFILE: FulfillmentProfile = {
  fulfillmentOrder: {
    table: 'msdyn_fulfillmentorder',
    entitySet: 'msdyn_fulfillmentorders',
    id: 'msdyn_fulfillmentorderid',
    salesOrder: 'msdyn_salesorderid',
    state: 'msdyn_iomstatename',
    name: 'msdyn_name',
  },
  fulfillmentLine: {
    table: 'msdyn_fulfillmentorderdetail',
    entitySet: 'msdyn_fulfillmentorderdetails',
    id: 'msdyn_fulfillmentorderdetailid',
    fulfillmentOrder: 'msdyn_fulfillmentid',
    salesOrderLine: 'msdyn_salesorderdetailid',
    product: 'msdyn_product',
    quantity: 'msdyn_quantity',
    shipped: 'msdyn_shippedquantity',
    cancelled: null,
  },
  tracking: {
    table: 'contoso_shipmenttracking',
    entitySet: 'contoso_shipmenttrackings',
    id: 'contoso_shipmenttrackingid',
    fulfillmentOrder: 'msdyn_fulfillmentorderid',
    trackingNumber: 'msdyn_trackingnumber',
    carrierName: 'msdyn_carriername',
    carrier: null,
    carrierService: null,
    shipmentId: null,
    shipDate: 'msdyn_shipdate',
    name: 'msdyn_name',
  },
  trackingLine: {
    table: 'msdyn_fulfillmenttrackingline',
    entitySet: 'msdyn_fulfillmenttrackinglines',
    id: 'msdyn_fulfillmenttrackinglineid',
    tracking: 'msdyn_fulfillmenttrackingid',
    fulfillmentLine: null,
    salesOrderLine: 'msdyn_salesorderdetailid',
    quantity: 'msdyn_quantity',
  },
  returnOrder: null,
  returnLine: null,
  salesOrder: { state: 'msdyn_iomstatename', stateReason: null },
  changeTracking: { salesOrder: true, fulfillmentOrder: true, returnOrder: false },
  missing: [
    'No Return Order table was found (looked for msdyn_returnorder), so returns won’t be relayed: set returnOrder.table in Connection › IOM schema overrides if this environment has one.',
  ],
  overridden: ['tracking.table'],
  discoveredAt: '2026-03-04T15:30:00.000Z',
};

/** A saved connection whose last test found the alternate key missing (with the action to create it). */
function missingKeyResponse(): ConnectionResponse {
  const response = connectedResponse();
  const lastTest = response.connection!.lastTest!;
  lastTest.ok = false;
  lastTest.checks = lastTest.checks.map((check) =>
    check.id === 'alternate-key'
      ? { ...check, status: 'fail', message: 'No alternate key yet.', action: 'create-alternate-key' }
      : check,
  );
  return response;
}

const ACCOUNT_ID = 'a1b2c3d4-0000-4000-8000-000000000001';
const PRICE_LIST_ID = 'b1b2c3d4-0000-4000-8000-000000000002';

const SETTINGS: SettingsResponse = {
  settings: {
    syncEnabled: true,
    statusAllowList: [11],
    goLiveDate: null,
    accountStrategy: 'default',
    defaultAccountId: ACCOUNT_ID,
    priceListId: PRICE_LIST_ID,
    unitId: null,
    warehouseId: null,
    unmappedSkuPolicy: 'park',
    outbound: {
      statusMap: {
        partiallyShipped: 3,
        shipped: 2,
        cancelRequested: null,
        cancelled: 5,
        partiallyReturned: 14,
        returned: 4,
      },
      lockedStatuses: [4, 5, 10],
      onBigCommerceCancel: 'cancel',
      pollIntervalSeconds: null,
      refundsEnabled: false,
    },
    notifications: { enabled: false, recipients: [], digest: true, connectionNotices: true },
  },
  mail: { configured: false, from: null, digestIntervalMinutes: 15 },
  statuses: { '3': 'Partially Shipped', '9': 'Awaiting Shipment', '11': 'Awaiting Fulfillment' },
  schemaOverrides: {},
};

const MASTER_DATA: Record<string, MasterDataResponse> = {
  accounts: { items: [{ id: ACCOUNT_ID, name: 'Web Store', detail: 'WEB-1' }], truncated: false },
  'price-lists': { items: [{ id: PRICE_LIST_ID, name: 'Retail USD', detail: null }], truncated: false },
  units: { items: [], truncated: false },
  warehouses: { items: [], truncated: false },
};

function orderLink(orderId: number, overrides: Partial<OrderLinkView> = {}): OrderLinkView {
  return {
    orderId,
    state: 'synced',
    iomSalesOrderId: `so-${orderId}`,
    customerEmail: `buyer${orderId}@example.com`,
    statusId: 11,
    orderCreatedAt: '2026-03-04T15:30:00.000Z',
    lastDateModified: '2026-03-04T15:30:00.000Z',
    lastError: null,
    attention: null,
    skipReason: null,
    syncedAt: '2026-03-04T15:31:00.000Z',
    updatedAt: '2026-03-04T15:31:00.000Z',
    ...overrides,
  };
}

const PARKED = orderLink(101, {
  state: 'needs_attention',
  iomSalesOrderId: null,
  syncedAt: null,
  attention: {
    code: 'unmapped_sku',
    message: 'SKU MUG-RED has no IOM product.',
    fix: 'Map MUG-RED to an IOM product.',
    skus: ['MUG-RED'],
  },
});

/** Two pages: 103 and 102 first, then 101 after the cursor `c2`. */
function ordersPage(after: string | null): OrdersResponse {
  return after === 'c2'
    ? { orders: [PARKED], next: null }
    : { orders: [orderLink(103), orderLink(102)], next: 'c2' };
}

const PARKED_DETAIL: OrderDetailResponse = {
  order: PARKED,
  job: { state: 'parked', dueAt: null, attempts: 1, lastError: null },
  outbound: null,
  timeline: [
    {
      id: 'e1',
      at: '2026-03-04T15:30:00.000Z',
      direction: 'inbound',
      type: 'webhook.received',
      message: 'BigCommerce said the order was created.',
    },
  ],
  timelineNext: null,
};

/** Order 102: IOM shipped part of it (written to BigCommerce) and the rest with a carrier not mapped yet. */
const SHIPPED_DETAIL: OrderDetailResponse = {
  order: orderLink(102),
  job: { state: 'idle', dueAt: null, attempts: 1, lastError: null },
  outbound: {
    shipments: [
      {
        iomShipmentId: 'shp-1',
        trackingNumber: '1Z999AA10123456784',
        carrier: 'UPS',
        bigcommerceShipmentIds: [7],
        byHand: false,
        at: '2026-03-05T09:00:00.000Z',
        items: [{ orderProductId: 11, sku: 'MUG-GRY', quantity: 2 }],
      },
    ],
    pending: [],
    statusWritten: 3,
    cancel: 'none',
    returns: [],
    attention: {
      code: 'unmapped_carrier',
      carrier: 'Parcel Co',
      message: 'IOM shipped with carrier "Parcel Co", which has no BigCommerce carrier yet.',
      fix: 'Map "Parcel Co" in IOM Connector › Mappings › Carriers.',
    },
    lockedAt: null,
    lastReconciledAt: '2026-03-05T09:00:01.000Z',
    iom: {
      iomState: 'In Progress',
      fulfillmentOrders: [{ id: 'fo-1', name: 'FO-00012', state: 'Partially shipped' }],
      shipments: [
        {
          id: 'shp-1',
          name: 'SHP-00007',
          trackingNumber: '1Z999AA10123456784',
          carrier: 'UPS',
          lines: [{ orderProductId: 11, sku: 'MUG-GRY', quantity: 2 }],
        },
        {
          id: 'shp-2',
          name: 'SHP-00008',
          trackingNumber: 'PC-1',
          carrier: 'Parcel Co',
          lines: [{ orderProductId: 12, sku: 'TOTE-NAT', quantity: 1 }],
        },
      ],
      returns: [],
    },
  },
  timeline: [
    {
      id: 'e2',
      at: '2026-03-05T09:00:00.000Z',
      direction: 'outbound',
      type: 'shipment.created',
      message: 'Shipment 1Z999AA10123456784 (UPS) created in BigCommerce: 2 item(s).',
    },
  ],
  timelineNext: null,
};

const PARKED_PREVIEW: PreviewResponse = {
  orderId: 101,
  statusId: 11,
  skipReason: null,
  externalOrderId: 'bigcommerce_abc123xyz_101',
  body: { msdyn_externalorderid: 'bigcommerce_abc123xyz_101' },
  problems: [
    { code: 'unmapped_sku', message: 'SKU MUG-RED has no IOM product.', fix: 'Map it.', sku: 'MUG-RED' },
  ],
  totals: { bigcommerceTotalIncTax: '14.00', expectedIomTotal: '14.00' },
  sendable: false,
  notes: [],
};

interface SeenRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  cookie: string | undefined;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body:
    | SessionResponse
    | RefreshResponse
    | ConnectionResponse
    | ConnectionTestView
    | UsersResponse
    | UserResponse
    | ApiErrorBody
    | object,
): void {
  res
    .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(JSON.stringify(body));
}

function startFakeServer(seen: SeenRequest[]): Promise<Server> {
  let flakyCalls = 0;
  /** The first page data a token reads: slow, failing once, revoked or unknown as the token says. */
  const answerForToken = (token: string | undefined, res: ServerResponse, body: object): void => {
    if (
      token === TOKENS.ok ||
      token === TOKENS.user ||
      token === TOKENS.connected ||
      token === TOKENS.usersFlaky ||
      token === TOKENS.failedKey ||
      token === 'tok-refreshed'
    ) {
      sendJson(res, 200, body);
    } else if (token === TOKENS.slow) {
      setTimeout(() => sendJson(res, 200, body), 700);
    } else if (token === TOKENS.flaky && flakyCalls++ === 0) {
      sendJson(res, 500, {
        error: {
          code: 'internal_error',
          message: 'The store database did not answer in time.',
          requestId: 'req-500',
        },
      });
    } else if (token === TOKENS.flaky) {
      sendJson(res, 200, body);
    } else if (token === TOKENS.revoked) {
      sendJson(res, 401, {
        error: {
          code: 'session_revoked',
          message: 'Your access to IOM Connector was removed by the store owner, so this session has ended.',
          requestId: 'req-401',
        },
      });
    } else {
      sendJson(res, 401, {
        error: { code: 'session_invalid', message: 'The session token is not valid.' },
      });
    }
  };
  let usersCalls = 0;
  const bundle = readFileSync(BUNDLE);
  const favicon = readFileSync(FAVICON);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    seen.push({
      method: req.method ?? '',
      url: url.pathname,
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
    });
    res.setHeader('content-security-policy', CSP);
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];

    if (req.method === 'GET' && url.pathname === '/load') {
      const bootstrap = {
        token: url.searchParams.get('token') ?? TOKENS.ok,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        path: url.searchParams.get('path') ?? '/',
      };
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(renderAppShell(bootstrap, {}));
    } else if (req.method === 'GET' && url.pathname === '/broken') {
      const html = renderAppShell({ token: 't', expiresAt: 'x', path: '/' }, {}).replace(
        /(<script id="app-bootstrap" type="application\/json">)[^<]*/,
        '$1{"token": broken',
      );
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (req.method === 'GET' && url.pathname === '/message') {
      const html = renderMessagePage({
        tone: 'error',
        title: 'The install could not be completed',
        message:
          'BigCommerce did not accept the install request (the authorization code had expired). Start the install again from Apps › Marketplace in your control panel.',
        detail: 'Reference: req-7f3a9c',
        action: { label: 'Open BigCommerce', href: 'https://login.bigcommerce.com/' },
      });
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (req.method === 'GET' && url.pathname === '/static/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-cache' }).end(bundle);
    } else if (req.method === 'GET' && url.pathname.startsWith('/static/fonts/')) {
      // The bundled Source Sans 3 files, as the real server serves them from dist/client.
      const file = path.join(ROOT, 'dist/client/fonts', path.basename(url.pathname));
      if (existsSync(file)) res.writeHead(200, { 'content-type': 'font/woff2' }).end(readFileSync(file));
      else res.writeHead(404).end();
    } else if (req.method === 'GET' && url.pathname === '/api/onboarding') {
      // A store that is set up: / shows the dashboard (the onboarding flow has its own tests).
      answerForToken(token, res, { connected: true, syncStarted: true });
    } else if (req.method === 'GET' && url.pathname === '/api/dashboard') {
      answerForToken(token, res, dashboardResponse(token === TOKENS.connected));
    } else if (req.method === 'GET' && url.pathname === '/static/favicon.svg') {
      res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(favicon);
    } else if (req.method === 'GET' && url.pathname === '/api/connection') {
      if (token === TOKENS.user) sendJson(res, 200, missingKeyResponse());
      else
        sendJson(
          res,
          200,
          token === TOKENS.connected
            ? connectedResponse()
            : token === TOKENS.failedKey
              ? connectedResponse(failedKeyTest(new Date(Date.now() - 5 * 60_000).toISOString()))
              : { connection: null },
        );
    } else if (req.method === 'POST' && url.pathname === '/api/connection/alternate-key/reactivate') {
      sendJson(res, 202, { status: 'Pending' });
    } else if (req.method === 'POST' && url.pathname === '/api/connection/test') {
      sendJson(res, 200, passingTest(new Date().toISOString()));
    } else if (req.method === 'GET' && url.pathname === '/api/users') {
      if (token === TOKENS.usersFlaky && usersCalls++ === 0) {
        sendJson(res, 503, {
          error: {
            code: 'storage_unavailable',
            message: 'The user list is not available.',
            requestId: 'req-503',
          },
        });
      } else sendJson(res, 200, { users });
    } else if (req.method === 'PUT' && url.pathname.startsWith('/api/users/')) {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => {
        const id = Number(url.pathname.slice('/api/users/'.length));
        const { role } = JSON.parse(text) as { role: 'admin' | 'user' };
        users = users.map((user) => (user.id === id ? { ...user, role } : user));
        const user = users.find((u) => u.id === id);
        if (user) sendJson(res, 200, { user });
        else sendJson(res, 404, { error: { code: 'not_found', message: 'No such user.' } });
      });
    } else if (req.method === 'GET' && url.pathname === '/api/settings') {
      sendJson(res, 200, SETTINGS);
    } else if (req.method === 'GET' && url.pathname.startsWith('/api/iom/')) {
      const data = MASTER_DATA[url.pathname.slice('/api/iom/'.length)];
      if (data) sendJson(res, 200, data);
      else sendJson(res, 404, { error: { code: 'not_found', message: 'No such master data.' } });
    } else if (req.method === 'GET' && url.pathname === '/api/orders') {
      sendJson(res, 200, ordersPage(url.searchParams.get('after')));
    } else if (req.method === 'GET' && url.pathname === '/api/attention') {
      sendJson(res, 200, {
        groups: [
          {
            code: 'unmapped_sku',
            count: 1,
            message: 'SKU MUG-RED has no IOM product.',
            fix: 'Map MUG-RED to an IOM product.',
            orders: [101],
            direction: 'inbound',
          },
        ],
        total: 1,
        outboundTotal: 0,
      });
    } else if (req.method === 'GET' && url.pathname === '/api/orders/101') {
      sendJson(res, 200, PARKED_DETAIL);
    } else if (req.method === 'GET' && url.pathname === '/api/orders/102') {
      sendJson(res, 200, SHIPPED_DETAIL);
    } else if (req.method === 'GET' && url.pathname === '/api/orders/101/preview') {
      sendJson(res, 200, PARKED_PREVIEW);
    } else if (req.method === 'GET' && url.pathname === '/api/session') {
      answerForToken(token, res, token === TOKENS.user ? USER_SESSION : SESSION);
    } else if (req.method === 'POST' && url.pathname === '/api/session/refresh') {
      sendJson(res, 200, {
        token: 'tok-refreshed',
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let server: Server;
let baseUrl: string;
let page: Page;
let watch: PageWatch;
const seen: SeenRequest[] = [];

beforeAll(async () => {
  if (!existsSync(BUNDLE)) {
    throw new Error(
      `${BUNDLE} is missing: run \`npm run build\` (or \`npm run build:client\`) before this test.`,
    );
  }
  server = await startFakeServer(seen);
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (server) await new Promise((resolve) => server.close(resolve));
});

useBrowser((current) => ({ page, watch } = current), { context: { locale: 'en-US' } });

beforeEach(() => {
  seen.length = 0;
  users = INITIAL_USERS.map((user) => ({ ...user }));
});

describe('the client in Chromium', () => {
  it('opens on the dashboard, with the session token and no cookies; the store hash and raw scopes are not on it', async () => {
    await page.goto(`${baseUrl}/load?token=${TOKENS.connected}&path=/`);

    await page.getByRole('region', { name: 'Health' }).waitFor();
    await expect(page.getByRole('heading', { level: 1, name: 'IOM Connector' }).count()).resolves.toBe(1);
    await expect(page.getByText('abc123xyz').count()).resolves.toBe(0);
    await expect(page.getByText(SESSION.store.scopes[0]!).count()).resolves.toBe(0);
    await expect(page.getByRole('main').count()).resolves.toBe(1);

    const nav = page.getByRole('navigation', { name: 'IOM Connector' });
    await expect(nav.getByRole('link').allInnerTexts()).resolves.toEqual([
      'Dashboard',
      'Orders',
      'Needs attention',
      'Mappings',
      'Backfill',
      'Settings',
      'IOM connection',
      'Users',
    ]);
    await expect(nav.getByRole('link', { name: 'Dashboard' }).getAttribute('aria-current')).resolves.toBe(
      'page',
    );

    const apiCalls = seen.filter((request) => request.url.startsWith('/api/'));
    expect(apiCalls.map((call) => call.url)).toEqual(
      expect.arrayContaining(['/api/onboarding', '/api/dashboard']),
    );
    for (const call of apiCalls)
      expect(call).toMatchObject({ authorization: 'Bearer tok-connected', cookie: undefined });

    await saveScreenshot(page, 'client-dashboard');
    expect(watch.problems()).toEqual([]);
  });

  it('goes from the dashboard to the IOM connection page and back with the navigation', async () => {
    await page.goto(`${baseUrl}/load?token=${TOKENS.ok}&path=/`);
    await page.getByRole('region', { name: 'Health' }).waitFor();

    const nav = page.getByRole('navigation', { name: 'IOM Connector' });
    await nav.getByRole('link', { name: 'IOM connection' }).click();
    const form = page.getByRole('form', { name: 'Connection details' });
    await form.waitFor();
    await expect(form.getByLabel('Dataverse environment URL').inputValue()).resolves.toBe('');
    await expect(
      nav.getByRole('link', { name: 'IOM connection' }).getAttribute('aria-current'),
    ).resolves.toBe('page');

    await nav.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('region', { name: 'Health' }).waitFor();
    expect(watch.problems()).toEqual([]);
  });

  it('opens the connection page with the last passed test and its checks', async () => {
    await page.goto(`${baseUrl}/load?token=${TOKENS.connected}&path=/connection`);

    const results = page.getByRole('region', { name: 'Connection test' });
    await results.getByRole('alert').getByText('Connected — every check passed').waitFor();
    await expect(results.getByText('Tested 5 minutes ago').isVisible()).resolves.toBe(true);
    await expect(
      results.getByRole('list', { name: 'Connection checks' }).getByRole('listitem').count(),
    ).resolves.toBe(8);
    const form = page.getByRole('form', { name: 'Connection details' });
    await expect(form.getByLabel('Application (client) ID').inputValue()).resolves.toBe(
      '0e9a4a3c-1f2b-4c5d-8e7f-9a0b1c2d3e4f',
    );
    await expect(form.getByLabel('Client secret').inputValue()).resolves.toBe('');
    await expect(form.getByRole('button', { name: 'Save and test' }).count()).resolves.toBe(1);
    await expect(form.getByRole('button', { name: 'Test connection' }).count()).resolves.toBe(1);
    await expect(form.getByRole('button', { name: 'Disconnect' }).count()).resolves.toBe(1);
    expect(watch.problems()).toEqual([]);
  });

  it('lists the discovered IOM tables and columns, what is missing and what an admin set, read-only', async () => {
    await page.goto(`${baseUrl}/load?token=${TOKENS.connected}&path=/connection`);
    const schema = page.getByRole('region', { name: 'IOM schema' });
    await schema.getByText('contoso_shipmenttracking', { exact: true }).waitFor();
    await expect(
      schema
        .getByText(/fulfillmentOrder: msdyn_fulfillmentorderid, trackingNumber: msdyn_trackingnumber/)
        .isVisible(),
    ).resolves.toBe(true);
    await expect(schema.getByText(/fulfillmentOrder: msdyn_fulfillmentid/).isVisible()).resolves.toBe(true);
    await expect(schema.getByText(/No Return Order table was found/).isVisible()).resolves.toBe(true);
    await expect(schema.getByText('Set by an admin: tracking.table').isVisible()).resolves.toBe(true);
    await expect(schema.getByText('Not found', { exact: true }).count()).resolves.toBe(2);
    await expect(schema.getByRole('button').count()).resolves.toBe(0);
    await expect(schema.getByRole('textbox').count()).resolves.toBe(0);
    await saveScreenshot(page, 'client-connection-iom-schema');
    expect(watch.problems()).toEqual([]);
  });

  it('shows a plain user the connection read-only, says why and whom to ask, and still lets them test it', async () => {
    await page.goto(`${baseUrl}/load?token=${TOKENS.user}&path=/`);

    await page.getByRole('region', { name: 'Health' }).waitFor();
    await page
      .getByRole('navigation', { name: 'IOM Connector' })
      .getByRole('link', { name: 'IOM connection' })
      .click();

    const form = page.getByRole('form', { name: 'Connection details' });
    await form.getByText('You can view and test this connection').waitFor();
    const reason =
      'Only the store owner or an app admin can change or disconnect the IOM connection. Ask merchant.owner@example.com to make you an admin in IOM Connector › Users.';
    await expect(form.getByText(reason).isVisible()).resolves.toBe(true);
    await expect(form.getByLabel('Dataverse environment URL').inputValue()).resolves.toBe(
      'https://contoso.crm.dynamics.com',
    );
    for (const label of [
      'Dataverse environment URL',
      'Directory (tenant) ID',
      'Application (client) ID',
      'Client secret',
    ]) {
      await expect(form.getByLabel(label).isDisabled()).resolves.toBe(true);
    }
    await expect(
      form.getByRole('radio', { name: /Write sales orders to Dataverse/ }).isDisabled(),
    ).resolves.toBe(true);
    for (const name of ['Save and test', 'Disconnect']) {
      const button = form.getByRole('button', { name });
      await expect(button.isDisabled()).resolves.toBe(true);
      await expect(button.getAttribute('aria-describedby')).resolves.toBeTruthy();
      const describedBy = (await button.getAttribute('aria-describedby')) ?? '';
      await expect(page.locator(`[id="${describedBy}"]`).innerText()).resolves.toContain(reason);
    }
    await expect(form.getByRole('button', { name: 'Test connection' }).isEnabled()).resolves.toBe(true);

    const results = page.getByRole('region', { name: 'Connection test' });
    const createKey = results.getByRole('button', { name: 'Create the alternate key' });
    await expect(createKey.isDisabled()).resolves.toBe(true);
    await expect(
      results
        .getByText(
          'Only the store owner or an app admin can create the alternate key (it changes IOM’s Order table). Ask merchant.owner@example.com to make you an admin in IOM Connector › Users.',
        )
        .isVisible(),
    ).resolves.toBe(true);
    await saveScreenshot(page, 'client-connection-read-only');

    // Nothing was written.
    expect(seen.filter((request) => request.method !== 'GET' && request.url.startsWith('/api/'))).toEqual([]);
    expect(watch.problems()).toEqual([]);
  });

  it('shows a plain user the settings read-only, with the saved choices and why they cannot change them', async () => {
    await page.goto(`${baseUrl}/load?token=${TOKENS.user}&path=/settings`);
    const settings = page.getByRole('region', { name: 'Sync orders' });
    const account = settings.getByRole('combobox', { name: 'IOM account' });
    await settings.getByText('You can view these settings').waitFor();
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('input')).some((input) => input.value === 'Web Store'),
    );
    await expect(account.inputValue()).resolves.toBe('Web Store');
    await expect(account.isDisabled()).resolves.toBe(true);
    await expect(settings.getByRole('combobox', { name: 'Price list' }).inputValue()).resolves.toBe(
      'Retail USD',
    );
    await expect(settings.getByRole('checkbox', { name: 'Sync orders to IOM' }).isChecked()).resolves.toBe(
      true,
    );
    await expect(settings.getByRole('checkbox', { name: 'Sync orders to IOM' }).isDisabled()).resolves.toBe(
      true,
    );
    const save = settings.getByRole('button', { name: 'Save' });
    await expect(save.isDisabled()).resolves.toBe(true);
    const describedBy = (await save.getAttribute('aria-describedby')) ?? '';
    await expect(page.locator(`[id="${describedBy}"]`).innerText()).resolves.toContain(
      'Only the store owner or an app admin can change the settings that decide which orders go to IOM.',
    );
    await saveScreenshot(page, 'client-settings-read-only');
    expect(seen.filter((request) => request.method !== 'GET' && request.url.startsWith('/api/'))).toEqual([]);
    expect(watch.problems()).toEqual([]);
  });

  it('loads more orders with the next cursor, and opens a parked order with its fix and preview', async () => {
    await page.goto(`${baseUrl}/load?token=${TOKENS.ok}&path=/orders`);
    const orders = page.getByRole('region', { name: 'Orders' });
    await orders.getByRole('link', { name: 'Order 103' }).waitFor();
    await expect(orders.getByRole('link', { name: /^Order \d+$/ }).count()).resolves.toBe(2);
    await orders.getByText('1 order needs attention').waitFor();
    await orders.getByRole('button', { name: 'Load more' }).click();
    await orders.getByRole('link', { name: 'Order 101' }).waitFor();
    await expect(orders.getByRole('button', { name: 'Load more' }).count()).resolves.toBe(0);
    const parkedRow = orders.getByRole('row').filter({ hasText: '#101' });
    await expect(parkedRow.innerText()).resolves.toMatch(/Needs attention.*SKU MUG-RED has no IOM product/is);
    expect(seen.some((request) => request.url === '/api/orders')).toBe(true);

    await orders.getByRole('link', { name: 'Order 101' }).click();
    const detail = page.getByRole('region', { name: 'Order #101' });
    await detail.getByText('Map MUG-RED to an IOM product.').waitFor();
    await page
      .getByRole('region', { name: 'Timeline' })
      .getByText('BigCommerce said the order was created.')
      .waitFor();
    await detail.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByText('Would not be sent as it is').waitFor();
    await expect(preview.locator('pre code').innerText()).resolves.toContain('bigcommerce_abc123xyz_101');
    await saveScreenshot(page, 'client-order-parked');
    expect(watch.problems()).toEqual([]);
  });

  it('shows the shipments written back from IOM, IOM’s records and the outbound fix on the order page', async () => {
    await page.goto(`${baseUrl}/load?token=${TOKENS.ok}&path=/orders/102`);
    const shipments = page.getByRole('region', { name: 'Shipments', exact: true });
    await shipments.getByText('Map "Parcel Co" in IOM Connector › Mappings › Carriers.').waitFor();
    await expect(shipments.getByText('IOM carrier: Parcel Co').isVisible()).resolves.toBe(true);
    const created = shipments.getByRole('region', { name: 'Shipments in BigCommerce' });
    const row = created.getByRole('row').filter({ hasText: '1Z999AA10123456784' });
    await expect(row.innerText()).resolves.toMatch(/UPS.*MUG-GRY × 2.*Shipment #7/s);
    await expect(created.getByRole('row').count()).resolves.toBe(2); // header + one shipment
    const fulfillment = shipments.getByRole('region', { name: 'IOM fulfillment orders' });
    await expect(fulfillment.innerText()).resolves.toMatch(/FO-00012.*Partially shipped/is);
    const iomShipments = shipments.getByRole('region', { name: 'IOM shipments' });
    await expect(iomShipments.getByRole('row').filter({ hasText: 'PC-1' }).innerText()).resolves.toMatch(
      /SHP-00008.*Parcel Co.*TOTE-NAT × 1/s,
    );
    await expect(shipments.innerText()).resolves.toContain('In Progress');
    await expect(shipments.innerText()).resolves.toContain('Partially Shipped');
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect(
      timeline.getByRole('row').filter({ hasText: 'created in BigCommerce' }).innerText(),
    ).resolves.toContain('IOM → BigCommerce');
    await saveScreenshot(page, 'client-order-shipments');
    expect(watch.problems()).toEqual([]);
  });

  it('lets the owner make a user an app admin and back on the Users page', async () => {
    await page.goto(`${baseUrl}/load?token=${TOKENS.ok}&path=/users`);

    const panel = page.getByRole('region', { name: 'Users' });
    const staffRow = panel.getByRole('row', { name: /staff@example\.com/ });
    await staffRow.waitFor();
    await expect(
      panel.getByRole('row', { name: /merchant\.owner@example\.com \(you\)/ }).innerText(),
    ).resolves.toMatch(/Owner/);
    await expect(staffRow.getByRole('cell', { name: 'User', exact: true }).isVisible()).resolves.toBe(true);
    await saveScreenshot(page, 'client-users');

    await staffRow.getByRole('button', { name: 'Make staff@example.com an admin' }).click();
    await panel.getByText('staff@example.com is now an app admin').waitFor();
    await expect(staffRow.getByRole('cell', { name: 'App admin', exact: true }).isVisible()).resolves.toBe(
      true,
    );

    await staffRow.getByRole('button', { name: 'Make staff@example.com a user' }).click();
    await panel.getByText('staff@example.com is now a user').waitFor();
    await expect(staffRow.getByRole('cell', { name: 'User', exact: true }).isVisible()).resolves.toBe(true);
    expect(seen.filter((request) => request.method === 'PUT').map((request) => request.url)).toEqual([
      '/api/users/8',
      '/api/users/8',
    ]);
    expect(watch.problems()).toEqual([]);
  });

  it('shows a plain user the Users page without role controls, saying who can change roles', async () => {
    await page.goto(`${baseUrl}/load?token=${TOKENS.user}&path=/users`);

    const panel = page.getByRole('region', { name: 'Users' });
    await panel.getByRole('row', { name: /staff@example\.com \(you\)/ }).waitFor();
    await expect(
      panel
        .getByText('Only the store owner (merchant.owner@example.com) can make users app admins.')
        .isVisible(),
    ).resolves.toBe(true);
    await expect(panel.getByRole('button').count()).resolves.toBe(0);
    await expect(panel.getByRole('columnheader').allInnerTexts()).resolves.toEqual([
      'User',
      'Role',
      'Last opened the app',
    ]);
    expect(watch.problems()).toEqual([]);
  });

  it('shows why the Users page could not load, and recovers on Retry', async () => {
    watch.expectHttpError('/api/users', 503);
    await page.goto(`${baseUrl}/load?token=${TOKENS.usersFlaky}&path=/users`);

    const panel = page.getByRole('region', { name: 'Users' });
    const alert = panel.getByRole('alert');
    await alert.getByText('The users could not be loaded').waitFor();
    await alert.getByRole('button', { name: 'Retry' }).click();
    await panel.getByRole('row', { name: /staff@example\.com/ }).waitFor();
    await expect(panel.getByRole('alert').count()).resolves.toBe(0);
    expect(watch.problems()).toEqual([]);
  });

  it('offers Reactivate for a Failed alternate key, and after it the check passes', async () => {
    await page.goto(`${baseUrl}/load?token=${TOKENS.failedKey}&path=${encodeURIComponent('/connection')}`);

    const results = page.getByRole('region', { name: 'Connection test' });
    const keyCheck = results
      .getByRole('list', { name: 'Connection checks' })
      .getByRole('listitem')
      .filter({ hasText: 'Alternate key on the external order id' });
    await keyCheck.getByText(/its status is Failed/).waitFor();
    const reactivate = keyCheck.getByRole('button', { name: 'Reactivate the alternate key' });
    await expect(reactivate.isEnabled()).resolves.toBe(true);
    await expect(keyCheck.getByRole('button', { name: 'Create the alternate key' }).count()).resolves.toBe(0);
    await saveScreenshot(page, 'client-connection-failed-key');

    await reactivate.click();
    await keyCheck.getByText('Alternate key reactivated').waitFor();
    await expect(keyCheck.getByText('Passed', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(
      keyCheck.getByRole('button', { name: 'Reactivate the alternate key' }).count(),
    ).resolves.toBe(0);
    const posts = seen.filter((request) => request.method === 'POST').map((request) => request.url);
    expect(posts).toEqual(['/api/connection/alternate-key/reactivate', '/api/connection/test']);
    expect(watch.problems()).toEqual([]);
  });

  it('shows a labelled loading state while the store’s set-up loads', async () => {
    await page.goto(`${baseUrl}/load?token=${TOKENS.slow}&path=/`);

    await page
      .getByRole('status')
      .getByText(/^Loading/)
      .first()
      .waitFor();
    await saveScreenshot(page, 'client-loading');
    await page.getByRole('region', { name: 'Health' }).waitFor();
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: /^Loading/ })
        .count(),
    ).resolves.toBe(0);
    expect(watch.problems()).toEqual([]);
  });

  it('fits a 360 px wide frame without sideways scrolling', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${baseUrl}/load?token=${TOKENS.connected}&path=/`);
    await page.getByRole('region', { name: 'Health' }).waitFor();

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    // What sticks out of the frame, leaving out what a scrolling box (the tab row) keeps inside itself.
    const wide = await page.evaluate(() => {
      const clipped = (el: Element): boolean => {
        for (let up = el.parentElement; up; up = up.parentElement) {
          if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(up).overflowX)) return true;
        }
        return false;
      };
      return [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(el))
        .slice(0, 5)
        .map(
          (el) =>
            `${el.tagName} "${(el.textContent ?? '').slice(0, 40)}" ${Math.round(el.getBoundingClientRect().right)}`,
        );
    });
    expect({ overflow, wide }).toEqual({ overflow: expect.any(Number), wide: [] });
    expect(overflow).toBeLessThanOrEqual(0);
    await saveScreenshot(page, 'client-dashboard-360');
    expect(watch.problems()).toEqual([]);
  });

  it('opens a deep link to an unknown page as "Page not found", with a way back to the dashboard', async () => {
    await page.goto(
      `${baseUrl}/load?token=${TOKENS.ok}&path=${encodeURIComponent('/orders/106/sync-status')}`,
    );

    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await expect(page.getByText('/orders/106/sync-status').isVisible()).resolves.toBe(true);
    await saveScreenshot(page, 'client-not-found');

    await page.getByRole('button', { name: 'Back to the dashboard' }).click();
    await page.getByRole('region', { name: 'Health' }).waitFor();
    await expect(page.getByRole('heading', { level: 1, name: 'IOM Connector' }).isVisible()).resolves.toBe(
      true,
    );
    expect(watch.problems()).toEqual([]);
  });

  it('replaces the app with the session-ended page, with the reason, when the API answers 401 session_revoked', async () => {
    watch.expectHttpError('/api/onboarding', 401);
    watch.expectHttpError('/api/session', 401);
    await page.goto(`${baseUrl}/load?token=${TOKENS.revoked}&path=/`);

    await page.getByRole('heading', { level: 1, name: 'Your session has ended' }).waitFor();
    await expect(
      page.getByText('Reopen IOM Connector from Apps in your BigCommerce control panel.').isVisible(),
    ).resolves.toBe(true);
    await expect(
      page.getByText(/Reason: Your access to IOM Connector was removed by the store owner/).isVisible(),
    ).resolves.toBe(true);
    await expect(page.getByText('Request ID: req-401').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('region', { name: 'Health' }).count()).resolves.toBe(0);

    await saveScreenshot(page, 'client-session-ended');
    // Once the session is over nothing keeps asking the API.
    const callsWhenEnded = seen.filter((request) => request.url.startsWith('/api/')).length;
    await page.waitForTimeout(500);
    expect(seen.filter((request) => request.url.startsWith('/api/'))).toHaveLength(callsWhenEnded);
    expect(watch.problems()).toEqual([]);
  });

  it('shows a server error inline with its message and request id, and recovers on Retry', async () => {
    watch.expectHttpError('/api/onboarding', 500);
    await page.goto(`${baseUrl}/load?token=${TOKENS.flaky}&path=/`);

    const alert = page.getByRole('alert');
    await alert.getByText('IOM Connector could not load your store’s set-up').waitFor();
    await expect(alert.getByText('The store database did not answer in time.').isVisible()).resolves.toBe(
      true,
    );
    await expect(alert.getByText('Request ID: req-500').isVisible()).resolves.toBe(true);
    await saveScreenshot(page, 'client-error');

    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('region', { name: 'Health' }).waitFor();
    await expect(page.getByText('IOM Connector could not load your store’s set-up').count()).resolves.toBe(0);
    expect(watch.problems()).toEqual([]);
  });

  it('explains how to open the app when the page has no valid session data', async () => {
    await page.goto(`${baseUrl}/broken`);

    await page
      .getByRole('heading', { level: 1, name: 'Open this app from your BigCommerce control panel' })
      .waitFor();
    await expect(
      page.getByText('Details: The session data on the page could not be read.').isVisible(),
    ).resolves.toBe(true);
    expect(seen.filter((request) => request.url.startsWith('/api/'))).toHaveLength(0);
    await saveScreenshot(page, 'client-launch-error');
    expect(watch.problems()).toEqual([]);
  });

  it('renders the no-JavaScript message page as a styled, readable page', async () => {
    watch.expectHttpError('/message', 400);
    await page.goto(`${baseUrl}/message`);

    await expect(
      page.getByRole('heading', { level: 1, name: 'The install could not be completed' }).isVisible(),
    ).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'Open BigCommerce' }).getAttribute('href')).resolves.toBe(
      'https://login.bigcommerce.com/',
    );
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(246, 247, 252)');
    await saveScreenshot(page, 'message-page');
    await page.setViewportSize({ width: 360, height: 700 });
    await saveScreenshot(page, 'message-page-360');
    expect(watch.problems()).toEqual([]);
  });
});
