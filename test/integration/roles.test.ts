import type {
  ApiErrorBody,
  ConnectionResponse,
  SessionResponse,
  UserResponse,
  UsersResponse,
} from '../../server/http/api-types';
import {
  api,
  installStore,
  jsonRequest,
  openApp,
  ownerSession,
  startHarness,
  type Harness,
  sandboxConnectionBody,
} from '../helpers/harness';

const STORE = 'demo7x3';
const OWNER = 7654321;
/** The simulator's second user of demo7x3 (staff@example.com). */
const STAFF = 9876543;
const OPS = { id: 5550001, email: 'ops@example.com' };

const MANAGE_REFUSAL =
  'Only the store owner or an app admin can change the IOM connection. Ask owner@example.com to make you an admin in IOM Connector › Users.';

describe('roles: who may manage the IOM connection and who is an app admin', () => {
  let h: Harness;
  let ownerToken: string;
  let staffToken: string;
  let opsToken: string;

  beforeAll(async () => {
    h = await startHarness();
    ownerToken = await ownerSession(h, STORE, OWNER);
    staffToken = await openApp(h, STORE, STAFF);
    h.sim.addUser(STORE, OPS);
    opsToken = await openApp(h, STORE, OPS.id);
  });
  afterAll(async () => {
    await h.close();
  });

  const connectionBody = (overrides: Record<string, unknown> = {}) => sandboxConnectionBody(h, overrides);

  const setRole = (token: string, userId: number | string, body: unknown) =>
    jsonRequest(h, token, 'PUT', `/api/users/${userId}`, body);

  async function session(token: string): Promise<SessionResponse> {
    const res = await api(h, token, '/api/session');
    expect(res.status).toBe(200);
    return (await res.json()) as SessionResponse;
  }

  async function errorOf(res: Response): Promise<ApiErrorBody['error']> {
    return ((await res.json()) as ApiErrorBody).error;
  }

  beforeEach(async () => {
    h.iom.reset();
    const saved = await jsonRequest(h, ownerToken, 'PUT', '/api/connection', connectionBody());
    expect(saved.status).toBe(200);
    expect((await setRole(ownerToken, STAFF, { role: 'user' })).status).toBe(200);
    expect((await setRole(ownerToken, OPS.id, { role: 'user' })).status).toBe(200);
  });

  it('lets a plain user view and test the connection, but not re-point, disconnect or extend it', async () => {
    const before = await h.deps.storage.connections.get(STORE);
    expect(before).not.toBeNull();

    // Re-pointing at another environment while keeping the owner's stored secret.
    const put = await jsonRequest(
      h,
      staffToken,
      'PUT',
      '/api/connection',
      connectionBody({ environmentUrl: 'https://attacker.crm.dynamics.com', clientSecret: undefined }),
    );
    expect(put.status).toBe(403);
    expect(await errorOf(put)).toMatchObject({ code: 'forbidden_role', message: MANAGE_REFUSAL });

    const del = await jsonRequest(h, staffToken, 'DELETE', '/api/connection');
    expect(del.status).toBe(403);
    expect(await errorOf(del)).toMatchObject({
      code: 'forbidden_role',
      message:
        'Only the store owner or an app admin can disconnect IOM. Ask owner@example.com to make you an admin in IOM Connector › Users.',
    });

    for (const path of ['/api/connection/alternate-key', '/api/connection/alternate-key/reactivate']) {
      const key = await jsonRequest(h, staffToken, 'POST', path);
      expect(key.status).toBe(403);
      expect((await errorOf(key)).code).toBe('forbidden_role');
    }

    expect(await h.deps.storage.connections.get(STORE)).toEqual(before);

    const read = await api(h, staffToken, '/api/connection');
    expect(read.status).toBe(200);
    expect(((await read.json()) as ConnectionResponse).connection?.environmentUrl).toBe(h.iom.environmentUrl);
    const tested = await jsonRequest(h, staffToken, 'POST', '/api/connection/test');
    expect(tested.status).toBe(200);
  });

  it('tells the client each user’s role, what they may do, and whom to ask', async () => {
    expect(await session(ownerToken)).toMatchObject({
      user: { id: OWNER, email: 'owner@example.com', role: 'owner' },
      permissions: { manageConnection: true, manageUsers: true },
      owner: { email: 'owner@example.com' },
    });
    expect(await session(staffToken)).toMatchObject({
      user: { id: STAFF, role: 'user' },
      permissions: { manageConnection: false, manageUsers: false },
      owner: { email: 'owner@example.com' },
    });

    const listed = await api(h, staffToken, '/api/users');
    expect(listed.status).toBe(200);
    const { users } = (await listed.json()) as UsersResponse;
    expect(users.map(({ id, email, role }) => ({ id, email, role }))).toEqual([
      { id: OWNER, email: 'owner@example.com', role: 'owner' },
      { id: OPS.id, email: OPS.email, role: 'user' },
      { id: STAFF, email: 'staff@example.com', role: 'user' },
    ]);
    expect(users.every((u) => !Number.isNaN(Date.parse(u.lastSeenAt)))).toBe(true);
  });

  it('lets the owner make a user an admin, who can then change and disconnect IOM, and revoke it again', async () => {
    const granted = await setRole(ownerToken, STAFF, { role: 'admin' });
    expect(granted.status).toBe(200);
    expect(((await granted.json()) as UserResponse).user).toMatchObject({ id: STAFF, role: 'admin' });

    // The same session, no reload: the role is read on every request.
    expect(await session(staffToken)).toMatchObject({
      user: { role: 'admin' },
      permissions: { manageConnection: true, manageUsers: false },
    });
    const put = await jsonRequest(
      h,
      staffToken,
      'PUT',
      '/api/connection',
      connectionBody({ clientSecret: undefined, intakeMode: 'dataverse' }),
    );
    expect(put.status).toBe(200);
    const del = await jsonRequest(h, staffToken, 'DELETE', '/api/connection');
    expect(del.status).toBe(204);
    expect(await h.deps.storage.connections.get(STORE)).toBeNull();

    expect((await jsonRequest(h, ownerToken, 'PUT', '/api/connection', connectionBody())).status).toBe(200);
    const revoked = await setRole(ownerToken, STAFF, { role: 'user' });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as UserResponse).user.role).toBe('user');
    const again = await jsonRequest(h, staffToken, 'DELETE', '/api/connection');
    expect(again.status).toBe(403);
    expect(await h.deps.storage.connections.get(STORE)).not.toBeNull();
  });

  it('keeps role changes to the owner: an admin cannot change roles, nor anyone the owner’s', async () => {
    expect((await setRole(ownerToken, STAFF, { role: 'admin' })).status).toBe(200);

    const byAdmin = await setRole(staffToken, OPS.id, { role: 'admin' });
    expect(byAdmin.status).toBe(403);
    expect(await errorOf(byAdmin)).toMatchObject({
      code: 'forbidden_role',
      message: 'Only the store owner (owner@example.com) can make users app admins.',
    });
    const selfDemotion = await setRole(staffToken, OWNER, { role: 'user' });
    expect(selfDemotion.status).toBe(403);
    expect((await h.deps.storage.users.get(STORE, OPS.id))?.role).toBe('user');

    const ownersOwn = await setRole(ownerToken, OWNER, { role: 'user' });
    expect(ownersOwn.status).toBe(409);
    expect(await errorOf(ownersOwn)).toMatchObject({ code: 'owner_role' });
    expect((await h.deps.storage.users.get(STORE, OWNER))?.role).toBe('owner');

    const byUser = await setRole(opsToken, OPS.id, { role: 'admin' });
    expect(byUser.status).toBe(403);
  });

  it('answers 404 for an unknown user and 400 naming the field for a bad body', async () => {
    for (const id of [123, 'abc', '0', '1e3']) {
      const res = await setRole(ownerToken, id, { role: 'admin' });
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe('not_found');
    }
    for (const body of [{}, { role: 'owner' }, { role: 'Admin' }, { role: 1 }]) {
      const res = await setRole(ownerToken, STAFF, body);
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({
        code: 'validation_failed',
        message: 'The role change is not valid: role: must be "admin" or "user".',
      });
    }
    expect((await h.deps.storage.users.get(STORE, STAFF))?.role).toBe('user');
  });

  it('keeps an admin an admin on their next load and when they re-install the app', async () => {
    expect((await setRole(ownerToken, STAFF, { role: 'admin' })).status).toBe(200);

    const reloaded = await openApp(h, STORE, STAFF);
    expect(await session(reloaded)).toMatchObject({ user: { role: 'admin' } });

    expect((await installStore(h, STORE, STAFF)).status).toBe(200);
    expect((await h.deps.storage.users.get(STORE, STAFF))?.role).toBe('admin');
    expect(await session(await openApp(h, STORE, OWNER))).toMatchObject({ user: { role: 'owner' } });
  });
});

describe('roles when store ownership moves', () => {
  const OTHER = 'othr9k2';
  const FIRST = { id: 1111111, email: 'other-owner@example.com' };
  const SECOND = { id: 2222222, email: 'new-owner@example.com' };
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const roleIn = async (token: string) =>
    ((await (await api(h, token, '/api/session')).json()) as SessionResponse).user.role;

  it('demotes the former owner, whether they or the new owner open the app first', async () => {
    const firstToken = await ownerSession(h, OTHER, FIRST.id);
    h.sim.addUser(OTHER, SECOND);
    const secondToken = await openApp(h, OTHER, SECOND.id);
    expect(await roleIn(secondToken)).toBe('user');

    // The former owner opens the app first: no longer named owner, so a plain user.
    h.sim.transferOwnership(OTHER, SECOND.id);
    const firstAgain = await openApp(h, OTHER, FIRST.id);
    expect(await roleIn(firstAgain)).toBe('user');
    const refused = await jsonRequest(h, firstAgain, 'DELETE', '/api/connection');
    expect(refused.status).toBe(403);
    const newOwner = await openApp(h, OTHER, SECOND.id);
    expect(await session(newOwner)).toMatchObject({
      user: { role: 'owner' },
      permissions: { manageUsers: true },
      owner: { email: SECOND.email },
    });
    // The old session of the former owner, too: roles are read on every request.
    expect(await roleIn(firstToken)).toBe('user');

    // Back to the first owner, who opens the app first this time: the other owner is demoted at once,
    // even in the session they already have open.
    h.sim.transferOwnership(OTHER, FIRST.id);
    expect(await roleIn(await openApp(h, OTHER, FIRST.id))).toBe('owner');
    expect(await roleIn(newOwner)).toBe('user');
    const demoted = await jsonRequest(h, newOwner, 'PUT', `/api/users/${FIRST.id}`, { role: 'user' });
    expect(demoted.status).toBe(403);
    expect(
      ((await (await api(h, newOwner, '/api/users')).json()) as UsersResponse).users.map((u) => [
        u.id,
        u.role,
      ]),
    ).toEqual([
      [FIRST.id, 'owner'],
      [SECOND.id, 'user'],
    ]);
  });

  async function session(token: string): Promise<SessionResponse> {
    return (await (await api(h, token, '/api/session')).json()) as SessionResponse;
  }
});
