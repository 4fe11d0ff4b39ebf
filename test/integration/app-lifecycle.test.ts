import { ORDER_WEBHOOK_SCOPES, WEBHOOK_SECRET_HEADER } from '../../server/bigcommerce/webhooks';
import type { SessionResponse } from '../../server/http/api-types';
import { api, bootstrapFrom, installStore, openApp, startHarness, type Harness } from '../helpers/harness';
import { eventually } from '../helpers/eventually';

const STORE = 'demo7x3';
const OWNER = 7654321;
const STAFF = 9876543;

describe('the BigCommerce app lifecycle against the simulator', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('install → load → API call → remove user → uninstall', async () => {
    // Install: the browser follows BigCommerce to /auth; the app answers with itself, signed in.
    const auth = await installStore(h, STORE);
    expect(auth.status).toBe(200);
    const installHtml = await auth.text();
    const installSession = bootstrapFrom(installHtml);
    expect(installSession.path).toBe('/');

    const stored = await h.deps.storage.stores.get(STORE);
    expect(stored).toMatchObject({
      hash: STORE,
      status: 'installed',
      ownerId: OWNER,
      ownerEmail: 'owner@example.com',
    });
    expect(stored?.accessToken).toBe(h.sim.inspect.currentToken(STORE));
    expect(stored?.webhookSecret).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    // Order webhooks registered at BigCommerce with the store's secret in the headers.
    const hooks = h.sim.inspect.hooks(STORE);
    expect(hooks.map((hook) => hook.scope).sort()).toEqual([...ORDER_WEBHOOK_SCOPES].sort());
    for (const hook of hooks) {
      expect(hook.destination).toBe(`${h.appUrl}/webhooks/bigcommerce`);
      expect(hook.headers?.[WEBHOOK_SECRET_HEADER]).toBe(stored?.webhookSecret);
      expect(hook.is_active).toBe(true);
    }

    // Load as a staff user (multi-user): the user is added, the API answers for them.
    const staffToken = await openApp(h, STORE, STAFF);
    const session = await api(h, staffToken, '/api/session');
    expect(session.status).toBe(200);
    const body = (await session.json()) as SessionResponse;
    expect(body.store).toMatchObject({ hash: STORE, status: 'installed' });
    expect(body.store.scopes.length).toBeGreaterThan(0);
    expect(body.user).toEqual({ id: STAFF, email: 'staff@example.com', role: 'user' });
    expect(await h.deps.storage.users.get(STORE, STAFF)).toMatchObject({ role: 'user' });

    // The owner loads too and is the owner.
    const ownerToken = await openApp(h, STORE, OWNER);
    const ownerSession = (await (await api(h, ownerToken, '/api/session')).json()) as SessionResponse;
    expect(ownerSession.user.role).toBe('owner');

    // Remove the staff user: their already-issued token stops working at once.
    const removed = await h.sim.removeUser(STORE, STAFF);
    expect(removed.status).toBe(200);
    const afterRemoval = await api(h, staffToken, '/api/session');
    expect(afterRemoval.status).toBe(401);
    expect(((await afterRemoval.json()) as { error: { code: string } }).error.code).toBe('session_revoked');
    expect(await h.deps.storage.users.get(STORE, STAFF)).toBeNull();
    expect((await api(h, ownerToken, '/api/session')).status).toBe(200);

    // Uninstall: secrets gone, store marked, every session ends, pending jobs cancelled.
    // Due in an hour: still pending at the uninstall, whatever the worker is doing meanwhile.
    await h.deps.storage.jobs.enqueue(
      { storeHash: STORE, kind: 'order.sync', key: 'order:1', runAt: new Date(Date.now() + 3_600_000) },
      new Date(),
    );
    await h.deps.storage.connections.put({
      storeHash: STORE,
      environmentUrl: 'https://contoso.crm.dynamics.com',
      tenantId: '00000000-0000-0000-0000-000000000001',
      clientId: 'iom-client',
      clientSecret: 'iom-secret-value',
      intakeMode: 'dataverse',
      intakeUrl: null,
      lastTest: null,
      updatedAt: new Date().toISOString(),
    });
    // BigCommerce revokes the token a moment after calling /uninstall: the app confirms, then purges.
    const uninstalled = await h.sim.uninstall(STORE);
    expect(uninstalled.status).toBe(200);
    expect(JSON.parse(uninstalled.body)).toMatchObject({ ok: true, outcome: 'confirming' });
    const after = await eventually(
      () => h.deps.storage.stores.get(STORE),
      (store) => store?.status === 'uninstalled',
    );
    expect(after).toMatchObject({ status: 'uninstalled', accessToken: null, webhookSecret: null });
    expect(after?.uninstalledAt).not.toBeNull();
    expect(await h.deps.storage.connections.get(STORE)).toBeNull();
    // The purge cancels the jobs after it marks the store (which stops new work for it at once).
    const job = await eventually(
      () => h.deps.storage.jobs.get(STORE, 'order.sync', 'order:1'),
      (j) => j?.state === 'cancelled',
    );
    expect(job?.state).toBe('cancelled');
    const ownerAfter = await api(h, ownerToken, '/api/session');
    expect(ownerAfter.status).toBe(401);
    expect(((await ownerAfter.json()) as { error: { code: string } }).error.code).toBe('session_revoked');

    // A stale load of an uninstalled app explains itself instead of a blank frame.
    const reopen = await fetch(
      `${h.appUrl}/load?signed_payload_jwt=${await h.sim.signPayload(STORE, OWNER)}`,
    );
    expect(reopen.status).toBe(403);
    expect(await reopen.text()).toContain('not installed');
  });

  it('re-installing with a new scope overwrites the token and updates the hooks without duplicating them', async () => {
    expect((await installStore(h, STORE)).status).toBe(200);
    const first = await h.deps.storage.stores.get(STORE);
    const hookIds = h.sim.inspect
      .hooks(STORE)
      .map((hook) => hook.id)
      .sort();

    h.sim.setAppScopes('store_v2_orders store_v2_information_read_only store_v2_transactions_read_only');
    expect((await installStore(h, STORE)).status).toBe(200);
    const second = await h.deps.storage.stores.get(STORE);

    expect(second?.accessToken).not.toBe(first?.accessToken);
    expect(second?.accessToken).toBe(h.sim.inspect.currentToken(STORE));
    expect(second?.scope).toContain('store_v2_transactions_read_only');
    expect(second?.webhookSecret).toBe(first?.webhookSecret);
    const hooks = h.sim.inspect.hooks(STORE);
    expect(hooks).toHaveLength(ORDER_WEBHOOK_SCOPES.length);
    expect(hooks.map((hook) => hook.id).sort()).toEqual(hookIds);

    const token = await openApp(h, STORE, 7654321);
    const session = (await (await api(h, token, '/api/session')).json()) as SessionResponse;
    expect(session.store.scopes).toContain('store_v2_transactions_read_only');
  });

  it('re-installing after an uninstall registers the hooks again and restores access', async () => {
    expect((await installStore(h, STORE)).status).toBe(200);
    expect((await h.sim.uninstall(STORE)).status).toBe(200);
    expect(h.sim.inspect.hooks(STORE)).toHaveLength(0);
    expect((await installStore(h, STORE)).status).toBe(200);
    expect(h.sim.inspect.hooks(STORE)).toHaveLength(ORDER_WEBHOOK_SCOPES.length);
    const store = await h.deps.storage.stores.get(STORE);
    expect(store).toMatchObject({ status: 'installed', uninstalledAt: null });
    expect(store?.webhookSecret).not.toBeNull();
    const token = await openApp(h, STORE, OWNER);
    expect((await api(h, token, '/api/session')).status).toBe(200);
  });

  it('when the install code is bad, the merchant sees a clear page and nothing is saved', async () => {
    const url = new URL(h.sim.beginInstall(STORE));
    url.searchParams.set('code', 'not-a-real-code');
    const res = await fetch(url);
    expect(res.status).toBe(502);
    const html = await res.text();
    expect(html).toContain('The install could not be completed');
    expect(html).toContain('BigCommerce refused the install code');
    expect(await h.deps.storage.stores.get(STORE)).toBeNull();
    expect(h.sim.inspect.hooks(STORE)).toHaveLength(0);
  });

  it('when the install link lacks its code, the page says what is missing', async () => {
    const res = await fetch(`${h.appUrl}/auth?scope=store_v2_orders&context=stores%2F${STORE}`);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('The install link is incomplete');
    expect(html).toContain('code');
    expect(await h.deps.storage.stores.get(STORE)).toBeNull();
  });

  it('when BigCommerce is down during the install, the page asks to retry and nothing is saved', async () => {
    h.sim.knobs.tokenEndpointFailure = 503;
    const res = await installStore(h, STORE);
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('try again');
    expect(await h.deps.storage.stores.get(STORE)).toBeNull();
  });

  it('when the hooks API fails during the install, nothing is half-saved', async () => {
    h.sim.knobs.apiFailure = 500;
    const res = await installStore(h, STORE);
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('The install could not be completed');
    expect(await h.deps.storage.stores.get(STORE)).toBeNull();
    expect(await h.deps.storage.users.get(STORE, OWNER)).toBeNull();
  });

  it('a deep link in the signed payload opens that page of the app', async () => {
    await installStore(h, STORE);
    const res = await fetch(await h.sim.loadUrl(STORE, OWNER, '/orders/250'));
    expect(bootstrapFrom(await res.text()).path).toBe('/orders/250');
    const hostile = await fetch(await h.sim.loadUrl(STORE, OWNER, '//evil.example.com/x'));
    expect(bootstrapFrom(await hostile.text()).path).toBe('/');
  });

  it('a session token can be refreshed and the new one works', async () => {
    await installStore(h, STORE);
    const token = await openApp(h, STORE, OWNER);
    const refreshed = await api(h, token, '/api/session/refresh', { method: 'POST' });
    expect(refreshed.status).toBe(200);
    const body = (await refreshed.json()) as { token: string; expiresAt: string };
    expect(body.token).not.toBe(token);
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());
    expect((await api(h, body.token, '/api/session')).status).toBe(200);
  });

  it('API calls without a session token are refused with a clear message', async () => {
    const none = await api(h, null, '/api/session');
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'session_missing',
      message: expect.stringContaining('control panel'),
    });
    const garbage = await api(h, 'abc.def.ghi', '/api/session');
    expect(garbage.status).toBe(401);
    expect(((await garbage.json()) as { error: { code: string } }).error.code).toBe('session_invalid');
  });
});
