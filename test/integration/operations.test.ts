import { api, bootstrapFrom, installStore, openApp, startHarness, type Harness } from '../helpers/harness';

const STORE = 'demo7x3';
const OWNER = 7654321;
const STAFF = 9876543;

describe('operations: headers, health, logs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('the app may be framed only by the BigCommerce control panel (and the sandbox), never blocked outright', async () => {
    const res = await installStore(h, STORE);
    const csp = res.headers.get('content-security-policy') ?? '';
    const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1]?.split(' ') ?? [];
    expect(ancestors).toEqual(
      expect.arrayContaining(['https://*.mybigcommerce.com', new URL(h.sim.url).origin]),
    );
    expect(ancestors).not.toContain('*');
    expect(csp).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('/healthz answers while the process is up and /readyz checks storage', async () => {
    const health = await fetch(`${h.appUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${h.appUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', storage: 'sqlite' });
  });

  it('every response carries a request id, and an unknown path is a JSON 404', async () => {
    const res = await fetch(`${h.appUrl}/nope`);
    expect(res.status).toBe(404);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'Nothing lives at GET /nope.', requestId: id },
    });
  });

  it('a malformed percent-escape in a path is a JSON 400 saying so, not a 500', async () => {
    await installStore(h, STORE);
    const token = await openApp(h, STORE, OWNER);
    const res = await api(h, token, '/api/iom/%E0%A4%A');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error).toMatchObject({ code: 'bad_request', requestId: res.headers.get('x-request-id') });
    expect(body.error.message).toContain('malformed percent-escape');
    expect(body.error.message).toContain('%E0%A4%A');
    expect(h.logs.some((line) => line.includes('unhandled error'))).toBe(false);
  });

  it('a browser that navigates to an in-app path directly gets a page saying where the app lives', async () => {
    const res = await fetch(`${h.appUrl}/connection`, {
      headers: { Accept: 'text/html,application/xhtml+xml' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('Open IOM Connector from your control panel');
  });

  it('serves the client bundle and favicon', async () => {
    const bundle = await fetch(`${h.appUrl}/static/app.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await bundle.text()).length).toBeGreaterThan(10_000);
    expect((await fetch(`${h.appUrl}/static/favicon.svg`)).status).toBe(200);
  });

  it('logs name the request, store and user but never a token or secret', async () => {
    const auth = await installStore(h, STORE);
    const installSession = bootstrapFrom(await auth.text()).token;
    const loadUrl = await h.sim.loadUrl(STORE, STAFF);
    const signedPayload = new URL(loadUrl).searchParams.get('signed_payload_jwt')!;
    await fetch(loadUrl);
    const ownerToken = await openApp(h, STORE, OWNER);
    await api(h, ownerToken, '/api/session');
    await api(h, 'forged.token.value', '/api/session');
    await h.sim.removeUser(STORE, STAFF);
    const store = (await h.deps.storage.stores.get(STORE))!;
    const installCode = h.sim.inspect.requests.find((r) => r.path === '/oauth2/token')?.body as {
      code?: string;
    };

    const secrets = [
      store.accessToken!,
      store.webhookSecret!,
      h.clientSecret,
      installSession,
      ownerToken,
      signedPayload,
      installCode?.code ?? 'no-code-recorded',
    ];
    const all = h.logs.join('\n');
    for (const secret of secrets) expect(all).not.toContain(secret);

    const requestLines = h.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'request');
    const sessionCall = requestLines.find((l) => l.path === '/api/session' && l.status === 200);
    expect(sessionCall).toMatchObject({ storeHash: STORE, userId: OWNER, requestId: expect.any(String) });
    expect(requestLines.some((l) => typeof l.path === 'string' && l.path.includes('?'))).toBe(false);
  });
});
