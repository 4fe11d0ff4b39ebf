import type { WebhookRecord } from '../../scripts/sandbox/bigcommerce';
import { describeWithSpecs, specFile } from '../helpers/bigcommerce-specs';
import { OpenApiValidator } from '../helpers/openapi-validator';
import { api, install, startHarness, type ApiResponse, type Harness } from './bigcommerce-kit';

/** Loaded in beforeAll, not at import: without the specs the suite is skipped, but its body still runs. */
let spec: OpenApiValidator;

/** A webhook as webhooks.v3.yml's `webhook_Full` describes it. */
type Hook = WebhookRecord;
type Pagination = {
  total: number;
  count: number;
  per_page: number;
  current_page: number;
  total_pages: number;
  links: { previous?: string; current: string; next?: string };
};

/** Asserts the status, then that the body is what webhooks.v3.yml says this response looks like. */
function expectSpec(res: ApiResponse, method: string, template: string, status: number): void {
  expect({ status: res.status, body: res.body }).toMatchObject({ status });
  spec.assertValidResponse({ method, path: template, status, body: res.body });
}

describeWithSpecs('BigCommerce simulator: webhooks v3 API, checked against webhooks.v3.yml', () => {
  let h: Harness;
  let token: string;
  let clock: number;
  beforeAll(() => {
    spec = OpenApiValidator.fromFile(specFile('webhooks.v3.yml'));
  });
  beforeEach(async () => {
    clock = Date.parse('2026-11-27T12:00:00Z');
    h = await startHarness({ now: () => clock });
    token = (await install(h, 'demo7x3')).access_token;
  });
  afterEach(() => h.close());

  const create = (body: unknown, storeToken = token, store = 'demo7x3') =>
    api(h, storeToken, 'POST', '/hooks', body, store);

  it('creates a hook, echoing custom headers and defaulting is_active to true', async () => {
    const res = await create({
      scope: 'store/order/created',
      destination: 'https://app.example.com/webhooks/bc',
      headers: { 'X-App-Webhook-Secret': 's3cret' },
    });
    expectSpec(res, 'post', '/hooks', 200);
    expect(res.body).toEqual({
      data: {
        id: expect.any(Number),
        client_id: 'sandbox-client-id',
        store_hash: 'demo7x3',
        scope: 'store/order/created',
        destination: 'https://app.example.com/webhooks/bc',
        headers: { 'X-App-Webhook-Secret': 's3cret' },
        is_active: true,
        created_at: clock / 1000,
        updated_at: clock / 1000,
      },
      meta: {},
    });
    expect(h.sim.inspect.hooks('demo7x3')).toEqual([(res.body as { data: Hook }).data]);
  });

  it('returns null headers and the given is_active when no headers are sent', async () => {
    const res = await create({
      scope: 'store/order/*',
      destination: 'https://app.example.com/h',
      is_active: false,
    });
    expectSpec(res, 'post', '/hooks', 200);
    expect((res.body as { data: Hook }).data).toMatchObject({ headers: null, is_active: false });
  });

  it('gets, updates and deletes a hook by id', async () => {
    const created = (await create({ scope: 'store/order/*', destination: 'https://app.example.com/h' }))
      .body as {
      data: Hook;
    };
    const id = created.data.id;

    const got = await api(h, token, 'GET', `/hooks/${id}`);
    expectSpec(got, 'get', '/hooks/{webhook_id}', 200);
    expect(got.body).toEqual(created);

    clock += 60_000;
    const updated = await api(h, token, 'PUT', `/hooks/${id}`, { is_active: false, headers: { 'X-A': 'b' } });
    expectSpec(updated, 'put', '/hooks/{webhook_id}', 200);
    expect((updated.body as { data: Hook }).data).toEqual({
      ...created.data,
      is_active: false,
      headers: { 'X-A': 'b' },
      updated_at: created.data.updated_at + 60,
    });

    const deleted = await api(h, token, 'DELETE', `/hooks/${id}`);
    expectSpec(deleted, 'delete', '/hooks/{webhook_id}', 200);
    expect((deleted.body as { data: Hook }).data.id).toBe(id);

    const gone = await api(h, token, 'GET', `/hooks/${id}`);
    expectSpec(gone, 'get', '/hooks/{webhook_id}', 404);
    expect(gone.body).toMatchObject({ title: `Webhook with id [${id}] not found` });
    expect(h.sim.inspect.hooks('demo7x3')).toEqual([]);
  });

  it('answers 404 for an unknown or malformed hook id on every verb', async () => {
    for (const [method, body] of [['GET'], ['PUT', { is_active: true }], ['DELETE']] as const) {
      for (const id of ['999', 'abc']) {
        const res = await api(h, token, method, `/hooks/${id}`, body);
        expect(res.status).toBe(404);
        expect(res.body).toEqual({
          status: 404,
          title: `Webhook with id [${id}] not found`,
          type: expect.any(String),
        });
      }
    }
  });

  it('refuses an update without any field', async () => {
    const id = (
      (await create({ scope: 'store/order/*', destination: 'https://a.example/h' })).body as { data: Hook }
    ).data.id;
    const res = await api(h, token, 'PUT', `/hooks/${id}`, {});
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ title: expect.stringMatching(/at least one field/i) });
  });

  it('lists hooks filtered by is_active, scope and destination', async () => {
    await create({ scope: 'store/order/created', destination: 'https://a.example/h' });
    await create({ scope: 'store/order/updated', destination: 'https://a.example/h', is_active: false });
    await create({ scope: 'store/order/updated', destination: 'https://b.example/h' });

    const ids = async (query: string) => {
      const res = await api(h, token, 'GET', `/hooks${query}`);
      expectSpec(res, 'get', '/hooks', 200);
      return (res.body as { data: Hook[] }).data.map((hook) => `${hook.scope} ${hook.destination}`);
    };
    expect(await ids('')).toHaveLength(3);
    expect(await ids('?is_active=false')).toEqual(['store/order/updated https://a.example/h']);
    expect(await ids('?scope=store/order/updated')).toEqual([
      'store/order/updated https://a.example/h',
      'store/order/updated https://b.example/h',
    ]);
    expect(await ids(`?destination=${encodeURIComponent('https://b.example/h')}`)).toEqual([
      'store/order/updated https://b.example/h',
    ]);
    expect(await ids('?is_active=true&scope=store/order/updated')).toEqual([
      'store/order/updated https://b.example/h',
    ]);
  });

  it('paginates with page and limit and describes it in meta.pagination', async () => {
    for (let i = 0; i < 5; i += 1)
      await create({ scope: 'store/order/*', destination: `https://a.example/${i}` });

    const second = await api(h, token, 'GET', '/hooks?page=2&limit=2');
    expectSpec(second, 'get', '/hooks', 200);
    const body = second.body as { data: Hook[]; meta: { pagination: Pagination } };
    expect(body.data.map((hook) => hook.destination)).toEqual(['https://a.example/2', 'https://a.example/3']);
    expect(body.meta.pagination).toEqual({
      total: 5,
      count: 2,
      per_page: 2,
      current_page: 2,
      total_pages: 3,
      links: { previous: '?page=1&limit=2', current: '?page=2&limit=2', next: '?page=3&limit=2' },
    });

    const last = await api(h, token, 'GET', '/hooks?page=3&limit=2');
    expectSpec(last, 'get', '/hooks', 200);
    expect((last.body as { meta: { pagination: Pagination } }).meta.pagination).toMatchObject({
      count: 1,
      links: { previous: '?page=2&limit=2', current: '?page=3&limit=2' },
    });

    const defaults = (await api(h, token, 'GET', '/hooks')).body as { meta: { pagination: Pagination } };
    expect(defaults.meta.pagination).toMatchObject({ per_page: 50, current_page: 1, total_pages: 1 });
  });

  it('returns an empty data array when there are no hooks', async () => {
    // webhooks.v3.yml says `minItems: 1` for the list, which no empty collection can meet; BigCommerce's
    // v3 collections answer an empty `data` array, so this shape is asserted directly instead.
    const res = await api(h, token, 'GET', '/hooks');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: [],
      meta: {
        pagination: {
          total: 0,
          count: 0,
          per_page: 50,
          current_page: 1,
          total_pages: 0,
          links: { current: '?page=1&limit=50' },
        },
      },
    });
  });

  it('refuses invalid list filters', async () => {
    for (const query of ['?page=0', '?limit=251', '?limit=x', '?is_active=maybe']) {
      const res = await api(h, token, 'GET', `/hooks${query}`);
      expect(res.status).toBe(422);
    }
  });

  it('refuses a second hook with the same scope and destination', async () => {
    const hook = { scope: 'store/order/*', destination: 'https://app.example.com/h' };
    expectSpec(await create(hook), 'post', '/hooks', 200);
    const duplicate = await create(hook);
    expectSpec(duplicate, 'post', '/hooks', 422);
    expect(duplicate.body).toMatchObject({ title: expect.stringMatching(/already exists/) });
    expectSpec(
      await create({ ...hook, destination: 'https://app.example.com/other' }),
      'post',
      '/hooks',
      200,
    );
  });

  it('allows at most 10 hooks per scope, also when an update would move a hook into a full scope', async () => {
    for (let i = 0; i < 10; i += 1) {
      expect(
        (await create({ scope: 'store/order/created', destination: `https://a.example/${i}` })).status,
      ).toBe(200);
    }
    const eleventh = await create({ scope: 'store/order/created', destination: 'https://a.example/10' });
    expectSpec(eleventh, 'post', '/hooks', 422);
    expect(eleventh.body).toMatchObject({ errors: { scope: expect.stringMatching(/at most 10/) } });

    const other = await create({ scope: 'store/order/updated', destination: 'https://a.example/10' });
    expectSpec(other, 'post', '/hooks', 200);
    const moved = await api(h, token, 'PUT', `/hooks/${(other.body as { data: Hook }).data.id}`, {
      scope: 'store/order/created',
    });
    expect(moved.status).toBe(422);
  });

  it.each([
    ['http on a public host', 'http://app.example.com/h'],
    ['a custom https port', 'https://app.example.com:8443/h'],
    ['a relative URL', '/webhooks'],
  ])('refuses a destination with %s', async (_case, destination) => {
    const res = await create({ scope: 'store/order/*', destination });
    expectSpec(res, 'post', '/hooks', 422);
    expect(res.body).toMatchObject({ errors: { destination: expect.any(String) } });
  });

  it.each([
    ['https on the default port', 'https://app.example.com/h'],
    ['https on an explicit 443', 'https://app.example.com:443/h'],
    ['sandbox leniency: http on 127.0.0.1 with a port', 'http://127.0.0.1:3000/webhooks/bc'],
    ['sandbox leniency: http on localhost', 'http://localhost:8080/h'],
    ['sandbox leniency: http on [::1]', 'http://[::1]:8080/h'],
  ])('accepts a destination with %s', async (_case, destination) => {
    expectSpec(await create({ scope: 'store/order/*', destination }), 'post', '/hooks', 200);
  });

  it('reports missing and mistyped fields the way BigCommerce does', async () => {
    const missing = await create({ scope: 'store/order/*' });
    expectSpec(missing, 'post', '/hooks', 422);
    expect(missing.body).toMatchObject({ errors: { destination: 'error.path.missing' } });

    const mistyped = await create({
      scope: 'store/order/*',
      destination: 'https://a.example/h',
      is_active: 'yes',
    });
    expectSpec(mistyped, 'post', '/hooks', 422);
    expect(mistyped.body).toMatchObject({ errors: { is_active: 'error.expected.jsboolean' } });

    const badScope = await create({ scope: 'orders', destination: 'https://a.example/h' });
    expectSpec(badScope, 'post', '/hooks', 422);
    expect(badScope.body).toMatchObject({ errors: { scope: expect.any(String) } });

    const badHeaders = await create({
      scope: 'store/order/*',
      destination: 'https://a.example/h',
      headers: { a: 1 },
    });
    expectSpec(badHeaders, 'post', '/hooks', 422);
  });

  it('answers 400 for a body that is not a JSON object', async () => {
    for (const body of ['{not json', '[1,2]']) {
      const res = await create(body);
      expectSpec(res, 'post', '/hooks', 400);
      expect(res.body).toMatchObject({ title: 'Input is invalid.' });
    }
  });

  it('answers 401 with BigCommerce’s error body for a stale, missing or foreign token', async () => {
    const stale = token;
    const fresh = (await install(h, 'demo7x3')).access_token;
    const other = (await install(h, 'othr9k2')).access_token;
    for (const bad of [stale, '', other]) {
      const listed = await api(h, bad, 'GET', '/hooks');
      expectSpec(listed, 'get', '/hooks', 401);
      expect(listed.body).toEqual({
        status: 401,
        title:
          'Unauthorized - the v3 Auth client ID or token in the request are not a valid combination for this store.',
        type: '/api-docs/getting-started/api-status-codes',
      });
      expectSpec(
        await create({ scope: 'store/order/*', destination: 'https://a.example/h' }, bad),
        'post',
        '/hooks',
        401,
      );
      expectSpec(await api(h, bad, 'GET', '/hooks/1'), 'get', '/hooks/{webhook_id}', 401);
    }
    expect((await api(h, fresh, 'GET', '/hooks')).status).toBe(200);
  });

  it('keeps each store’s hooks to itself', async () => {
    const other = (await install(h, 'othr9k2')).access_token;
    const id = (
      (await create({ scope: 'store/order/*', destination: 'https://a.example/h' })).body as { data: Hook }
    ).data.id;
    expect((await api(h, other, 'GET', `/hooks/${id}`, undefined, 'othr9k2')).status).toBe(404);
    const listed = await api(h, other, 'GET', '/hooks', undefined, 'othr9k2');
    expect((listed.body as { data: Hook[] }).data).toEqual([]);
    expect(h.sim.inspect.hooks('othr9k2')).toEqual([]);
  });

  it('answers every API request with the injected failure status while the knob is set', async () => {
    h.sim.knobs.apiFailure = 503;
    const failed = await api(h, token, 'GET', '/hooks');
    expect(failed.status).toBe(503);
    expect(failed.body).toEqual({ status: 503, title: 'Service Unavailable', type: expect.any(String) });
    expect(failed.headers.get('x-rate-limit-requests-left')).toBeNull();
    h.sim.knobs.apiFailure = null;
    expect((await api(h, token, 'GET', '/hooks')).status).toBe(200);
  });

  it('enforces the store’s quota per 30-second window with BigCommerce’s rate-limit headers', async () => {
    h.sim.knobs.apiRequestsPerWindow = 2;
    const first = await api(h, token, 'GET', '/hooks');
    expect(first.status).toBe(200);
    expect(
      Object.fromEntries([...first.headers].filter(([name]) => name.startsWith('x-rate-limit'))),
    ).toEqual({
      'x-rate-limit-time-window-ms': '30000',
      'x-rate-limit-time-reset-ms': '30000',
      'x-rate-limit-requests-quota': '2',
      'x-rate-limit-requests-left': '1',
    });
    expect((await api(h, token, 'GET', '/hooks')).status).toBe(200);
    clock += 10_000;
    const limited = await api(h, token, 'GET', '/hooks');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-rate-limit-time-reset-ms')).toBe('20000');
    expect(limited.headers.get('x-retry-after')).toBe('20');
    clock += 20_000;
    expect((await api(h, token, 'GET', '/hooks')).status).toBe(200);
  });

  it('delays responses by the latency knob', async () => {
    h.sim.knobs.latencyMs = 200;
    const started = performance.now();
    await api(h, token, 'GET', '/hooks');
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
  });

  it('records every request it receives', async () => {
    await api(h, token, 'POST', '/hooks?x=1', { scope: 'store/order/*', destination: 'https://a.example/h' });
    const recorded = h.sim.inspect.requests.at(-1);
    expect(recorded).toEqual({
      method: 'POST',
      path: '/stores/demo7x3/v3/hooks',
      query: { x: '1' },
      headers: expect.objectContaining({ 'x-auth-token': token, 'content-type': 'application/json' }),
      body: JSON.stringify({ scope: 'store/order/*', destination: 'https://a.example/h' }),
      receivedAt: clock,
    });
  });
});
