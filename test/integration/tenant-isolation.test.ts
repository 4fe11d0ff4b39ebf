import type { SessionResponse } from '../../server/http/api-types';
import { api, installStore, openApp, startHarness, type Harness } from '../helpers/harness';
import { eventually } from '../helpers/eventually';

const A = 'demo7x3';
const A_OWNER = 7654321;
const A_STAFF = 9876543;
const B = 'othr9k2';
const B_OWNER = 1111111;

describe('tenant isolation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    expect((await installStore(h, A)).status).toBe(200);
    expect((await installStore(h, B)).status).toBe(200);
  });
  afterAll(async () => {
    await h.close();
  });

  it('each session sees only its own store', async () => {
    const tokenA = await openApp(h, A, A_OWNER);
    const tokenB = await openApp(h, B, B_OWNER);
    const a = (await (await api(h, tokenA, '/api/session')).json()) as SessionResponse;
    const b = (await (await api(h, tokenB, '/api/session')).json()) as SessionResponse;
    expect(a.store.hash).toBe(A);
    expect(a.user.id).toBe(A_OWNER);
    expect(b.store.hash).toBe(B);
    expect(b.user.id).toBe(B_OWNER);
  });

  it('a store hash in the URL or a header does not switch a session to another store', async () => {
    const tokenA = await openApp(h, A, A_OWNER);
    const res = await api(h, tokenA, `/api/session?store=${B}&store_hash=${B}`, {
      headers: { 'X-Store-Hash': B },
    });
    expect(((await res.json()) as SessionResponse).store.hash).toBe(A);
  });

  it("a validly signed token naming store B for a user of store A is refused (the user is not B's)", async () => {
    await openApp(h, A, A_STAFF);
    const staff = await h.deps.storage.users.get(A, A_STAFF);
    expect(staff).not.toBeNull();
    const confused = await h.deps.sessions.issue({
      storeHash: B,
      userId: A_STAFF,
      sessionVersion: staff!.sessionVersion,
    });
    const res = await api(h, confused.token, '/api/session');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('session_revoked');
  });

  it("uninstalling store B leaves store A's sessions and data untouched", async () => {
    const tokenA = await openApp(h, A, A_OWNER);
    const tokenB = await openApp(h, B, B_OWNER);
    expect((await h.sim.uninstall(B)).status).toBe(200);
    const sessionB = await eventually(
      async () => (await api(h, tokenB, '/api/session')).status,
      (status) => status === 401,
    );
    expect(sessionB).toBe(401);
    expect((await api(h, tokenA, '/api/session')).status).toBe(200);
    expect((await h.deps.storage.stores.get(A))?.accessToken).toBe(h.sim.inspect.currentToken(A));
  });
});
