import { jsonRequest, openApp, ownerSession, sandboxConnectionBody, type Harness } from '../helpers/harness';
import { expectOk, startSyncingHarness, STORE, waitForLink } from '../helpers/relay';

jest.setTimeout(60_000);

const OTHER = 'othr9k2';

describe('disconnect and purge', () => {
  let h: Harness;
  let token: string;
  let otherToken: string;

  beforeAll(async () => {
    ({ h, token } = await startSyncingHarness({ env: { IOM_POLL_INTERVAL_S: '3600' } }));
    otherToken = await ownerSession(h, OTHER, 1111111);
    await expectOk(jsonRequest(h, otherToken, 'PUT', '/api/connection', sandboxConnectionBody(h)));
    await expectOk(jsonRequest(h, otherToken, 'PUT', '/api/settings', { goLiveDate: '2026-01-01' }));
  });
  afterAll(async () => {
    await h.close();
  });

  it('needs the store name or PURGE typed, then deletes connection, mappings, orders, timelines and settings; the store stays installed and the other store is untouched', async () => {
    const order = h.sim.placeOrder(STORE, { lines: [{ sku: 'GIFT-CARD-BOX', quantity: 1 }] });
    await waitForLink(h, order.id, (l) => l?.syncState === 'needs_attention');
    await expectOk(
      jsonRequest(h, token, 'PUT', '/api/mappings/sku/GIFT-CARD-BOX', {
        productId: h.iom.catalog.products.find((p) => p.sku === 'TOTE-NAT')!.productId,
      }),
    );
    await waitForLink(h, order.id);
    expect(
      (await h.deps.storage.events.listForOrder(STORE, order.id, { limit: 10 })).items.length,
    ).toBeGreaterThan(0);

    const wrong = await jsonRequest(h, token, 'POST', '/api/store/purge', { confirm: 'yes' });
    expect(wrong.status).toBe(400);
    expect(
      ((await wrong.json()) as { error: { fields: Array<{ field: string }> } }).error.fields[0]?.field,
    ).toBe('confirm');
    expect(await h.deps.storage.connections.get(STORE)).not.toBeNull();

    const purged = (await expectOk(
      jsonRequest(h, token, 'POST', '/api/store/purge', { confirm: STORE }),
    )) as {
      purged: { connection: boolean; settings: boolean; mappings: number; orders: number; events: number };
    };
    expect(purged.purged).toMatchObject({ connection: true, settings: true, mappings: 1, orders: 1 });
    expect(purged.purged.events).toBeGreaterThan(0);

    const { storage } = h.deps;
    expect(await storage.connections.get(STORE)).toBeNull();
    expect(await storage.settings.get(STORE)).toBeNull();
    expect(await storage.orderLinks.get(STORE, order.id)).toBeNull();
    expect((await storage.events.listForOrder(STORE, order.id, { limit: 10 })).items).toEqual([]);
    expect((await storage.mappings.list(STORE, 'sku', { limit: 10 })).items).toEqual([]);
    expect((await storage.stores.get(STORE))?.status).toBe('installed');
    // The session still works and the app is back at onboarding (no connection).
    const connection = await jsonRequest(h, token, 'GET', '/api/connection');
    expect(((await connection.json()) as { connection: unknown }).connection).toBeNull();

    expect(await storage.connections.get(OTHER)).not.toBeNull();
    expect((await storage.settings.get(OTHER))?.goLiveDate).toBe('2026-01-01');
  });

  it('an app user who is not an admin may not purge', async () => {
    h.sim.addUser(OTHER, { id: 555001, email: 'staff@example.com' });
    const staff = await openApp(h, OTHER, 555001);
    const refused = await jsonRequest(h, staff, 'POST', '/api/store/purge', { confirm: 'PURGE' });
    expect(refused.status).toBe(403);
    expect(await h.deps.storage.connections.get(OTHER)).not.toBeNull();
  });
});
