import { eventually } from '../helpers/eventually';
import type { Harness } from '../helpers/harness';
import {
  outboundSettled,
  placedInIom,
  pollOnce,
  shipAll,
  startOutboundHarness,
} from '../helpers/outbound-triggers';
import { STORE } from '../helpers/relay';

jest.setTimeout(120_000);

/** Requests per 30 s window: less than the 20 orders need with what the inbound relay used before. */
const QUOTA = 100;

/** 429s BigCommerce served the app so far (the client's own count, as backfill-and-burst reads it). */
async function bigcommerce429s(h: Harness): Promise<number> {
  const throttled = await h.deps.metrics.registry.getSingleMetric('iomc_external_throttled_total')?.get();
  return throttled?.values.find((v) => v.labels.api === 'bigcommerce')?.value ?? 0;
}

describe('the outbound relay under a small BigCommerce quota', () => {
  let h: Harness;

  beforeAll(async () => {
    ({ h } = await startOutboundHarness({ env: { IOM_POLL_INTERVAL_S: '3600' } }));
  });
  afterAll(async () => {
    await h.close();
  });

  it('20 orders shipped in IOM at once: every shipment lands exactly once, with at most a handful of 429s', async () => {
    await pollOnce(h); // the baseline
    const orders = [];
    for (let i = 0; i < 20; i++) orders.push(await placedInIom(h, [{ sku: 'MUG-GRY', quantity: 1 }]));
    const ids = orders.map((o) => o.order.id);
    await pollOnce(h); // the sales orders' creation: nothing to write yet
    await outboundSettled(h, ids);

    h.sim.knobs.apiRequestsPerWindow = QUOTA; // below what 20 outbound runs need in one 30 s window
    const writes = h.sim.inspect.writes(STORE);
    const throttledBefore = await bigcommerce429s(h);
    const started = Date.now();
    const requestsFrom = h.sim.inspect.requests.length;
    const recentBefore = h.sim.inspect.requests.filter(
      (r) => r.path.startsWith(`/stores/${STORE}/`) && r.receivedAt > started - 30_000,
    ).length;
    orders.forEach((o, i) => shipAll(h, o.salesOrderId, `1ZQUOTA${String(i).padStart(4, '0')}`));
    await pollOnce(h);
    const counts = await eventually(
      () => ids.map((id) => h.sim.inspect.shipments(STORE, id).length),
      (c) => c.every((n) => n >= 1),
      { timeoutMs: 100_000, intervalMs: 250 },
    );
    await outboundSettled(h, ids, 60_000);
    const requests = h.sim.inspect.requests
      .slice(requestsFrom)
      .filter((r) => r.path.startsWith(`/stores/${STORE}/`));
    console.log(
      `20 outbound orders, ${requests.length} BigCommerce requests (${recentBefore} in the 30 s before) under a ${QUOTA}-request quota: ${Date.now() - started} ms`,
    );
    // The quota was the ceiling: with what the inbound relay used in the 30 s before, more requests
    // than one window allows, so the app had to hold requests back until a reset.
    expect(requests.length + recentBefore).toBeGreaterThan(QUOTA);
    expect(counts).toEqual(ids.map(() => 1));
    expect(ids.map((id) => h.sim.inspect.shipments(STORE, id).length)).toEqual(ids.map(() => 1));
    const after = h.sim.inspect.writes(STORE);
    expect(after.shipmentsCreated - writes.shipmentsCreated).toBe(20);
    expect(after.statusUpdates - writes.statusUpdates).toBe(20);
    expect(ids.map((id) => h.sim.inspect.order(STORE, id)?.status_id)).toEqual(ids.map(() => 2));
    expect((await bigcommerce429s(h)) - throttledBefore).toBeLessThanOrEqual(3);
  });
});
