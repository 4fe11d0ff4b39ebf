import { eventually } from '../helpers/eventually';
import type { Harness } from '../helpers/harness';
import { salesOrdersFor, startSyncingHarness, STORE, waitForLink } from '../helpers/relay';

jest.setTimeout(60_000);

describe('safety nets: the sweep finds what webhooks missed, the health check repairs hooks', () => {
  let h: Harness;

  beforeAll(async () => {
    ({ h } = await startSyncingHarness({
      env: { SWEEP_INTERVAL_S: '1' },
      tuning: { webhookHealthIntervalMs: 300 },
    }));
  });
  afterAll(async () => {
    await h.close();
  });

  it('orders whose webhooks were never delivered are found by the sweep and sent once', async () => {
    h.sim.knobs.webhooksPaused = true;
    try {
      const orders = [1, 2, 3].map(() =>
        h.sim.placeOrder(STORE, { lines: [{ sku: 'TSHIRT-BLK-M', quantity: 1 }] }),
      );
      for (const order of orders) {
        const link = await waitForLink(h, order.id, undefined, 15_000);
        expect(link?.syncState).toBe('synced');
        expect(salesOrdersFor(h, order.id)).toHaveLength(1);
      }
      const events = await h.deps.storage.events.listForOrder(STORE, orders[0]!.id, { limit: 50 });
      expect(events.items.map((e) => e.type)).not.toContain('webhook.received');
      expect(events.items.find((e) => e.type === 'order.read')?.data).toMatchObject({ reason: 'sweep' });
    } finally {
      h.sim.knobs.webhooksPaused = false;
    }
  });

  it('a deactivated order webhook is re-activated by the health check', async () => {
    const token = h.sim.inspect.currentToken(STORE)!;
    const hook = h.sim.inspect.hooks(STORE).find((x) => x.scope === 'store/order/created')!;
    const res = await fetch(`${h.sim.url}/stores/${STORE}/v3/hooks/${hook.id}`, {
      method: 'PUT',
      headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ is_active: false }),
    });
    expect(res.status).toBe(200);
    const repaired = await eventually(
      () => h.sim.inspect.hooks(STORE).find((x) => x.id === hook.id),
      (x) => x?.is_active === true,
      { timeoutMs: 10_000 },
    );
    expect(repaired?.is_active).toBe(true);
    // The repair is recorded on the health check's job (written right after the PUT to BigCommerce).
    const job = await eventually(
      () => h.deps.storage.jobs.get(STORE, 'store.webhook-health', 'hooks'),
      (j) => Array.isArray(j?.payload.repaired),
    );
    expect(job?.payload).toMatchObject({ repaired: ['store/order/created'] });
  });
});
