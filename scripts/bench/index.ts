import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { WEBHOOK_SECRET_HEADER } from '../../server/bigcommerce/webhooks';
import { clientDirs } from '../../server/compose';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';
import { startRuntime } from '../../server/runtime';

/**
 * `npm run bench`: throughput and latency of the app's hot paths over real loopback sockets, each
 * reported as a ratio to a baseline measured in the same run (GET /healthz: the HTTP stack alone), so
 * numbers compare across machines. Bounded: a fixed number of requests, loopback only.
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const CONCURRENCY = 16;
const STORE = 'bench01';

interface Result {
  name: string;
  perSecond: number;
  p50: number;
  p95: number;
}

async function measure(name: string, send: (i: number) => Promise<Response>): Promise<Result> {
  for (let i = 0; i < 300; i++) await (await send(-1 - i)).arrayBuffer(); // warm-up (JIT, caches)
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        const t = performance.now();
        const res = await send(i);
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${name}: request ${i} answered ${res.status}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { name, perSecond: REQUESTS / seconds, p50: at(0.5), p95: at(0.95) };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iom-bench-'));
  const config = loadConfig({
    PORT: '3999',
    BC_CLIENT_ID: 'bench',
    BC_CLIENT_SECRET: 'bench-secret',
    SQLITE_PATH: path.join(dir, 'bench.db'),
    APP_SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
  });
  const runtime = await startRuntime(
    { ...config, port: 0 },
    {
      logger: createLogger('silent'),
      dirs: clientDirs(path.resolve(__dirname, '..', '..')),
      host: '127.0.0.1',
    },
  );
  const deps = runtime.deps;
  const base = runtime.url;
  const secret = randomBytes(32).toString('base64url');
  await deps.storage.stores.saveInstall(
    {
      hash: STORE,
      accessToken: 'bench-token',
      scope: 'store_v2_orders',
      ownerId: 1,
      ownerEmail: 'o@example.com',
      webhookSecret: secret,
    },
    new Date(),
  );
  const owner = await deps.storage.users.upsert(
    { storeHash: STORE, userId: 1, email: 'o@example.com', role: 'owner' },
    new Date(),
  );
  const session = await deps.sessions.issue({
    storeHash: STORE,
    userId: 1,
    sessionVersion: owner.sessionVersion,
  });

  const results: Result[] = [];
  results.push(await measure('GET /healthz (baseline)', () => fetch(`${base}/healthz`)));
  results.push(
    await measure('GET /api/session (verify token + 2 reads)', () =>
      fetch(`${base}/api/session`, { headers: { Authorization: `Bearer ${session.token}` } }),
    ),
  );
  results.push(
    await measure('POST /webhooks/bigcommerce (verify, enqueue, dedupe, event)', (i) =>
      fetch(`${base}/webhooks/bigcommerce`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [WEBHOOK_SECRET_HEADER]: secret },
        body: JSON.stringify({
          scope: 'store/order/updated',
          store_id: '1',
          producer: `stores/${STORE}`,
          hash: `bench-${i}`,
          created_at: 1_700_000_000,
          data: { type: 'order', id: 1000 + (Math.abs(i) % 500) },
        }),
      }),
    ),
  );
  const baseline = results[0]!.perSecond;
  console.log(
    `\nIOM Connector bench — ${REQUESTS} requests each, ${CONCURRENCY} concurrent, SQLite, loopback\n`,
  );
  console.log('| path | req/s | ratio to baseline | p50 ms | p95 ms |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.perSecond.toFixed(0)} | ${(r.perSecond / baseline).toFixed(2)} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} |`,
    );
  }
  await runtime.stop(1000);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error('bench failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
