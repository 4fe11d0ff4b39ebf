import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ORDER_SYNC_JOB, orderJobKey } from '../../server/relay/tasks/sync-order';
import type { OrderDetailResponse } from '../../server/http/api-types';
import type { JobRecord, OrderLinkRecord } from '../../server/storage/types';
import { eventually } from '../helpers/eventually';
import { startFirestoreEmulator, type FirestoreEmulator } from '../helpers/firestore-emulator';
import { api, jsonRequest, type Harness } from '../helpers/harness';
import { expectOk, salesOrdersFor, startSyncingHarness, STORE } from '../helpers/relay';
import {
  onIomRequest,
  requireBuiltServer,
  salesOrderWriteFor,
  startWorkerProcess,
  workerEnv,
  type ServerProcess,
} from '../helpers/worker-process';

/**
 * The relay split over real processes: the web part in this process (the harness, ROLE=web), one or
 * more `ROLE=worker` children of the built server (dist/server/main.js) sharing its storage, and the
 * BigCommerce and IOM simulators in this process, all over real sockets.
 */

jest.setTimeout(90_000);

/** The runner's default lease (server/relay/runner.ts); there is no setting for it, so it applies. */
const LEASE_MS = 30_000;

let children: ServerProcess[] = [];
let harness: Harness | null = null;
let emulator: FirestoreEmulator | null = null;
let dirs: string[] = [];

beforeAll(() => requireBuiltServer());

afterEach(async () => {
  const logDir = process.env.WORKER_LOG_DIR;
  if (logDir) {
    fs.mkdirSync(logDir, { recursive: true });
    for (const c of children) fs.writeFileSync(path.join(logDir, `${c.name}.log`), c.out() + c.err());
    if (harness) fs.writeFileSync(path.join(logDir, 'web.log'), harness.logs.join('\n'));
  }
  await Promise.all(children.map((c) => c.stop('SIGKILL')));
  children = [];
  await harness?.close();
  harness = null;
  emulator?.stop();
  emulator = null;
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

async function worker(name: string, env: Record<string, string>): Promise<ServerProcess> {
  const p = await startWorkerProcess(name, env);
  children.push(p);
  return p;
}

/** A worker's log lines that say a job crashed or lost its lease, as `message: error`. */
function troubles(p: ServerProcess): string[] {
  return p
    .logLines()
    .filter((l) => l.msg === 'job crashed' || l.msg === 'lost the lease of a running job; aborting it')
    .map(
      (l) =>
        `${p.name} ${String(l.jobKey)}: ${String(l.msg)}: ${String((l.err as { message?: string })?.message ?? '')}`,
    );
}

/** How many order.sync jobs are in each state (shows a runner that stopped claiming due jobs). */
async function syncJobStates(h: Harness): Promise<Record<string, number>> {
  const page = await h.deps.storage.jobs.listForStore(STORE, { limit: 500 });
  const counts: Record<string, number> = {};
  for (const job of page.items.filter((j) => j.kind === ORDER_SYNC_JOB))
    counts[job.state] = (counts[job.state] ?? 0) + 1;
  return counts;
}

/** Every order's link, read from the shared storage. */
async function links(h: Harness, orderIds: number[]): Promise<Array<OrderLinkRecord | null>> {
  return Promise.all(orderIds.map((id) => h.deps.storage.orderLinks.get(STORE, id)));
}

/** The number of sales-order writes (keyed upserts or creates) IOM received, per BigCommerce order. */
function writesPerOrder(h: Harness): Map<number, number> {
  const counts = new Map<number, number>();
  for (const request of h.iom.inspect.requests) {
    const orderId = salesOrderWriteFor(request, STORE);
    if (orderId !== null) counts.set(orderId, (counts.get(orderId) ?? 0) + 1);
  }
  return counts;
}

/** Random orders may sell GIFT-CARD-BOX, which the sandbox IOM has no product for: map it. */
async function mapGiftBox(h: Harness, token: string): Promise<void> {
  const tote = h.iom.catalog.products.find((p) => p.sku === 'TOTE-NAT')!;
  await expectOk(
    jsonRequest(h, token, 'PUT', '/api/mappings/sku/GIFT-CARD-BOX', { productId: tote.productId }),
  );
}

describe('ROLE=worker child processes', () => {
  it('a worker SIGKILLed while its sales-order write is in flight: the job is taken over after the lease, once', async () => {
    const started = Date.now();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iom-workers-sqlite-'));
    dirs.push(dir);
    const key = randomBytes(32).toString('base64');
    const storage = { SQLITE_PATH: path.join(dir, 'connector.db') };
    const { h, token } = await startSyncingHarness({ env: { ROLE: 'web', APP_SECRET_KEY: key, ...storage } });
    harness = h;
    const env = workerEnv(h, key, storage, { WORKER_CONCURRENCY: '4' });
    const first = await worker('worker-1', env);

    // The first sales-order write for the target order makes IOM slow from then on: that write (and
    // whatever else is in flight) is answered only after SLOW_MS, so the worker dies with it unanswered.
    const SLOW_MS = 6_000;
    let targetId = 0;
    let writeSeenAt = 0;
    const unhook = onIomRequest(h, (request) => {
      if (writeSeenAt === 0 && targetId !== 0 && salesOrderWriteFor(request, STORE) === targetId) {
        writeSeenAt = Date.now();
        h.iom.knobs.latencyMs = SLOW_MS;
      }
    });
    const target = h.sim.placeOrder(STORE, {
      lines: [
        { sku: 'MUG-GRY', quantity: 2 },
        { sku: 'TOTE-NAT', quantity: 1 },
      ],
    });
    targetId = target.id;
    const others = [
      h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-WHT', quantity: 1 }] }),
      h.sim.placeOrder(STORE, { lines: [{ sku: 'POSTER-A3-SEA', quantity: 3 }] }),
      h.sim.placeOrder(STORE, { lines: [{ sku: 'TOTE-NAT', quantity: 2 }] }),
    ];
    const orderIds = [target.id, ...others.map((o) => o.id)];

    // The worker has claimed the target's job and its write is at IOM, unanswered.
    const claimed: JobRecord | null = await eventually(
      () => h.deps.storage.jobs.get(STORE, ORDER_SYNC_JOB, orderJobKey(target.id)),
      (job) => job?.state === 'running' && writeSeenAt !== 0,
      { timeoutMs: 15_000, intervalMs: 20 },
    );
    expect(writeSeenAt).not.toBe(0);
    expect(claimed).toMatchObject({
      state: 'running',
      leaseOwner: expect.stringMatching(/^runner-/) as unknown,
    });
    const leaseExpiresAt = Date.parse(claimed!.dueAt!);
    first.child.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(killedAt - writeSeenAt).toBeLessThan(SLOW_MS); // killed before IOM answered the write
    unhook();
    h.iom.knobs.latencyMs = 0; // requests already waiting keep their delay

    const second = await worker('worker-2', env);

    // The write the dead worker sent still lands in IOM, but nothing records it: the job stays the dead
    // worker's until its lease runs out, and the link is not synced.
    const landed = await eventually(
      () => salesOrdersFor(h, target.id),
      (orders) => orders.length > 0,
      { timeoutMs: SLOW_MS + 3_000 },
    );
    expect(landed).toHaveLength(1);
    const meanwhile = await h.deps.storage.jobs.get(STORE, ORDER_SYNC_JOB, orderJobKey(target.id));
    expect(Date.now()).toBeLessThan(leaseExpiresAt);
    expect(meanwhile).toMatchObject({ state: 'running', leaseOwner: claimed!.leaseOwner });
    expect((await h.deps.storage.orderLinks.get(STORE, target.id))?.syncState).not.toBe('synced');

    // After the lease expires the second worker takes the job over and finishes it.
    const synced = await eventually(
      () => links(h, orderIds),
      (all) => all.every((l) => l?.syncState === 'synced'),
      { timeoutMs: LEASE_MS + 15_000, intervalMs: 200 },
    );
    const syncedAt = Date.now();
    const jobs = await eventually(
      () => syncJobStates(h),
      (j) => j.idle === orderIds.length,
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    expect({
      links: synced.map((l) => [l?.orderId, l?.syncState]),
      troubles: troubles(second),
      jobs,
    }).toEqual({
      links: orderIds.map((id) => [id, 'synced']),
      troubles: [],
      jobs: { idle: orderIds.length },
    });
    expect(syncedAt).toBeGreaterThanOrEqual(leaseExpiresAt);
    const targetLink = synced[0]!;
    expect(Date.parse(targetLink.syncedAt!)).toBeGreaterThanOrEqual(leaseExpiresAt);

    // Exactly one sales order per placed order; the target's was written twice and created once.
    for (const id of orderIds) expect([id, salesOrdersFor(h, id).length]).toEqual([id, 1]);
    expect(salesOrdersFor(h, target.id)[0]!.salesOrderId).toBe(targetLink.iomSalesOrderId);
    expect(writesPerOrder(h).get(target.id)).toBe(2);
    const job = await h.deps.storage.jobs.get(STORE, ORDER_SYNC_JOB, orderJobKey(target.id));
    expect(job?.state).toBe('idle');
    const detail = (await expectOk(api(h, token, `/api/orders/${target.id}`))) as OrderDetailResponse;
    const types = detail.timeline.map((e) => e.type);
    expect(types).toContain('salesorder.found');
    expect(types).not.toContain('salesorder.created');

    console.log(
      `SIGKILL test: write in flight ${killedAt - writeSeenAt} ms before the kill; lease expired ${leaseExpiresAt - killedAt} ms after it; ` +
        `all ${orderIds.length} orders synced ${syncedAt - killedAt} ms after the kill (${syncedAt - leaseExpiresAt} ms after the lease); total ${syncedAt - started} ms`,
    );
  });

  it('two workers on one Firestore relay 100 orders, each to exactly one sales order written once', async () => {
    const started = Date.now();
    emulator = await startFirestoreEmulator();
    const key = randomBytes(32).toString('base64');
    const storage = {
      STORAGE: 'firestore',
      FIRESTORE_PROJECT_ID: 'demo-iom-workers',
      FIRESTORE_EMULATOR_HOST: emulator.host,
    };
    const { h, token } = await startSyncingHarness({ env: { ROLE: 'web', APP_SECRET_KEY: key, ...storage } });
    harness = h;
    await mapGiftBox(h, token);
    const env = workerEnv(h, key, storage, { WORKER_CONCURRENCY: '4' });
    const workers = await Promise.all([worker('worker-a', env), worker('worker-b', env)]);
    h.iom.knobs.latencyMs = 20;

    const COUNT = 100;
    const orders = h.sim.placeOrders(STORE, COUNT);
    const orderIds = orders.map((o) => o.id);
    expect(new Set(orderIds).size).toBe(COUNT);
    const placedAt = Date.now();

    const final = await eventually(
      () => links(h, orderIds),
      (all) => all.every((l) => l?.syncState === 'synced'),
      { timeoutMs: 50_000, intervalMs: 1_000 },
    );
    const syncedAt = Date.now();
    const states = new Map<string, number>();
    for (const l of final) states.set(l?.syncState ?? 'none', (states.get(l?.syncState ?? 'none') ?? 0) + 1);
    // A job completes just after its link is written: wait for the last ones to finish.
    const jobs = await eventually(
      () => syncJobStates(h),
      (j) => j.idle === COUNT,
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    expect({
      links: Object.fromEntries(states),
      troubles: workers.flatMap(troubles),
      jobs,
    }).toEqual({ links: { synced: COUNT }, troubles: [], jobs: { idle: COUNT } });

    // Exactly one sales order each in IOM, and each was written exactly once.
    const perOrder = orderIds.map((id) => salesOrdersFor(h, id).length);
    expect(perOrder.filter((n) => n !== 1)).toEqual([]);
    expect(
      h.iom.inspect.salesOrders().filter((o) => o.externalOrderId?.startsWith(`bigcommerce_${STORE}_`)),
    ).toHaveLength(COUNT);
    final.forEach((l, i) =>
      expect(l?.iomSalesOrderId).toBe(salesOrdersFor(h, orderIds[i]!)[0]!.salesOrderId),
    );
    const writes = writesPerOrder(h);
    expect(orderIds.filter((id) => writes.get(id) !== 1).map((id) => [id, writes.get(id) ?? 0])).toEqual([]);

    // Both workers did part of the work: each holds its own token.
    const writers = new Map<string, number>();
    for (const request of h.iom.inspect.requests) {
      if (salesOrderWriteFor(request, STORE) === null) continue;
      const auth = request.headers.authorization ?? '';
      writers.set(auth, (writers.get(auth) ?? 0) + 1);
    }
    expect(writers.size).toBe(2);
    console.log(
      `Firestore test: ${COUNT} orders synced ${syncedAt - placedAt} ms after placing; writes per worker ${[...writers.values()].join(' + ')}; total ${syncedAt - started} ms`,
    );
  });
});
