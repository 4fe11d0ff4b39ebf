import { eventually } from '../helpers/eventually';
import { jsonRequest, ownerSession, sandboxConnectionBody, type Harness } from '../helpers/harness';
import { expectOk, salesOrdersFor, startSyncingHarness, STORE, waitForLink } from '../helpers/relay';

jest.setTimeout(90_000);

describe('relay modes and changes after creation', () => {
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    ({ h, token } = await startSyncingHarness());
  });
  afterAll(async () => {
    await h.close();
  });

  it('a stale or repeated event after the newest state changes nothing', async () => {
    const order = h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });
    await waitForLink(h, order.id);
    const before = (await h.deps.storage.events.listForOrder(STORE, order.id, { limit: 100 })).items.length;
    const now = new Date();
    // An `updated` delivered late (BigCommerce retries out of order): the job re-reads, finds nothing newer.
    await h.deps.storage.jobs.enqueue(
      {
        storeHash: STORE,
        kind: 'order.sync',
        key: `order:${order.id}`,
        payload: { orderId: order.id, reason: 'store/order/updated' },
      },
      now,
    );
    await eventually(
      () => h.deps.storage.jobs.get(STORE, 'order.sync', `order:${order.id}`),
      (j) => j?.state === 'idle',
    );
    const after = (await h.deps.storage.events.listForOrder(STORE, order.id, { limit: 100 })).items.length;
    expect(after).toBe(before);
    expect(salesOrdersFor(h, order.id)).toHaveLength(1);
  });

  it("BigCommerce's later redelivery of a delivered webhook (same hash) runs no new sync", async () => {
    const order = h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-GRY', quantity: 2 }] });
    await waitForLink(h, order.id);
    const delivery = h.sim.inspect.deliveries.find(
      (d) => d.payload.data.id === order.id && d.scope === 'store/order/created' && d.outcome === 'delivered',
    )!;
    const hook = h.sim.inspect.hooks(STORE).find((x) => x.id === delivery.hookId)!;
    const reads = async () =>
      (await h.deps.storage.events.listForOrder(STORE, order.id, { limit: 100 })).items.filter(
        (e) => e.type === 'order.read',
      ).length;
    const before = await reads();
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // past the same-second window
    const res = await fetch(delivery.destination, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(hook.headers ?? {}) },
      body: JSON.stringify(delivery.payload),
    });
    expect(res.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await h.deps.storage.jobs.get(STORE, 'order.sync', `order:${order.id}`))?.state).toBe('idle');
    expect(await reads()).toBe(before);
  });

  it('an address change before fulfilment updates the IOM order; after fulfilment started it is flagged', async () => {
    const order = h.sim.placeOrder(STORE, { lines: [{ sku: 'TOTE-NAT', quantity: 2 }] });
    const link = await waitForLink(h, order.id);
    h.sim.updateOrder(STORE, order.id, {
      shippingAddress: { city: 'Portland', zip: '97201', state: 'Oregon' },
    });
    const events = await eventually(
      async () => (await h.deps.storage.events.listForOrder(STORE, order.id, { limit: 100 })).items,
      (items) => items.some((e) => e.type === 'salesorder.updated'),
    );
    expect(events.map((e) => e.type)).toContain('salesorder.updated');
    const row = await h.deps.iom.clientFor((await h.deps.storage.connections.get(STORE))!).call(
      'read',
      (api) =>
        api.retrieve<{ shipto_city: string }>({
          collection: 'salesorders',
          key: link!.iomSalesOrderId!,
          select: ['shipto_city'],
        }),
      { idempotent: true },
    );
    expect(row.shipto_city).toBe('Portland');

    h.iom.operator.createFulfillmentOrder(link!.iomSalesOrderId!);
    h.sim.updateOrder(STORE, order.id, { shippingAddress: { city: 'Boise', zip: '83702', state: 'Idaho' } });
    const flagged = await waitForLink(h, order.id, (l) => l?.attention?.code === 'change_after_fulfilment');
    expect(flagged?.attention?.message).toMatch(/after IOM started fulfilling it/);
    const after = await h.deps.iom.clientFor((await h.deps.storage.connections.get(STORE))!).call(
      'read',
      (api) =>
        api.retrieve<{ shipto_city: string }>({
          collection: 'salesorders',
          key: link!.iomSalesOrderId!,
          select: ['shipto_city'],
        }),
      { idempotent: true },
    );
    expect(after.shipto_city).toBe('Portland');
  });

  it('per-customer accounts: an account is found by e-mail or created once, and used for the order', async () => {
    await expectOk(jsonRequest(h, token, 'PUT', '/api/settings', { accountStrategy: 'per-customer' }));
    const email = `shopper-${Date.now()}@example.com`;
    const first = h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-WHT', quantity: 1 }], customerEmail: email });
    await waitForLink(h, first.id);
    const second = h.sim.placeOrder(STORE, {
      lines: [{ sku: 'MUG-WHT', quantity: 1 }],
      customerEmail: email,
    });
    await waitForLink(h, second.id);
    const accountCreates = h.iom.inspect.requests.filter(
      (r) => r.method === 'POST' && /\/accounts$/.test(r.path),
    );
    expect(accountCreates).toHaveLength(1);
    expect(JSON.parse(accountCreates[0]!.body)).toMatchObject({ emailaddress1: email });
    const [a] = salesOrdersFor(h, first.id);
    const [b] = salesOrdersFor(h, second.id);
    expect(a?.customerName).toBeTruthy();
    expect(a?.customerName).toBe(b?.customerName);
    expect(a?.customerName).not.toBe(h.iom.catalog.accountName);
    await expectOk(jsonRequest(h, token, 'PUT', '/api/settings', { accountStrategy: 'default' }));
  });

  it('intake-provider mode: the order goes to the intake flow with a stable request id, once', async () => {
    await expectOk(
      jsonRequest(
        h,
        token,
        'PUT',
        '/api/connection',
        sandboxConnectionBody(h, { intakeMode: 'intake-provider', intakeUrl: h.iom.intakeUrl }),
      ),
    );
    await expectOk(jsonRequest(h, token, 'POST', '/api/connection/test'));
    const order = h.sim.placeOrder(STORE, { lines: [{ sku: 'POSTER-A2-CITY', quantity: 1 }] });
    const link = await waitForLink(h, order.id);
    const posts = h.iom.inspect.requests.filter(
      (r) => r.method === 'POST' && r.path.includes('/triggers/manual/paths/invoke'),
    );
    const mine = posts.filter((r) =>
      String(
        (JSON.parse(r.body) as { ProviderExternalRequestId?: string }).ProviderExternalRequestId,
      ).startsWith(`bigcommerce_${STORE}_${order.id}_`),
    );
    expect(mine).toHaveLength(1);
    expect(link?.intakeRequestId).toBe(
      (JSON.parse(mine[0]!.body) as { ProviderExternalRequestId: string }).ProviderExternalRequestId,
    );
    expect(salesOrdersFor(h, order.id)).toHaveLength(1);
    await expectOk(jsonRequest(h, token, 'PUT', '/api/connection', sandboxConnectionBody(h)));
  });
});

describe('fairness between stores', () => {
  let h: Harness;

  beforeAll(async () => {
    ({ h } = await startSyncingHarness({ settings: { unmappedSkuPolicy: 'write-in' } }));
    const other = await ownerSession(h, 'othr9k2', 1111111);
    await expectOk(jsonRequest(h, other, 'PUT', '/api/connection', sandboxConnectionBody(h)));
    await expectOk(jsonRequest(h, other, 'POST', '/api/connection/test'));
    await expectOk(
      jsonRequest(h, other, 'PUT', '/api/settings', {
        syncEnabled: true,
        defaultAccountId: h.iom.catalog.accountId,
        priceListId: h.iom.catalog.priceLevelId,
      }),
    );
  });
  afterAll(async () => {
    await h.close();
  });

  it("one store's backfill does not hold up another store's new order", async () => {
    h.sim.knobs.webhooksPaused = true;
    const from = new Date(Date.now() - 1_000).toISOString();
    h.sim.placeOrders(STORE, 250);
    const token = await ownerSession(h, STORE);
    await expectOk(jsonRequest(h, token, 'POST', '/api/backfill', { from }));
    // Wait until the first page is queued as bulk work.
    await eventually(
      async () => (await h.deps.storage.jobs.get(STORE, 'store.backfill', 'backfill'))?.payload.pagesRead,
      (pages) => Number(pages) >= 1,
      { timeoutMs: 20_000 },
    );
    h.sim.knobs.webhooksPaused = false;
    const placed = Date.now();
    const order = h.sim.placeOrder('othr9k2', { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });
    const link = await eventually(
      () => h.deps.storage.orderLinks.get('othr9k2', order.id),
      (l) => l?.syncState === 'synced',
      { timeoutMs: 20_000 },
    );
    expect(link?.syncState).toBe('synced');
    // The other store's order ran while most of the backfill was still queued.
    const backfillLinks = await h.deps.storage.orderLinks.countByStateInRange(STORE, 1, 1_000_000);
    expect(backfillLinks.synced).toBeLessThan(250);
    expect(Date.now() - placed).toBeLessThan(20_000);
  });
});
