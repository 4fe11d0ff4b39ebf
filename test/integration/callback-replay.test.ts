import { CONFIRM_UNINSTALL_JOB } from '../../server/lifecycle/uninstall';
import { eventually } from '../helpers/eventually';
import { api, installStore, openApp, startHarness, type Harness } from '../helpers/harness';

const STORE = 'demo7x3';
const OWNER = 7654321;
const STAFF = 9876543;

const callback = (h: Harness, path: string, jwt: string, method = 'GET') =>
  fetch(`${h.appUrl}${path}?signed_payload_jwt=${encodeURIComponent(jwt)}`, { method });

/** The store is installed with its token, secret and IOM connection, and nothing is paused. */
async function expectIntact(h: Harness): Promise<void> {
  const store = await h.deps.storage.stores.get(STORE);
  expect(store).toMatchObject({ status: 'installed', uninstallRequestedAt: null });
  expect(store?.accessToken).toBe(h.sim.inspect.currentToken(STORE));
  expect(store?.webhookSecret).toEqual(expect.any(String));
  expect(await h.deps.storage.connections.get(STORE)).not.toBeNull();
}

async function connect(h: Harness): Promise<void> {
  await h.deps.storage.connections.put({
    storeHash: STORE,
    environmentUrl: h.iom.environmentUrl,
    tenantId: h.iom.credentials.tenantId,
    clientId: h.iom.credentials.clientId,
    clientSecret: h.iom.credentials.clientSecret,
    intakeMode: 'dataverse',
    intakeUrl: null,
    lastTest: null,
    updatedAt: new Date().toISOString(),
  });
}

describe('signed payloads are single-use, and an uninstall is confirmed with BigCommerce', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      tuning: { uninstallConfirmation: { windowMs: 1_500, delaysMs: [100, 200, 300] } },
    });
    expect((await installStore(h, STORE)).status).toBe(200);
    await connect(h);
  });
  afterEach(async () => {
    await h.close();
  });

  it('a load payload replayed to /load gets 401 and the "open the app again" page', async () => {
    const jwt = await h.sim.signPayload(STORE, OWNER);
    expect((await callback(h, '/load', jwt)).status).toBe(200);
    const replay = await callback(h, '/load', jwt);
    expect(replay.status).toBe(401);
    const page = await replay.text();
    expect(page).toContain('Open the app again from Apps › My Apps');
    expect(page).not.toContain('signed_payload');
    expect(h.logs.join('\n')).toMatch(/was already used once; every payload is single-use/);
  });

  it('a load payload replayed to /uninstall and /remove_user is refused and deletes nothing', async () => {
    const jwt = await h.sim.signPayload(STORE, STAFF);
    expect((await callback(h, '/load', jwt)).status).toBe(200);
    for (const path of ['/uninstall', '/remove_user']) {
      const replay = await callback(h, path, jwt);
      expect(replay.status).toBe(401);
      expect(((await replay.json()) as { error: { code: string } }).error.code).toBe(
        'signed_payload_replayed',
      );
    }
    await expectIntact(h);
    expect(await h.deps.storage.users.get(STORE, STAFF)).not.toBeNull();
  });

  it('HEAD (or POST) on a callback runs nothing and does not use up the payload', async () => {
    const jwt = await h.sim.signPayload(STORE, OWNER);
    for (const method of ['HEAD', 'POST']) {
      const res = await callback(h, '/uninstall', jwt, method);
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET');
    }
    expect((await callback(h, '/load', jwt, 'HEAD')).status).toBe(405);
    await expectIntact(h);
    expect((await callback(h, '/load', jwt)).status).toBe(200);
  });

  it('an uninstall whose token still works deletes nothing, pauses the store, then restores it with a security warning', async () => {
    const token = await openApp(h, STORE, OWNER);
    // A fresh, never-used payload sent by someone other than BigCommerce: BigCommerce never revokes.
    const forged = await callback(h, '/uninstall', await h.sim.signPayload(STORE, STAFF));
    expect(forged.status).toBe(200);
    expect(await forged.json()).toMatchObject({ ok: true, outcome: 'confirming' });
    const paused = await h.deps.storage.stores.get(STORE);
    expect(paused?.status).toBe('installed');
    expect(paused?.uninstallRequestedAt).toEqual(expect.any(String));
    expect(paused?.accessToken).toBe(h.sim.inspect.currentToken(STORE));
    expect(await h.deps.storage.jobs.get(STORE, CONFIRM_UNINSTALL_JOB, 'uninstall')).toMatchObject({
      state: 'due',
    });

    const restored = await eventually(
      () => h.deps.storage.stores.get(STORE),
      (store) => store?.uninstallRequestedAt === null,
      { timeoutMs: 8_000 },
    );
    expect(restored?.uninstallRequestedAt).toBeNull();
    await expectIntact(h);
    expect(h.logs.some((line) => line.includes('"security":true') && line.includes('SECURITY'))).toBe(true);
    expect((await api(h, token, '/api/session')).status).toBe(200);
    expect((await h.deps.storage.jobs.get(STORE, CONFIRM_UNINSTALL_JOB, 'uninstall'))?.state).toBe('idle');
  });

  it('a genuine uninstall is purged as soon as BigCommerce has revoked the token', async () => {
    const result = await h.sim.uninstall(STORE);
    expect(JSON.parse(result.body)).toMatchObject({ outcome: 'confirming' });
    const purged = await eventually(
      () => h.deps.storage.stores.get(STORE),
      (store) => store?.status === 'uninstalled',
    );
    expect(purged).toMatchObject({ status: 'uninstalled', accessToken: null, uninstallRequestedAt: null });
    expect(await h.deps.storage.connections.get(STORE)).toBeNull();
    expect(await h.deps.storage.users.listForStore(STORE)).toEqual([]);
  });

  it('an uninstall arriving after BigCommerce already revoked the token is purged at once', async () => {
    h.sim.knobs.apiFailure = 401;
    const res = await callback(h, '/uninstall', await h.sim.signPayload(STORE, OWNER));
    expect(await res.json()).toMatchObject({ ok: true, outcome: 'purged' });
    expect((await h.deps.storage.stores.get(STORE))?.status).toBe('uninstalled');
  });

  it('while BigCommerce cannot be reached the uninstall stays pending (never restored, never lost), then completes', async () => {
    h.sim.knobs.apiFailure = 503;
    const res = await callback(h, '/uninstall', await h.sim.signPayload(STORE, OWNER));
    expect(await res.json()).toMatchObject({ ok: true, outcome: 'confirming' });
    // Past the 1.5 s window with no answer: still pending, nothing deleted, nothing restored.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const pending = await h.deps.storage.stores.get(STORE);
    expect(pending).toMatchObject({ status: 'installed' });
    expect(pending?.uninstallRequestedAt).toEqual(expect.any(String));
    expect(h.logs.some((line) => line.includes('SECURITY'))).toBe(false);
    h.sim.knobs.apiFailure = 401; // BigCommerce answers again, and the token is revoked
    const purged = await eventually(
      () => h.deps.storage.stores.get(STORE),
      (store) => store?.status === 'uninstalled',
    );
    expect(purged?.status).toBe('uninstalled');
  });

  it("a removed user's old load payload is refused, even one never used before", async () => {
    const old = await h.sim.signPayload(STORE, STAFF);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the removal happens a second later
    expect((await h.sim.removeUser(STORE, STAFF)).status).toBe(200);
    h.sim.addUser(STORE, { id: STAFF, email: 'staff@example.com' });
    const res = await callback(h, '/load', old);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('Your access to IOM Connector was removed');
    expect(await h.deps.storage.users.get(STORE, STAFF)).toBeNull();
    // A payload BigCommerce issues after the user was given access again works.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await callback(h, '/load', await h.sim.signPayload(STORE, STAFF))).status).toBe(200);
  });
});
