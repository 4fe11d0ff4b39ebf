import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBigCommerceSimulator, type BigCommerceSimulator } from '../sandbox/bigcommerce';
import { startIomSimulator, type IomSimulator } from '../sandbox/iom';
import { clientDirs, type ClientDirs } from '../../server/compose';
import { loadConfig } from '../../server/config';
import { listen } from '../../server/http/server';
import { createLogger } from '../../server/logger';
import { newBackfill } from '../../server/relay/tasks/backfill';
import { startRuntime, type Runtime } from '../../server/runtime';

export const STORE = 'demo7x3';
export const OWNER = 7654321;

/** The product with both simulators, as the demo runs it, set up to sync (connection, settings). */
export interface RelayRig {
  runtime: Runtime;
  bc: BigCommerceSimulator;
  iom: IomSimulator;
  close(): Promise<void>;
}

export async function startRelayRig(
  dirs: ClientDirs = clientDirs(path.resolve(__dirname, '..', '..')),
): Promise<RelayRig> {
  const app = await listen(null, 0, '127.0.0.1');
  const appUrl = `http://127.0.0.1:${app.port}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const bc = await startBigCommerceSimulator({ appUrl, clientId: 'bench-client', clientSecret });
  const iom = await startIomSimulator();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iom-relay-bench-'));
  const config = loadConfig({
    PORT: String(app.port),
    APP_URL: appUrl,
    BC_CLIENT_ID: 'bench-client',
    BC_CLIENT_SECRET: clientSecret,
    BC_LOGIN_URL: bc.url,
    BC_API_URL: bc.url,
    ENTRA_AUTHORITY_HOST: iom.authorityHost,
    SQLITE_PATH: path.join(dir, 'connector.db'),
    APP_SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    SWEEP_INTERVAL_S: '0',
  });
  const runtime = await startRuntime(config, {
    logger: createLogger('silent'),
    dirs,
    server: app,
    runner: { pollMs: 50 },
  });
  await connectForSync(appUrl, bc, iom);
  return {
    runtime,
    bc,
    iom,
    close: async () => {
      await runtime.stop(1_000);
      await bc.close();
      await iom.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Installs the app on the store, loads it, connects IOM and turns sync on, all through HTTP. */
export async function connectForSync(
  appUrl: string,
  bc: BigCommerceSimulator,
  iom: IomSimulator,
): Promise<void> {
  const install = await fetch(bc.beginInstall(STORE), { redirect: 'manual' });
  if (install.status !== 200) throw new Error(`install failed: ${install.status}`);
  const shell = await (await fetch(await bc.loadUrl(STORE, OWNER))).text();
  const token = (
    JSON.parse(
      /<script id="app-bootstrap" type="application\/json">([\s\S]*?)<\/script>/.exec(shell)![1]!,
    ) as { token: string }
  ).token;
  const call = async (method: string, pathname: string, body?: unknown) => {
    const res = await fetch(`${appUrl}${pathname}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${await res.text()}`);
  };
  await call('PUT', '/api/connection', {
    environmentUrl: iom.environmentUrl,
    ...iom.credentials,
    intakeMode: 'dataverse',
  });
  await call('POST', '/api/connection/test');
  await call('PUT', '/api/settings', {
    syncEnabled: true,
    defaultAccountId: iom.catalog.accountId,
    priceListId: iom.catalog.priceLevelId,
    unmappedSkuPolicy: 'write-in',
  });
}

export interface BurstResult {
  orders: number;
  seconds: number;
  ordersPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  bigcommerceCallsPerOrder: number;
  dataverseWritesPerOrder: number;
  dataverseCallsPerOrder: number;
  peakRssMb: number;
}

/**
 * Place `count` orders (their webhooks arrive as BigCommerce sends them) and time each from placing to
 * its link being synced; count the external calls the relay made for them.
 */
export async function burst(
  rig: RelayRig,
  count: number,
  opts: { spacingMs?: number } = {},
): Promise<BurstResult> {
  const { bc, iom, runtime } = rig;
  const storage = runtime.deps.storage;
  const bcBefore = bc.inspect.requests.filter((r) => r.path.startsWith(`/stores/${STORE}/`)).length;
  const iomBefore = iom.inspect.requests.filter((r) => r.path.includes('/api/data/')).length;
  const writesBefore = iom.inspect.requests.filter(
    (r) => r.path.includes('/api/data/') && r.method !== 'GET',
  ).length;
  const placedAt = new Map<number, number>();
  let peakRss = process.memoryUsage().rss;
  const started = performance.now();
  const placing = (async () => {
    for (let i = 0; i < count; i++) {
      const [order] = bc.placeOrders(STORE, 1);
      placedAt.set(order!.id, Date.now());
      if (opts.spacingMs) await new Promise((resolve) => setTimeout(resolve, opts.spacingMs));
      else if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  const deadline = Date.now() + 20 * 60_000;
  let synced = 0;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (placedAt.size < count) continue;
    const ids = [...placedAt.keys()];
    const counts = await storage.orderLinks.countByStateInRange(STORE, Math.min(...ids), Math.max(...ids));
    synced = counts.synced;
    if (synced >= count) break;
  }
  await placing;
  const seconds = (performance.now() - started) / 1000;
  if (synced < count) throw new Error(`only ${synced} of ${count} orders were synced`);
  // Latency per order: from placing it to the timeline's "sales order created" (both on this clock).
  const values: number[] = [];
  for (const [id, at] of placedAt) {
    const events = await storage.events.listForOrder(STORE, id, { limit: 50 });
    const created = events.items.find((e) => e.type === 'salesorder.created');
    if (created) values.push(Date.parse(created.at) - at);
  }
  values.sort((a, b) => a - b);
  // Let the batched metafield write-back finish before counting BigCommerce calls.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0;
  const bcCalls = bc.inspect.requests.filter((r) => r.path.startsWith(`/stores/${STORE}/`)).length - bcBefore;
  const dvCalls = iom.inspect.requests.filter((r) => r.path.includes('/api/data/')).length - iomBefore;
  const dvWrites =
    iom.inspect.requests.filter((r) => r.path.includes('/api/data/') && r.method !== 'GET').length -
    writesBefore;
  return {
    orders: count,
    seconds,
    ordersPerSecond: count / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    bigcommerceCallsPerOrder: bcCalls / count,
    dataverseWritesPerOrder: dvWrites / count,
    dataverseCallsPerOrder: dvCalls / count,
    peakRssMb: peakRss / 1024 / 1024,
  };
}

/**
 * A backfill of `count` existing orders at the store's quota: the share of the quota it used while
 * it ran (BigCommerce requests / what the windows allowed), and the 429s it met.
 */
export async function backfillQuotaShare(
  rig: RelayRig,
  count: number,
  quota: number,
): Promise<{ seconds: number; share: number; throttled: number }> {
  const { bc, runtime } = rig;
  bc.knobs.webhooksPaused = true;
  bc.knobs.apiRequestsPerWindow = quota;
  const from = new Date(Date.now() - 1_000).toISOString();
  const orders = bc.placeOrders(STORE, count);
  const before = bc.inspect.requests.filter((r) => r.path.startsWith(`/stores/${STORE}/`)).length;
  const throttledBefore = await throttledCount(rig);
  const started = performance.now();
  await runtime.deps.storage.jobs.enqueue(
    {
      storeHash: STORE,
      kind: 'store.backfill',
      key: 'backfill',
      lane: 'bulk',
      payload: newBackfill(from, new Date().toISOString(), new Date()),
    },
    new Date(),
  );
  const last = orders[orders.length - 1]!.id;
  for (;;) {
    const link = await runtime.deps.storage.orderLinks.get(STORE, last);
    if (link?.syncState === 'synced') {
      const counts = await runtime.deps.storage.orderLinks.countByStateInRange(STORE, orders[0]!.id, last);
      if (counts.synced === count) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const seconds = (performance.now() - started) / 1000;
  const used = bc.inspect.requests.filter((r) => r.path.startsWith(`/stores/${STORE}/`)).length - before;
  const allowed = (seconds / 30) * quota;
  bc.knobs.webhooksPaused = false;
  return { seconds, share: used / allowed, throttled: (await throttledCount(rig)) - throttledBefore };
}

async function throttledCount(rig: RelayRig): Promise<number> {
  const metric = await rig.runtime.deps.metrics.registry
    .getSingleMetric('iomc_external_throttled_total')
    ?.get();
  return metric?.values.find((v) => v.labels.api === 'bigcommerce')?.value ?? 0;
}
