import { eventually } from '../helpers/eventually';
import { jsonRequest, sandboxConnectionBody, type Harness } from '../helpers/harness';
import { expectOk, salesOrdersFor, startSyncingHarness, STORE, waitForLink } from '../helpers/relay';

jest.setTimeout(60_000);

describe('relay failures: retriable ones wait and retry, permanent ones need attention', () => {
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    ({ h, token } = await startSyncingHarness({ env: { IOM_POLL_INTERVAL_S: '3600' } }));
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => {
    h.iom.knobs.forceStatus = {};
    h.iom.knobs.errorRate = 0;
  });

  it('Dataverse 429 with Retry-After: the wait is honoured, then the order goes through once', async () => {
    h.iom.throttle(2);
    const started = Date.now();
    const order = h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });
    const link = await waitForLink(h, order.id, undefined, 20_000);
    expect(link?.syncState).toBe('synced');
    // Sending before the penalty ended would have restarted it (the simulator does as Dataverse does).
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(salesOrdersFor(h, order.id)).toHaveLength(1);
    // During the penalty at most the one request that met it reached Dataverse: nothing was sent early.
    const writes = h.iom.inspect.requests.filter(
      (r) => r.receivedAt >= started && r.receivedAt < started + 1_900 && r.method !== 'GET',
    );
    expect(writes.length).toBeLessThanOrEqual(1);
  });

  it('5xx answers are retried with backoff, and the order is created once', async () => {
    h.iom.knobs.forceStatus = { salesorders: 503 };
    const order = h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-WHT', quantity: 2 }] });
    await waitForLink(h, order.id, undefined, 20_000);
    expect(salesOrdersFor(h, order.id)).toHaveLength(1);
  });

  it('a permanent 400 makes the order need attention with what Dataverse said, and a retry sends it', async () => {
    h.iom.knobs.forceStatus = { salesorders: 400 };
    const order = h.sim.placeOrder(STORE, { lines: [{ sku: 'TOTE-NAT', quantity: 1 }] });
    const parked = await waitForLink(h, order.id, (l) => l?.syncState === 'needs_attention');
    expect(parked?.attention?.code).toBe('iom_rejected');
    expect(parked?.attention?.message).toMatch(/Dataverse refused the request \(400/);
    expect(salesOrdersFor(h, order.id)).toHaveLength(0);
    await expectOk(jsonRequest(h, token, 'POST', `/api/orders/${order.id}/sync`));
    await waitForLink(h, order.id);
    expect(salesOrdersFor(h, order.id)).toHaveLength(1);
  });

  it('a revoked IOM secret pauses the store once (not per order) and resumes when the connection test passes', async () => {
    h.iom.knobs.tokenLifetimeSeconds = 1; // tokens are not cached, so the revocation shows at once
    h.deps.iom.tokens.invalidate(h.iom.credentials);
    const newSecret = h.iom.rotateClientSecret();
    const tokenRequestsBefore = h.iom.inspect.tokenRequests();
    const orders = [1, 2, 3, 4, 5].map(() =>
      h.sim.placeOrder(STORE, { lines: [{ sku: 'POSTER-A2-CITY', quantity: 1 }] }),
    );
    for (const order of orders) {
      const link = await waitForLink(h, order.id, (l) => l?.syncState === 'needs_attention');
      expect(link?.attention?.code).toBe('authentication');
    }
    expect((await h.deps.storage.connections.get(STORE))?.relayPause).not.toBeNull();
    // One sign-in attempt paused the store; the other orders waited without asking Entra again.
    expect(h.iom.inspect.tokenRequests() - tokenRequestsBefore).toBeLessThanOrEqual(2);
    await expectOk(
      jsonRequest(h, token, 'PUT', '/api/connection', sandboxConnectionBody(h, { clientSecret: newSecret })),
    );
    await expectOk(jsonRequest(h, token, 'POST', '/api/connection/test'));
    for (const order of orders) {
      await waitForLink(h, order.id);
      expect(salesOrdersFor(h, order.id)).toHaveLength(1);
    }
  });

  it('write-in policy sends an unmapped SKU as a write-in line; a multi-address order keeps its totals', async () => {
    await expectOk(jsonRequest(h, token, 'PUT', '/api/settings', { unmappedSkuPolicy: 'write-in' }));
    const order = h.sim.placeOrder(STORE, {
      lines: [
        { sku: 'GIFT-CARD-BOX', quantity: 1, address: 0 },
        { sku: 'MUG-GRY', quantity: 3, address: 1 },
      ],
      addresses: [
        {
          first_name: 'Ann',
          last_name: 'One',
          street_1: '1 First St',
          city: 'Austin',
          state: 'Texas',
          zip: '78701',
          country_iso2: 'US',
        },
        {
          first_name: 'Bob',
          last_name: 'Two',
          street_1: '2 Second St',
          city: 'Seattle',
          state: 'Washington',
          zip: '98101',
          country_iso2: 'US',
        },
      ],
      coupon: { code: 'TENOFF', percent: 10 },
    });
    const link = await waitForLink(h, order.id);
    expect(link?.attention ?? null).toBeNull();
    const [created] = salesOrdersFor(h, order.id);
    expect(created?.lines.find((l) => l.sku === null)?.description).toMatch(/GIFT-CARD-BOX/);
    expect(created!.totalAmount.toFixed(2)).toBe(
      Number(h.sim.inspect.order(STORE, order.id)!.total_inc_tax).toFixed(2),
    );
    await expectOk(jsonRequest(h, token, 'PUT', '/api/settings', { unmappedSkuPolicy: 'park' }));
  });

  it('a BigCommerce cancellation cancels the IOM order', async () => {
    const order = h.sim.placeOrder(STORE, { lines: [{ sku: 'TSHIRT-BLK-S', quantity: 1 }] });
    await waitForLink(h, order.id);
    h.sim.setOrderStatus(STORE, order.id, 5);
    const cancelled = await eventually(
      () => salesOrdersFor(h, order.id)[0],
      (o) => o?.state === 'Canceled',
    );
    expect(cancelled?.state).toBe('Canceled');
  });

  it("with the cancel policy 'record', a BigCommerce cancellation is only noted and the IOM order stays", async () => {
    await expectOk(
      jsonRequest(h, token, 'PUT', '/api/settings', { outbound: { onBigCommerceCancel: 'record' } }),
    );
    const order = h.sim.placeOrder(STORE, { lines: [{ sku: 'TSHIRT-BLK-S', quantity: 1 }] });
    await waitForLink(h, order.id);
    h.sim.setOrderStatus(STORE, order.id, 5);
    await eventually(
      async () =>
        (await h.deps.storage.events.listForOrder(STORE, order.id, { limit: 50 })).items.map((e) => e.type),
      (types) => types.includes('order.cancel_recorded'),
    );
    expect(salesOrdersFor(h, order.id)[0]?.state).not.toBe('Canceled');
    await expectOk(
      jsonRequest(h, token, 'PUT', '/api/settings', { outbound: { onBigCommerceCancel: 'cancel' } }),
    );
  });
});
