import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { clientDirs } from '../../server/compose';
import { loadConfig } from '../../server/config';
import type { AppDeps, Tuning } from '../../server/deps';
import { listen } from '../../server/http/server';
import { createLogger } from '../../server/logger';
import { startRuntime } from '../../server/runtime';
import { startBigCommerceSimulator, type BigCommerceSimulator } from '../../scripts/sandbox/bigcommerce';
import { startIomSimulator, type IomSimulator, type IomSimulatorOptions } from '../../scripts/sandbox/iom';

export const CLIENT_ID = 'test-client-id';
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface Harness {
  appUrl: string;
  sim: BigCommerceSimulator;
  /** The Entra + Dataverse/IOM simulator; ENTRA_AUTHORITY_HOST points at it. */
  iom: IomSimulator;
  deps: AppDeps;
  clientSecret: string;
  /** Every log line the app wrote (JSON strings), at level trace. */
  logs: string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Environment variables over the harness's own (LOG_LEVEL, SMTP_URL, …). */
  env?: Record<string, string>;
  tuning?: Partial<Tuning>;
  iom?: IomSimulatorOptions;
  /**
   * The host the BigCommerce simulator (its API, login URL and control panel) listens on and is addressed
   * by; the app always stays at `http://127.0.0.1:<port>`. The default `127.0.0.1` makes the control panel
   * and the app one site (ports do not count), so Chromium treats the app's iframe as first-party;
   * `'localhost'` makes them two sites, as in production (`*.mybigcommerce.com` framing the app's own
   * host): the app's iframe is third-party. The simulator binds the address `localhost` resolves to first,
   * which is the one Node's fetch tries first too (and Chromium tries both loopbacks).
   */
  bigcommerceHost?: '127.0.0.1' | 'localhost';
}

/**
 * The app's runtime (real express server on a loopback port, job runner and schedules, SQLite in a
 * temp dir) wired to the BigCommerce and IOM simulators over real sockets, exactly as in the demo.
 */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const app = await listen(null, 0, '127.0.0.1');
  const appUrl = `http://127.0.0.1:${app.port}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const sim = await startBigCommerceSimulator({
    appUrl,
    clientId: CLIENT_ID,
    clientSecret,
    host: opts.bigcommerceHost ?? '127.0.0.1',
  });
  const iom = await startIomSimulator(opts.iom);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iom-harness-'));
  const config = loadConfig({
    PORT: String(app.port),
    APP_URL: appUrl,
    BC_CLIENT_ID: CLIENT_ID,
    BC_CLIENT_SECRET: clientSecret,
    BC_LOGIN_URL: sim.url,
    BC_API_URL: sim.url,
    ENTRA_AUTHORITY_HOST: iom.authorityHost,
    SQLITE_PATH: path.join(dir, 'connector.db'),
    APP_SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'trace',
    ...opts.env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const runtime = await startRuntime(config, {
    logger: createLogger(config.logLevel, sink),
    dirs: clientDirs(REPO_ROOT),
    server: app,
    // BigCommerce revokes the token right after /uninstall: confirm quickly so tests need not wait.
    tuning: {
      uninstallConfirmation: { windowMs: 10 * 60_000, delaysMs: [100, 250, 500, 1_000] },
      ...opts.tuning,
    },
    runner: { pollMs: 50 },
  });
  const deps = runtime.deps;
  return {
    appUrl,
    sim,
    iom,
    deps,
    clientSecret,
    logs,
    close: async () => {
      await runtime.stop(500);
      await sim.close();
      await iom.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Follow the install link as the merchant's browser would; returns the /auth response. */
export async function installStore(h: Harness, storeHash: string, userId?: number): Promise<Response> {
  return fetch(h.sim.beginInstall(storeHash, userId), { redirect: 'manual' });
}

/** Pull the session token the app embedded in its shell page. */
export function bootstrapFrom(html: string): { token: string; expiresAt: string; path: string } {
  const match = /<script id="app-bootstrap" type="application\/json">([\s\S]*?)<\/script>/.exec(html);
  if (!match?.[1]) throw new Error(`no app bootstrap in page:\n${html.slice(0, 500)}`);
  return JSON.parse(match[1]) as { token: string; expiresAt: string; path: string };
}

/** Install then load as `userId`; returns the session token for API calls. */
export async function openApp(
  h: Harness,
  storeHash: string,
  userId: number,
  deepLink?: string,
): Promise<string> {
  const res = await fetch(await h.sim.loadUrl(storeHash, userId, deepLink));
  const html = await res.text();
  if (res.status !== 200) throw new Error(`load failed ${res.status}: ${html.slice(0, 300)}`);
  return bootstrapFrom(html).token;
}

export function api(
  h: Harness,
  token: string | null,
  pathname: string,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(`${h.appUrl}${pathname}`, {
    ...init,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) },
  });
}

/** Install the store, open the app as its owner and return a session token. */
export async function ownerSession(h: Harness, storeHash = 'demo7x3', ownerId = 7654321): Promise<string> {
  const res = await installStore(h, storeHash);
  if (res.status !== 200) throw new Error(`install failed ${res.status}`);
  return openApp(h, storeHash, ownerId);
}

export function jsonRequest(h: Harness, token: string, method: string, pathname: string, body?: unknown) {
  return api(h, token, pathname, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A PUT /api/connection body for the sandbox IOM, with overrides. */
export function sandboxConnectionBody(h: Harness, overrides: Record<string, unknown> = {}) {
  return {
    environmentUrl: h.iom.environmentUrl,
    tenantId: h.iom.credentials.tenantId,
    clientId: h.iom.credentials.clientId,
    clientSecret: h.iom.credentials.clientSecret,
    intakeMode: 'dataverse',
    ...overrides,
  };
}
