import type { OrdersResponse } from '../../server/http/api-types';
import type { DashboardResponse } from '../../server/http/dashboard-api-types';
import { api, jsonRequest, ownerSession, type Harness } from '../helpers/harness';
import { expectOk, placeSyncedOrder, startSyncingHarness } from '../helpers/relay';

jest.setTimeout(60_000);

/** GET /api/dashboard and the order list's date range, over real sockets against the simulators. */
describe('the dashboard API and the order list by creation date', () => {
  let h: Harness;
  let token: string;
  const placed: number[] = [];

  beforeAll(async () => {
    ({ h, token } = await startSyncingHarness({ settings: { outbound: { pollIntervalSeconds: 3600 } } }));
    for (let i = 0; i < 3; i++) {
      const { order } = await placeSyncedOrder(h, { lines: [{ sku: 'MUG-GRY', quantity: 1 + i }] });
      placed.push(order.id);
    }
  });
  afterAll(() => h.close());

  const dashboard = async (query = '') =>
    (await expectOk(api(h, token, `/api/dashboard${query}`))) as DashboardResponse;

  it('counts the orders relayed today and puts them in the current hour and day', async () => {
    const body = await dashboard('?tz=Europe/Berlin');
    expect(body.timeZone).toBe('Europe/Berlin');
    expect(body.syncEnabled).toBe(true);
    expect(body.connection).toMatchObject({ state: 'connected', lastTest: { ok: true } });
    expect(body.counts).toEqual({ queued: 0, syncedToday: 3, needsAttention: 0, shipmentsToday: 0 });
    expect(body.series.hourly).toHaveLength(24);
    expect(body.series.daily).toHaveLength(30);
    expect(body.series.hourly.at(-1)!.count).toBe(3);
    expect(body.series.hourly.slice(0, -1).every((p) => p.count === 0)).toBe(true);
    expect(body.series.daily.at(-1)!.count).toBe(3);
    expect(body.lastOrder).toMatchObject({ orderId: Math.max(...placed), state: 'synced' });
    // The installed store's order webhooks are registered and active in the BigCommerce simulator.
    expect(body.webhooks).toMatchObject({ state: 'active', active: 5, expected: 5, missing: [] });
    expect(body.webhooks.lastReceivedOrderId).toBe(Math.max(...placed));
    expect(body.recent.length).toBeGreaterThan(0);
    expect(body.recent[0]!.orderId).toBe(Math.max(...placed));
    expect(body.recent.map((e) => e.at)).toEqual([...body.recent.map((e) => e.at)].sort().reverse());
  });

  it('says when syncing is off, and refuses an unknown time zone naming the field', async () => {
    await expectOk(jsonRequest(h, token, 'PUT', '/api/settings', { syncEnabled: false }));
    try {
      expect((await dashboard()).syncEnabled).toBe(false);
    } finally {
      await expectOk(jsonRequest(h, token, 'PUT', '/api/settings', { syncEnabled: true }));
    }
    const res = await api(h, token, '/api/dashboard?tz=Mars/Olympus');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { fields: Array<{ field: string }> } };
    expect(body.error.fields.map((f) => f.field)).toEqual(['tz']);
  });

  it("shows another store nothing of this store's orders", async () => {
    const other = await ownerSession(h, 'othr9k2', 1111111);
    const body = (await expectOk(api(h, other, '/api/dashboard'))) as DashboardResponse;
    expect(body.counts.syncedToday).toBe(0);
    expect(body.connection.state).toBe('not_connected');
    expect(body.lastOrder).toBeNull();
    expect(body.recent).toEqual([]);
  });

  it('lists orders created in a date range, page by page, and refuses a bad range with error.fields', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const list = async (query: string) =>
      (await expectOk(api(h, token, `/api/orders?${query}`))) as OrdersResponse;

    const first = await list(`from=${today}&to=${today}&limit=2`);
    expect(first.orders.map((o) => o.orderId)).toEqual([placed[2], placed[1]]);
    expect(first.next).not.toBeNull();
    const second = await list(`from=${today}&to=${today}&limit=2&after=${encodeURIComponent(first.next!)}`);
    expect(second.orders.map((o) => o.orderId)).toEqual([placed[0]]);
    expect(second.next).toBeNull();
    expect((await list(`to=${yesterday}`)).orders).toEqual([]);
    expect((await list(`from=${today}&state=needs_attention`)).orders).toEqual([]);
    expect((await list(`q=${placed[0]}&to=${yesterday}`)).orders).toEqual([]);

    const bad = await api(h, token, `/api/orders?from=yesterday&to=${yesterday}`);
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { error: { message: string; fields: Array<{ field: string }> } };
    expect(badBody.error.fields.map((f) => f.field)).toEqual(['from']);
    const reversed = await api(h, token, `/api/orders?from=${today}&to=${yesterday}`);
    expect(reversed.status).toBe(400);
    expect(((await reversed.json()) as { error: { fields: unknown } }).error.fields).toEqual([
      { field: 'from', message: 'must not be after "to"' },
    ]);
  });

  it('refuses a backfill with a date that is not one, naming the field', async () => {
    const res = await jsonRequest(h, token, 'POST', '/api/backfill', { from: 'last spring' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; fields: Array<{ field: string }> } };
    expect(body.error.fields.map((f) => f.field)).toEqual(['from']);
    expect(body.error.message).toMatch(/^The backfill request is not valid: from must be an ISO-8601 date/);
  });
});
