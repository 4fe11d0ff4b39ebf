import jwt from 'jsonwebtoken';
import {
  api,
  CLIENT_ID,
  CLIENT_SECRET,
  install,
  OWNER,
  postToken,
  STAFF,
  startHarness,
  tokenRequestFor,
  verifyPayload,
  type Harness,
  type TokenResponse,
} from './bigcommerce-kit';

const DEFAULT_SCOPES = 'store_v2_orders store_v2_information_read_only store_app_extensions_manage';

describe('BigCommerce simulator: install and OAuth token exchange', () => {
  let h: Harness;
  let clock: number;
  beforeEach(async () => {
    clock = Date.parse('2026-11-27T12:00:00Z');
    h = await startHarness({ now: () => clock });
  });
  afterEach(() => h.close());

  it('sends the browser to the app /auth with code, space-separated scope, context and account_uuid', () => {
    const authUrl = h.sim.beginInstall('demo7x3');
    expect(authUrl.startsWith(`${h.app.url}/auth?code=`)).toBe(true);
    expect(authUrl).toContain('&context=stores%2Fdemo7x3&');
    const query = new URL(authUrl).searchParams;
    expect([...query.keys()]).toEqual(['code', 'scope', 'context', 'account_uuid']);
    expect(query.get('code')).toMatch(/^[a-z0-9]{16}$/);
    expect(query.get('scope')).toBe(DEFAULT_SCOPES);
    expect(query.get('account_uuid')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('exchanges the code for the documented token response and counts the app as installed', async () => {
    const authUrl = h.sim.beginInstall('demo7x3');
    const { status, body } = await postToken(h.sim.url, tokenRequestFor(authUrl, h.app.url));
    expect(status).toBe(200);
    const token = body as TokenResponse;
    expect(Object.keys(token).sort()).toEqual([
      'access_token',
      'account_uuid',
      'context',
      'owner',
      'scope',
      'user',
    ]);
    expect(token).toEqual({
      access_token: expect.stringMatching(/^[a-z0-9]{31}$/),
      scope: DEFAULT_SCOPES,
      user: { id: OWNER.id, username: OWNER.email, email: OWNER.email },
      owner: { id: OWNER.id, username: OWNER.email, email: OWNER.email },
      context: 'stores/demo7x3',
      account_uuid: new URL(authUrl).searchParams.get('account_uuid'),
    });
    expect(h.sim.inspect.currentToken('demo7x3')).toBe(token.access_token);
    expect((await api(h, token.access_token, 'GET', '/hooks')).status).toBe(200);
    await expect(h.sim.loadUrl('demo7x3', OWNER.id)).resolves.toContain('/load?signed_payload_jwt=');
  });

  it('accepts the legacy form-urlencoded token request too', async () => {
    const fields = tokenRequestFor(h.sim.beginInstall('demo7x3'), h.app.url);
    const { status, body } = await postToken(h.sim.url, fields, 'form');
    expect(status).toBe(200);
    expect((body as TokenResponse).context).toBe('stores/demo7x3');
  });

  it('reports the installing user, not the owner, as `user` when a staff user installs', async () => {
    const token = await install(h, 'demo7x3', STAFF.id);
    expect(token.user).toEqual({ id: STAFF.id, username: STAFF.email, email: STAFF.email });
    expect(token.owner.id).toBe(OWNER.id);
  });

  type Tamper = (fields: Record<string, string>) => Record<string, string>;
  const cases: Array<[string, Tamper, number, RegExp]> = [
    ['a wrong client secret', (f) => ({ ...f, client_secret: 'not-the-secret' }), 401, /client secret/i],
    ['a wrong client id', (f) => ({ ...f, client_id: 'someone-else' }), 401, /client id/i],
    [
      'a redirect_uri that differs from the registered /auth URL by a trailing slash',
      (f) => ({ ...f, redirect_uri: `${f['redirect_uri']}/` }),
      400,
      /redirect_uri does not match registered URI/,
    ],
    ['a context for another store', (f) => ({ ...f, context: 'stores/othr9k2' }), 400, /context/],
    ['an unknown code', (f) => ({ ...f, code: 'nosuchcode000000' }), 400, /invalid code/i],
    ['another grant_type', (f) => ({ ...f, grant_type: 'client_credentials' }), 400, /grant_type/],
  ];
  it.each(cases)(
    'refuses %s with a clear error and leaves the code usable',
    async (_case, tamper, status, message) => {
      const fields = tokenRequestFor(h.sim.beginInstall('demo7x3'), h.app.url);
      const refused = await postToken(h.sim.url, tamper(fields));
      expect(refused.status).toBe(status);
      expect(refused.body).toEqual({ error: expect.stringMatching(message) });
      expect(h.sim.inspect.currentToken('demo7x3')).toBeNull();
      expect((await postToken(h.sim.url, fields)).status).toBe(200);
    },
  );

  it('names the missing parameters', async () => {
    const refused = await postToken(h.sim.url, { client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ error: expect.stringMatching(/code, grant_type, context, redirect_uri/) });
  });

  it('refuses a code that was already used', async () => {
    const fields = tokenRequestFor(h.sim.beginInstall('demo7x3'), h.app.url);
    expect((await postToken(h.sim.url, fields)).status).toBe(200);
    const again = await postToken(h.sim.url, fields);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: expect.stringMatching(/already been used/) });
  });

  it('refuses a code after it expires (five minutes)', async () => {
    const fields = tokenRequestFor(h.sim.beginInstall('demo7x3'), h.app.url);
    clock += 5 * 60 * 1000;
    const late = await postToken(h.sim.url, fields);
    expect(late.status).toBe(400);
    expect(late.body).toEqual({ error: expect.stringMatching(/expired/) });
  });

  it('checks redirect_uri against the app URL registered now (setAppUrl)', async () => {
    h.sim.setAppUrl('http://127.0.0.1:1/');
    const fields = tokenRequestFor(h.sim.beginInstall('demo7x3'), h.app.url);
    expect((await postToken(h.sim.url, fields)).status).toBe(400);
    expect((await postToken(h.sim.url, { ...fields, redirect_uri: 'http://127.0.0.1:1/auth' })).status).toBe(
      200,
    );
  });

  it('invalidates the previous token when the app is installed again', async () => {
    const first = await install(h, 'demo7x3');
    const second = await install(h, 'demo7x3');
    expect(second.access_token).not.toBe(first.access_token);
    expect((await api(h, first.access_token, 'GET', '/hooks')).status).toBe(401);
    expect((await api(h, second.access_token, 'GET', '/hooks')).status).toBe(200);
    expect(h.sim.inspect.currentToken('demo7x3')).toBe(second.access_token);
  });

  it('keeps tokens per store: installing on one store leaves the other store’s token alive', async () => {
    const demo = await install(h, 'demo7x3');
    const other = await install(h, 'othr9k2');
    expect((await api(h, demo.access_token, 'GET', '/hooks')).status).toBe(200);
    expect((await api(h, other.access_token, 'GET', '/hooks', undefined, 'othr9k2')).status).toBe(200);
  });

  it('on a scope change asks for consent on Open app and grants the new scopes with a new token', async () => {
    const before = await install(h, 'demo7x3');
    const wider = `${DEFAULT_SCOPES} store_v2_transactions_read_only`;
    h.sim.setAppScopes(wider);
    expect((await api(h, before.access_token, 'GET', '/hooks')).status).toBe(200);

    const opened = await h.sim.openApp('demo7x3', OWNER.id);
    expect(opened.kind).toBe('auth');
    expect(new URL(opened.url).searchParams.get('scope')).toBe(wider);
    const { status, body } = await postToken(h.sim.url, tokenRequestFor(opened.url, h.app.url));
    expect(status).toBe(200);
    expect((body as TokenResponse).scope).toBe(wider);
    expect((await api(h, before.access_token, 'GET', '/hooks')).status).toBe(401);
    expect((await h.sim.openApp('demo7x3', OWNER.id)).kind).toBe('load');
  });

  it('answers the token endpoint with the injected failure status, then recovers', async () => {
    const fields = tokenRequestFor(h.sim.beginInstall('demo7x3'), h.app.url);
    h.sim.knobs.tokenEndpointFailure = 503;
    const failed = await postToken(h.sim.url, fields);
    expect(failed).toEqual({ status: 503, body: { error: 'Service Unavailable' } });
    h.sim.knobs.tokenEndpointFailure = null;
    expect((await postToken(h.sim.url, fields)).status).toBe(200);
  });

  it('refuses to start an install for a user without access to the store', () => {
    expect(() => h.sim.beginInstall('demo7x3', 1111111)).toThrow(/no access/);
    expect(() => h.sim.beginInstall('nosuch')).toThrow(/Unknown store/);
  });
});

describe('BigCommerce simulator: signed_payload_jwt and /load', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('signs with HS256 and the client secret, with every documented claim', async () => {
    const token = await h.sim.signPayload('demo7x3', STAFF.id);
    expect(jwt.decode(token, { complete: true })?.header).toEqual({ typ: 'JWT', alg: 'HS256' });
    const claims = await verifyPayload(token);
    expect(Object.keys(claims)).toEqual([
      'aud',
      'iss',
      'iat',
      'nbf',
      'exp',
      'jti',
      'sub',
      'user',
      'owner',
      'url',
      'channel_id',
    ]);
    expect(claims).toMatchObject({
      aud: CLIENT_ID,
      iss: 'bc',
      sub: 'stores/demo7x3',
      user: { id: STAFF.id, email: STAFF.email, locale: 'en-US' },
      owner: { id: OWNER.id, email: OWNER.email },
      url: '/',
      channel_id: null,
    });
    const iat = claims.iat ?? 0;
    expect(Math.abs(iat - Date.now() / 1000)).toBeLessThan(5);
    expect(claims.nbf).toBe(iat - 5);
    expect(claims.exp).toBe(iat - 5 + 24 * 60 * 60);
    expect(claims.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('does not verify with another secret', async () => {
    const token = await h.sim.signPayload('demo7x3', OWNER.id);
    expect(() => jwt.verify(token, 'wrong-secret')).toThrow(/signature/);
  });

  it('honours the url, lifetime and not-before options', async () => {
    const token = await h.sim.signPayload('demo7x3', OWNER.id, {
      url: '/orders/42',
      expiresInSec: 60,
      notBeforeOffsetSec: 600,
    });
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
      string,
      number
    >;
    expect(claims['url']).toBe('/orders/42');
    expect(claims['nbf']).toBe((claims['iat'] ?? 0) + 600);
    expect(claims['exp']).toBe((claims['nbf'] ?? 0) + 60);
    await expect(verifyPayload(token)).rejects.toThrow(jwt.NotBeforeError);
  });

  it('builds the /load URL with a fresh payload carrying the deep link', async () => {
    await install(h, 'demo7x3');
    const url = new URL(await h.sim.loadUrl('demo7x3', STAFF.id, '/orders/7'));
    expect(`${url.origin}${url.pathname}`).toBe(`${h.app.url}/load`);
    const claims = await verifyPayload(url.searchParams.get('signed_payload_jwt') ?? '');
    expect(claims['url']).toBe('/orders/7');
    expect(claims['user']).toEqual({ id: STAFF.id, email: STAFF.email, locale: 'en-US' });
  });

  it('will not load the app on a store where it is not installed', async () => {
    await expect(h.sim.loadUrl('demo7x3', OWNER.id)).rejects.toThrow(/not installed/);
    await expect(h.sim.openApp('demo7x3', OWNER.id)).rejects.toThrow(/not installed/);
  });

  it('lets an added user open the app', async () => {
    await install(h, 'demo7x3');
    h.sim.addUser('demo7x3', { id: 5550001, email: 'new-staff@example.com' });
    const url = new URL(await h.sim.loadUrl('demo7x3', 5550001));
    const claims = await verifyPayload(url.searchParams.get('signed_payload_jwt') ?? '');
    expect(claims['user']).toEqual({ id: 5550001, email: 'new-staff@example.com', locale: 'en-US' });
    expect(() => h.sim.addUser('demo7x3', { id: 5550002, email: 'not-an-email' })).toThrow();
  });
});

describe('BigCommerce simulator: uninstall and remove_user callbacks', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  async function installWithHook(): Promise<TokenResponse> {
    const token = await install(h, 'demo7x3');
    const created = await api(h, token.access_token, 'POST', '/hooks', {
      scope: 'store/order/*',
      destination: `${h.app.url}/webhooks`,
    });
    expect(created.status).toBe(200);
    return token;
  }

  it('calls the app’s /uninstall with a valid payload, then deletes its hooks and revokes its token', async () => {
    const token = await installWithHook();
    expect(h.sim.inspect.hooks('demo7x3')).toHaveLength(1);

    const result = await h.sim.uninstall('demo7x3');
    expect(result).toEqual({ status: 200, body: JSON.stringify({ received: '/uninstall' }) });
    const call = h.app.calls.find((c) => c.path === '/uninstall');
    const claims = await verifyPayload(call?.query['signed_payload_jwt'] ?? '');
    expect(claims).toMatchObject({ sub: 'stores/demo7x3', user: { id: OWNER.id }, owner: { id: OWNER.id } });

    expect(h.sim.inspect.hooks('demo7x3')).toEqual([]);
    expect(h.sim.inspect.currentToken('demo7x3')).toBeNull();
    expect((await api(h, token.access_token, 'GET', '/hooks')).status).toBe(401);
    await expect(h.sim.loadUrl('demo7x3', OWNER.id)).rejects.toThrow(/not installed/);
  });

  it('uninstalls even when the app fails or cannot be reached', async () => {
    await installWithHook();
    h.app.callbackStatus = 500;
    expect((await h.sim.uninstall('demo7x3')).status).toBe(500);
    expect(h.sim.inspect.currentToken('demo7x3')).toBeNull();

    await installWithHook();
    h.sim.setAppUrl('http://127.0.0.1:1');
    const unreachable = await h.sim.uninstall('demo7x3');
    expect(unreachable.status).toBe(0);
    expect(unreachable.body).toMatch(/could not be reached/);
    expect(h.sim.inspect.hooks('demo7x3')).toEqual([]);
  });

  it('sends the acting user in the uninstall payload when a staff user uninstalls', async () => {
    await install(h, 'demo7x3');
    await h.sim.uninstall('demo7x3', STAFF.id);
    const call = h.app.calls.find((c) => c.path === '/uninstall');
    expect((await verifyPayload(call?.query['signed_payload_jwt'] ?? ''))['user']).toMatchObject({
      id: STAFF.id,
    });
  });

  it('refuses to uninstall an app that is not installed', async () => {
    await expect(h.sim.uninstall('demo7x3')).rejects.toThrow(/not installed/);
    expect(h.app.calls).toEqual([]);
  });

  it('calls /remove_user with the removed user in `user`, and the user loses access', async () => {
    await install(h, 'demo7x3');
    const result = await h.sim.removeUser('demo7x3', STAFF.id);
    expect(result.status).toBe(200);
    const call = h.app.calls.find((c) => c.path === '/remove_user');
    const claims = await verifyPayload(call?.query['signed_payload_jwt'] ?? '');
    expect(claims).toMatchObject({
      sub: 'stores/demo7x3',
      user: { id: STAFF.id, email: STAFF.email },
      owner: { id: OWNER.id, email: OWNER.email },
    });
    await expect(h.sim.loadUrl('demo7x3', STAFF.id)).rejects.toThrow(/no access/);
    expect(() => h.sim.beginInstall('demo7x3', STAFF.id)).toThrow(/no access/);
    // A payload can still be signed for the removed user, so tests can check the app refuses it.
    await expect(h.sim.signPayload('demo7x3', STAFF.id)).resolves.toEqual(expect.any(String));
  });

  it('refuses to remove the store owner', async () => {
    await install(h, 'demo7x3');
    await expect(h.sim.removeUser('demo7x3', OWNER.id)).rejects.toThrow(/owner cannot be removed/);
    expect(h.app.calls.filter((c) => c.path === '/remove_user')).toEqual([]);
  });
});
