import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OrderDetailResponse } from '../../server/http/api-types';
import { OUTBOUND_ORDER_JOB, outboundJobKey } from '../../server/relay/outbound-job';
import type { OutboundRecord } from '../../server/storage/types';
import { eventually } from '../helpers/eventually';
import { api, type Harness } from '../helpers/harness';
import { expectOk, startSyncingHarness, STORE, waitForLink } from '../helpers/relay';
import {
  requireBuiltServer,
  startWorkerProcess,
  workerEnv,
  type ServerProcess,
} from '../helpers/worker-process';

/**
 * The outbound relay's exactly-once promise across a crash: a real `ROLE=worker` child of the built
 * server is SIGKILLed after BigCommerce stored the shipment it POSTed and before the response reached
 * it (so its outbound record still says "pending"); a restarted worker adopts that shipment instead of
 * creating a second one.
 */

jest.setTimeout(75_000);

/** The runner's default lease (server/relay/runner.ts). No env setting shortens it for a child process,
 *  so the takeover waits for it. */
const LEASE_MS = 30_000;

let children: ServerProcess[] = [];
let harness: Harness | null = null;
let dir: string | null = null;

beforeAll(() => requireBuiltServer());

afterEach(async () => {
  if (harness) harness.sim.knobs.onShipmentCreated = undefined;
  await Promise.all(children.map((c) => c.stop('SIGKILL')));
  children = [];
  await harness?.close();
  harness = null;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
});

async function worker(name: string, env: Record<string, string>): Promise<ServerProcess> {
  const p = await startWorkerProcess(name, env);
  children.push(p);
  return p;
}

describe('outbound relay across a worker crash', () => {
  it('a worker SIGKILLed between the BigCommerce shipment write and recording it: the next worker adopts the shipment, none is created twice', async () => {
    const started = Date.now();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iom-outbound-crash-'));
    const key = randomBytes(32).toString('base64');
    const storage = { SQLITE_PATH: path.join(dir, 'connector.db') };
    const { h, token } = await startSyncingHarness({ env: { ROLE: 'web', APP_SECRET_KEY: key, ...storage } });
    harness = h;
    const env = workerEnv(h, key, storage, { WORKER_CONCURRENCY: '2' });
    const first = await worker('worker-1', env);

    const order = h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-GRY', quantity: 2 }] });
    const link = await waitForLink(h, order.id, (l) => l?.syncState === 'synced', 20_000);
    const salesOrderId = link!.iomSalesOrderId!;
    const fo = h.iom.operator.createFulfillmentOrder(salesOrderId);
    h.iom.operator.ship(fo.fulfillmentOrderId, { carrier: 'UPS', trackingNumber: '1ZCRASH0001' });

    // The moment BigCommerce has stored the shipment, the worker that asked for it dies; the response
    // is held until it is gone, so it never learns the shipment's id.
    let killedAt = 0;
    let createdId = 0;
    h.sim.knobs.onShipmentCreated = (storeHash, orderId, shipment) => {
      if (storeHash !== STORE || orderId !== order.id || killedAt !== 0) return;
      createdId = shipment.id;
      first.child.kill('SIGKILL');
      killedAt = Date.now();
      return first.exited.then(() => undefined);
    };
    await h.deps.storage.jobs.enqueue(
      {
        storeHash: STORE,
        kind: OUTBOUND_ORDER_JOB,
        key: outboundJobKey(order.id),
        payload: { orderId: order.id, reason: 'test' },
      },
      new Date(),
    );
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(killedAt).not.toBe(0);
    h.sim.knobs.onShipmentCreated = undefined;

    // The crash window: BigCommerce has the shipment, the record only says it was pending.
    expect(h.sim.inspect.shipments(STORE, order.id).map((s) => s.id)).toEqual([createdId]);
    const crashed = await h.deps.storage.outbound.get(STORE, order.id);
    expect(Object.keys(crashed?.pending ?? {})).toHaveLength(1);
    expect(crashed?.shipments).toEqual({});
    const iomShipmentId = Object.keys(crashed!.pending)[0]!;
    const job = await h.deps.storage.jobs.get(STORE, OUTBOUND_ORDER_JOB, outboundJobKey(order.id));
    expect(job?.state).toBe('running');
    const leaseExpiresAt = Date.parse(job!.dueAt!);
    expect(leaseExpiresAt - killedAt).toBeLessThanOrEqual(LEASE_MS);

    const second = await worker('worker-2', env);
    const record: OutboundRecord | null = await eventually(
      () => h.deps.storage.outbound.get(STORE, order.id),
      (r) => r?.shipments[iomShipmentId] !== undefined,
      { timeoutMs: LEASE_MS + 10_000, intervalMs: 200 },
    );
    const recoveredAt = Date.now();
    expect(recoveredAt).toBeGreaterThanOrEqual(leaseExpiresAt);

    // Exactly one BigCommerce shipment for the IOM package, and the record links it.
    const shipments = h.sim.inspect.shipments(STORE, order.id);
    expect(shipments.map((s) => [s.id, s.tracking_number])).toEqual([[createdId, '1ZCRASH0001']]);
    expect(h.sim.inspect.writes(STORE).shipmentsCreated).toBe(1);
    expect(record!.shipments[iomShipmentId]).toMatchObject({
      bigcommerceShipmentIds: [createdId],
      byHand: false,
      trackingNumber: '1ZCRASH0001',
    });
    expect(record!.pending).toEqual({});

    await eventually(
      () => h.deps.storage.jobs.get(STORE, OUTBOUND_ORDER_JOB, outboundJobKey(order.id)),
      (j) => j?.state === 'idle',
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    const detail = (await expectOk(api(h, token, `/api/orders/${order.id}`))) as OrderDetailResponse;
    const outboundTypes = detail.timeline.filter((e) => e.direction === 'outbound').map((e) => e.type);
    expect(outboundTypes).toContain('shipment.recovered');
    expect(outboundTypes).not.toContain('shipment.created');
    expect(
      second.logLines().filter((l) => l.msg === 'job crashed' && l.jobKey === outboundJobKey(order.id)),
    ).toEqual([]);

    console.log(
      `outbound crash test: lease expired ${leaseExpiresAt - killedAt} ms after the kill; recovered ${recoveredAt - leaseExpiresAt} ms after the lease; total ${recoveredAt - started} ms`,
    );
  });
});
