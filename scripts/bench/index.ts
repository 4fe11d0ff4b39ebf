import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { WEBHOOK_SECRET_HEADER } from '../../server/bigcommerce/webhooks';
import { clientDirs } from '../../server/compose';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';
import { startRuntime } from '../../server/runtime';
import { outboundLatency } from './outbound-bench';
import { processBurst, startProcessRig } from './process-rig';
import { backfillQuotaShare, burst, startRelayRig, type BurstResult } from './relay-bench';

/**
 * `npm run bench`: throughput and latency of the app's hot paths over real loopback sockets, each
 * reported as a ratio to a baseline measured in the same run (GET /healthz: the HTTP stack alone), so
 * numbers compare across machines. Bounded: a fixed number of requests, loopback only.
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const CONCURRENCY = 16;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const STORE = 'bench01';
/** BENCH_ONLY=http,e2e,outbound,process,backfill runs only the named parts (default: all). */
const ONLY = process.env.BENCH_ONLY?.split(',').map((part) => part.trim());
const selected = (part: 'http' | 'e2e' | 'outbound' | 'process' | 'backfill') => !ONLY || ONLY.includes(part);

interface Result {
  name: string;
  perSecond: number;
  ratio: number;
  p50: number;
  p95: number;
  p99: number;
}

interface Path {
  name: string;
  send: () => Promise<Response>;
}

/** Requests per second and latencies of one path over `requests` requests, CONCURRENCY at a time. */
async function measure(path: Path, requests: number): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests) {
        const i = next++;
        const t = performance.now();
        const res = await path.send();
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${path.name}: request ${i} answered ${res.status}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, latencies };
}

/**
 * Every path in ROUNDS rounds, the paths taking turns within each round, so a slow spell of the
 * machine (a shared VM's neighbour, a GC-heavy moment) hits all paths alike. A path's ratio is the
 * median over rounds of its throughput divided by the baseline's in the same round.
 */
async function measureInterleaved(paths: Path[]): Promise<Result[]> {
  for (const path of paths) await measure(path, 300); // warm-up (JIT, caches)
  const perRound = Math.ceil(REQUESTS / ROUNDS);
  const runs = paths.map(() => ({ seconds: 0, latencies: [] as number[], ratios: [] as number[] }));
  for (let round = 0; round < ROUNDS; round++) {
    let baselinePerSecond = 0;
    for (const [i, path] of paths.entries()) {
      const { seconds, latencies } = await measure(path, perRound);
      const run = runs[i]!;
      run.seconds += seconds;
      run.latencies.push(...latencies);
      if (i === 0) baselinePerSecond = perRound / seconds;
      run.ratios.push(perRound / seconds / baselinePerSecond);
    }
  }
  return paths.map((path, i) => {
    const run = runs[i]!;
    const sorted = [...run.latencies].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return {
      name: path.name,
      perSecond: run.latencies.length / run.seconds,
      ratio: median(run.ratios),
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
    };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  if (selected('http')) await httpBench();
  if (process.env.BENCH_RELAY !== '0') await relayBench();
}

async function httpBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iom-bench-'));
  const config = loadConfig({
    PORT: '3999',
    BC_CLIENT_ID: 'bench',
    BC_CLIENT_SECRET: 'bench-secret',
    SQLITE_PATH: path.join(dir, 'bench.db'),
    APP_SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    // The HTTP paths alone: no worker picks up the jobs the webhooks enqueue.
    ROLE: 'web',
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

  // The baseline: a bare express handler answering 200, in this process, on loopback.
  const bare = express();
  bare.post('/bare', (_req, res) => res.status(200).end());
  const bareServer = await new Promise<http.Server>((resolve) => {
    const server = bare.listen(0, '127.0.0.1', () => resolve(server));
  });
  const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/bare`;

  const webhook = (scope: string, orderId: number, hash: string) =>
    fetch(`${base}/webhooks/bigcommerce`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [WEBHOOK_SECRET_HEADER]: secret },
      body: JSON.stringify({
        scope,
        store_id: '1',
        producer: `stores/${STORE}`,
        hash,
        created_at: 1_700_000_000,
        data: { type: 'order', id: orderId },
      }),
    });
  let fresh = 0;
  let repeat = 0;
  const paths: Path[] = [
    {
      name: 'bare express POST answering 200 (baseline)',
      send: () => fetch(bareUrl, { method: 'POST', body: '{}' }),
    },
    { name: 'GET /healthz', send: () => fetch(`${base}/healthz`) },
    {
      name: 'GET /api/session (verify token + 2 reads)',
      send: () => fetch(`${base}/api/session`, { headers: { Authorization: `Bearer ${session.token}` } }),
    },
    {
      name: 'POST /webhooks/bigcommerce, a new order each (verify, enqueue, receipt, event)',
      send: () => {
        fresh++;
        return webhook('store/order/created', 100_000 + fresh, `new-${fresh}`);
      },
    },
    {
      name: 'POST /webhooks/bigcommerce, 500 orders changing again and again (queued jobs coalesce)',
      send: () => {
        repeat++;
        return webhook('store/order/updated', 1000 + (repeat % 500), `bench-${repeat}`);
      },
    },
  ];
  const results = await measureInterleaved(paths);
  console.log(
    `\nIOM Connector bench — ${REQUESTS} requests per path in ${ROUNDS} interleaved rounds, ${CONCURRENCY} concurrent, SQLite, loopback\n`,
  );
  console.log('| path | req/s | ratio to baseline (median of rounds) | p50 ms | p95 ms | p99 ms |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.perSecond.toFixed(0)} | ${r.ratio.toFixed(2)} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.p99.toFixed(2)} |`,
    );
  }
  await runtime.stop(1000);
  bareServer.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

const BURST = Number(process.env.BENCH_BURST ?? 500);
// The full burst runs against the built server as its own process (its memory alone is measured).
const BIG_BURST = Number(process.env.BENCH_BIG_BURST ?? 10_000);
const BACKFILL = Number(process.env.BENCH_BACKFILL ?? 1_000);
const OUTBOUND = Number(process.env.BENCH_OUTBOUND ?? 50);

/** The relay's benches, each against fresh simulators (SQLite). */
async function relayBench(): Promise<void> {
  if (selected('e2e')) await endToEndBench();
  if (OUTBOUND > 0 && selected('outbound')) await outboundBench();
  if (BIG_BURST > 0 && selected('process')) await processBench();
  if (BACKFILL > 0 && selected('backfill')) await backfillBench();
}

/** End to end, webhook → sales order in the simulated IOM, as the demo runs (SQLite, both simulators). */
async function endToEndBench(): Promise<void> {
  console.log(
    `\nEnd to end: BigCommerce order placed → IOM sales order (quota raised to measure the relay itself)\n`,
  );
  console.log(
    '| run | orders | orders/s | p50 ms | p99 ms | BC calls/order | Dataverse writes/order | Dataverse calls/order | peak RSS MB |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const row = (name: string, r: BurstResult) =>
    console.log(
      `| ${name} | ${r.orders} | ${r.ordersPerSecond.toFixed(1)} | ${r.p50Ms.toFixed(0)} | ${r.p99Ms.toFixed(0)} | ${r.bigcommerceCallsPerOrder.toFixed(3)} | ${r.dataverseWritesPerOrder.toFixed(3)} | ${r.dataverseCallsPerOrder.toFixed(3)} | ${r.peakRssMb.toFixed(0)} |`,
    );
  for (const latencyMs of [0, 50]) {
    const rig = await startRelayRig();
    try {
      rig.bc.knobs.apiRequestsPerWindow = 1_000_000;
      rig.bc.knobs.latencyMs = latencyMs;
      rig.iom.knobs.latencyMs = latencyMs;
      await burst(rig, 20, { spacingMs: 20 }); // warm caches (token, master data, SKUs)
      row(
        `one at a time (every 20 ms), ${latencyMs} ms per external call`,
        await burst(rig, 100, { spacingMs: 20 }),
      );
      row(`burst, ${latencyMs} ms per external call`, await burst(rig, BURST));
    } finally {
      await rig.close();
    }
  }
}

async function outboundBench(): Promise<void> {
  console.log('\nOutbound: IOM fulfills and ships an order → its shipment is on the BigCommerce order\n');
  console.log(
    '| trigger | shipments | p50 ms | p99 ms | BC writes/shipment | Dataverse reads/shipment | Dataverse rows changed/shipment |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const runs = [
    {
      mode: 'push',
      shipmentsSetStatus: true,
      name: 'push (POST /iom/events), the store sets Shipped itself',
    },
    { mode: 'push', shipmentsSetStatus: false, name: 'push, the relay sets the status (a second write)' },
    { mode: 'poll', shipmentsSetStatus: true, name: 'poll (change tracking, every 5 s)' },
  ] as const;
  for (const run of runs) {
    const rig = await startRelayRig();
    try {
      const r = await outboundLatency(rig, run.mode, OUTBOUND, {
        shipmentsSetStatus: run.shipmentsSetStatus,
      });
      console.log(
        `| ${run.name} | ${r.shipments} | ${r.p50Ms.toFixed(0)} | ${r.p99Ms.toFixed(0)} | ${r.bigcommerceWritesPerShipment.toFixed(2)} | ${r.dataverseReadsPerShipment.toFixed(2)} | ${r.changedRowsPerShipment} |`,
      );
    } finally {
      await rig.close();
    }
  }
}

async function processBench(): Promise<void> {
  const rig = await startProcessRig();
  try {
    rig.bc.knobs.apiRequestsPerWindow = 1_000_000;
    const r = await processBurst(rig, BIG_BURST);
    console.log(
      `\nThe app alone (node dist/server/main.js, its own process; simulators in the bench process)\n`,
    );
    console.log(
      '| run | orders | seconds | orders/s | peak RSS MB (app) | peak heap MB (app) | CPU ms/order (app) |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    console.log(
      `| burst of ${r.orders} | ${r.orders} | ${r.seconds.toFixed(1)} | ${r.ordersPerSecond.toFixed(1)} | ${r.peakRssMb.toFixed(0)} | ${r.peakHeapMb.toFixed(0)} | ${r.cpuMsPerOrder.toFixed(2)} |`,
    );
  } finally {
    await rig.close();
  }
}

async function backfillBench(): Promise<void> {
  const rig = await startRelayRig();
  try {
    const quota = 1_500;
    const r = await backfillQuotaShare(rig, BACKFILL, quota);
    console.log(
      `\nBackfill of ${BACKFILL} orders at a quota of ${quota} per 30 s: ${r.seconds.toFixed(1)} s, ${(r.share * 100).toFixed(0)}% of the store's quota used, ${r.throttled} × 429`,
    );
  } finally {
    await rig.close();
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
