import { eventually } from '../helpers/eventually';
import { api, jsonRequest, type Harness } from '../helpers/harness';
import { expectOk, startSyncingHarness, STORE } from '../helpers/relay';
import type { BackfillResponse } from '../../server/http/api-types';

jest.setTimeout(180_000);

async function syncedCount(h: Harness, ids: readonly number[]): Promise<number> {
  let synced = 0;
  for (const id of ids)
    if ((await h.deps.storage.orderLinks.get(STORE, id))?.syncState === 'synced') synced++;
  return synced;
}

describe('backfill: historical orders by date range, with progress, cancellable', () => {
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    ({ h, token } = await startSyncingHarness({ settings: { unmappedSkuPolicy: 'write-in' } }));
  });
  afterAll(async () => {
    await h.close();
  });

  it('a backfill of 1,000 orders reports progress and creates 1,000 sales orders', async () => {
    h.sim.knobs.webhooksPaused = true; // the orders exist before the app hears of them
    h.sim.knobs.apiRequestsPerWindow = 100_000; // a store on a large plan: the test need not wait 200 s
    const from = new Date(Date.now() - 60_000).toISOString();
    const orders = h.sim.placeOrders(STORE, 1_000);
    const started = (await expectOk(
      jsonRequest(h, token, 'POST', '/api/backfill', { from }),
    )) as BackfillResponse;
    expect(started.status).toBe('running');
    const midway = await eventually(
      async () => (await expectOk(api(h, token, '/api/backfill'))) as BackfillResponse,
      (p) => p.pages >= 1 && p.synced > 0,
      { timeoutMs: 60_000 },
    );
    expect(midway.seen).toBeGreaterThanOrEqual(250);
    const done = await eventually(
      async () => (await expectOk(api(h, token, '/api/backfill'))) as BackfillResponse,
      (p) => p.status === 'done' && p.synced === 1_000,
      { timeoutMs: 150_000, intervalMs: 500 },
    );
    expect(done).toMatchObject({
      status: 'done',
      seen: 1_000,
      queued: 1_000,
      synced: 1_000,
      failed: 0,
      // Four full pages of 250, then the empty page that says the range is done.
      pages: 5,
    });
    const ids = new Set(orders.map((o) => `bigcommerce_${STORE}_${o.id}`));
    const inIom = h.iom.inspect.salesOrders().filter((o) => o.externalOrderId && ids.has(o.externalOrderId));
    expect(inIom).toHaveLength(1_000);
    expect(new Set(inIom.map((o) => o.externalOrderId)).size).toBe(1_000);
  });

  it('a backfill can be cancelled midway: no further page is read', async () => {
    h.sim.knobs.apiRequestsPerWindow = 1_500; // paced: a page of 250 every ~5.6 s
    const from = new Date(Date.now() - 1_000).toISOString();
    const orders = h.sim.placeOrders(STORE, 600);
    await expectOk(jsonRequest(h, token, 'POST', '/api/backfill', { from }));
    await eventually(
      async () => (await expectOk(api(h, token, '/api/backfill'))) as BackfillResponse,
      (p) => p.pages >= 1,
      { timeoutMs: 30_000 },
    );
    const cancelled = (await expectOk(jsonRequest(h, token, 'DELETE', '/api/backfill'))) as BackfillResponse;
    expect(cancelled.status).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const after = (await expectOk(api(h, token, '/api/backfill'))) as BackfillResponse;
    expect(after.status).toBe('cancelled');
    expect(after.seen).toBeLessThan(600);
    expect(
      await syncedCount(
        h,
        orders.map((o) => o.id),
      ),
    ).toBeLessThan(600);
    const again = await jsonRequest(h, token, 'DELETE', '/api/backfill');
    expect(again.status).toBe(409);
  });
});

const BURST = 1_000;

describe('a burst against the real BigCommerce quota (150 requests per 30 s)', () => {
  let h: Harness;

  beforeAll(async () => {
    ({ h } = await startSyncingHarness({ settings: { unmappedSkuPolicy: 'write-in' } }));
  });
  afterAll(async () => {
    await h.close();
  });

  // 1,000 reads cannot take less than 7 quota windows (about 200 s): the slowest test, on purpose.
  it('1,000 orders at once: every one synced once, at most a handful of 429s', async () => {
    const orders = h.sim.placeOrders(STORE, BURST);
    const ids = orders.map((o) => o.id);
    await eventually(
      () => syncedCount(h, ids),
      (n) => n === BURST,
      { timeoutMs: 300_000, intervalMs: 2_000 },
    );
    expect(await syncedCount(h, ids)).toBe(BURST);
    const wanted = new Set(ids.map((id) => `bigcommerce_${STORE}_${id}`));
    expect(
      h.iom.inspect.salesOrders().filter((o) => o.externalOrderId && wanted.has(o.externalOrderId)),
    ).toHaveLength(BURST);
    const throttled = await h.deps.metrics.registry.getSingleMetric('iomc_external_throttled_total')?.get();
    const bigcommerce429s = throttled?.values.find((v) => v.labels.api === 'bigcommerce')?.value ?? 0;
    expect(bigcommerce429s).toBeLessThanOrEqual(5);
    // The quota was the ceiling: one read per order, never a second (a 429 retried counts once here).
    expect(
      h.sim.inspect.requests.filter((r) => r.path === `/stores/${STORE}/v2/orders/${ids[0]}`).length,
    ).toBe(1);
  }, 330_000);
});
