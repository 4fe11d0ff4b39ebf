import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import { parse } from 'yaml';
import {
  startBigCommerceSimulator,
  type BigCommerceSimulator,
  type BigCommerceSimulatorOptions,
} from '../../scripts/sandbox/bigcommerce';
import { OpenApiValidator } from '../helpers/openapi-validator';

/** Support for the simulator's tests: a stand-in for our app and a few protocol steps. */

export const CLIENT_ID = 'sandbox-client-id';
export const CLIENT_SECRET = 'sandbox-client-secret';
export const OWNER = { id: 7654321, email: 'owner@example.com' };
export const STAFF = { id: 9876543, email: 'staff@example.com' };

export interface AppCall {
  path: string;
  query: Record<string, string>;
}

/** A tiny app: records every call, answers /uninstall and /remove_user with `callbackStatus`, and for the
 *  browser test does the /auth exchange and renders /load like a real app would. */
export interface FakeApp {
  url: string;
  calls: AppCall[];
  callbackStatus: number;
  close(): Promise<void>;
}

export interface Harness {
  sim: BigCommerceSimulator;
  app: FakeApp;
  close(): Promise<void>;
}

export interface TokenResponse {
  access_token: string;
  scope: string;
  user: { id: number; username: string; email: string };
  owner: { id: number; username: string; email: string };
  context: string;
  account_uuid: string;
}

export async function startHarness(options: Partial<BigCommerceSimulatorOptions> = {}): Promise<Harness> {
  let simulatorUrl = '';
  const app = await startFakeApp(() => simulatorUrl);
  const sim = await startBigCommerceSimulator({
    appUrl: app.url,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    ...options,
  });
  simulatorUrl = sim.url;
  return {
    sim,
    app,
    close: async () => {
      await sim.close();
      await app.close();
    },
  };
}

/** The fields our app sends to POST /oauth2/token for an /auth URL, as node-bigcommerce does. */
export function tokenRequestFor(authUrl: string, appUrl: string): Record<string, string> {
  const query = new URL(authUrl).searchParams;
  return {
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    code: query.get('code') ?? '',
    scope: query.get('scope') ?? '',
    grant_type: 'authorization_code',
    context: query.get('context') ?? '',
    redirect_uri: `${appUrl}/auth`,
  };
}

export async function postToken(
  simulatorUrl: string,
  fields: Record<string, string>,
  encoding: 'json' | 'form' = 'json',
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${simulatorUrl}/oauth2/token`, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
    },
    body: encoding === 'json' ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** Installs the app on a store the way our app's /auth handler does; returns the token response. */
export async function install(h: Harness, storeHash: string, userId?: number): Promise<TokenResponse> {
  const { status, body } = await postToken(
    h.sim.url,
    tokenRequestFor(h.sim.beginInstall(storeHash, userId), h.app.url),
  );
  if (status !== 200) throw new Error(`install failed: ${status} ${JSON.stringify(body)}`);
  return body as TokenResponse;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A request to the store's v3 API with `X-Auth-Token`, as our REST client sends it. */
export async function api(
  h: Harness,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  storeHash = 'demo7x3',
): Promise<ApiResponse> {
  const response = await fetch(`${h.sim.url}/stores/${storeHash}/v3${path}`, {
    method,
    headers: {
      accept: 'application/json',
      'x-auth-token': token,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

/** Verify a simulator-signed payload as BigCommerce's own sample app does (jsonwebtoken, HS256). */
export async function verifyPayload(token: string): Promise<JwtPayload> {
  await Promise.resolve();
  const payload = jwt.verify(token, CLIENT_SECRET, {
    algorithms: ['HS256'],
    audience: CLIENT_ID,
    issuer: 'bc',
  });
  if (typeof payload === 'string') throw new Error('the signed payload has no claims');
  return payload;
}

async function startFakeApp(simulatorUrl: () => string): Promise<FakeApp> {
  const calls: AppCall[] = [];
  const app: FakeApp = { url: '', calls, callbackStatus: 200, close: async () => undefined };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake-app.invalid');
    calls.push({ path: url.pathname, query: Object.fromEntries(url.searchParams) });
    void handle(url, req, res).catch((error: unknown) => page(res, 500, `Fake app failed: ${String(error)}`));
  });
  const handle = async (url: URL, _req: IncomingMessage, res: ServerResponse): Promise<void> => {
    switch (url.pathname) {
      case '/auth': {
        const exchange = await postToken(simulatorUrl(), tokenRequestFor(url.href, app.url));
        const token = exchange.body as Partial<TokenResponse>;
        return exchange.status === 200
          ? page(res, 200, `Installed on ${token.context ?? '?'} with scopes ${token.scope ?? '?'}`)
          : page(res, 502, `Install failed: ${JSON.stringify(exchange.body)}`);
      }
      case '/load': {
        const claims = await verifyPayload(url.searchParams.get('signed_payload_jwt') ?? '');
        const user = claims['user'] as { email: string };
        return page(res, 200, `Loaded for ${user.email} at ${String(claims['url'])}`);
      }
      case '/uninstall':
      case '/remove_user':
        res.writeHead(app.callbackStatus, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ received: url.pathname }));
      default:
        return page(res, 404, 'Not found');
    }
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  app.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return app;
}

function page(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<!doctype html><html lang="en"><head><title>Fake app</title><link rel="icon" href="data:,"></head>` +
      `<body><main><p id="message">${text.replace(/</g, '&lt;')}</p></main></body></html>`,
  );
}

/** A request to any store API path (`/v2/orders`, `/v3/orders/metafields`...) with `X-Auth-Token`. */
export async function storeApi(
  h: Harness,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  storeHash = 'demo7x3',
): Promise<ApiResponse> {
  const response = await fetch(`${h.sim.url}/stores/${storeHash}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      'x-auth-token': token,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

export interface ReceivedWebhook {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** A webhook destination on loopback: records every delivery and answers `status` (changeable). */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  status: number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = { url: '', received: [], status: 200, close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      receiver.received.push({
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
      });
      res.writeHead(receiver.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  receiver.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver;
}

/**
 * orders.v2.oas2.yml says `consignments` is oneOf [a resource link, the consignment object] and each
 * consignment's `line_items` oneOf [links, products]. None of those schemas has required properties, so a
 * full object matches both alternatives and `oneOf` can never pass. Read as intended: a resource link
 * always has `url` and `resource`, and either alternative may match (`anyOf`). Then a full object fails
 * the link alternative and is checked against the full schema. Only schemas named `*_Resource` and
 * oneOfs offering one are touched; everything else is validated as written.
 */
export function ordersV2Validator(file: string): OpenApiValidator {
  const doc = parse(readFileSync(file, 'utf8')) as {
    components: { schemas: Record<string, Record<string, unknown>> };
  };
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    const props = schema['properties'] as Record<string, unknown> | undefined;
    if (name.endsWith('_Resource') && props && 'url' in props && 'resource' in props)
      schema['required'] = ['url', 'resource'];
  }
  return OpenApiValidator.fromDocument(relaxResourceOneOfs(doc));
}

function relaxResourceOneOfs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(relaxResourceOneOfs);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const relaxed = relaxResourceOneOfs(value);
    if (key === 'oneOf' && offersResourceLink(value)) out['anyOf'] = relaxed;
    else out[key] = relaxed;
  }
  return out;
}

function offersResourceLink(alternatives: unknown): boolean {
  return Array.isArray(alternatives) && JSON.stringify(alternatives).includes('_Resource"');
}

/**
 * Checks request bodies against a spec's component schemas (e.g. `orderShipment_Post`), so tests prove they
 * send what BigCommerce documents. OpenApiValidator checks responses only, so each schema is offered as the
 * 200 response of a made-up path `/__request/{schema}`.
 */
export function requestBodyValidator(file: string): (schema: string, body: unknown) => void {
  const doc = parse(readFileSync(file, 'utf8')) as {
    paths: Record<string, unknown>;
    components: { schemas: Record<string, unknown> };
  };
  const paths: Record<string, unknown> = { ...doc.paths };
  for (const name of Object.keys(doc.components.schemas)) {
    paths[`/__request/${name}`] = {
      post: {
        responses: {
          '200': {
            description: name,
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
          },
        },
      },
    };
  }
  const validator = OpenApiValidator.fromDocument({ ...doc, paths });
  return (schema, body) =>
    validator.assertValidResponse({ method: 'post', path: `/__request/${schema}`, status: 200, body });
}
