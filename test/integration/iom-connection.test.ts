import type {
  ConnectionResponse,
  ConnectionTestView,
  MasterDataResponse,
  ProductLookupResponse,
} from '../../server/http/api-types';
import { testConnection } from '../../server/iom/connection-test';
import {
  api,
  jsonRequest,
  ownerSession,
  startHarness,
  sandboxConnectionBody,
  type Harness,
} from '../helpers/harness';

describe('connecting a store to IOM (against the Entra + Dataverse simulator)', () => {
  let h: Harness;
  let token: string;
  beforeAll(async () => {
    h = await startHarness();
    token = await ownerSession(h);
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => {
    h.iom.reset();
  });

  const connectionBody = (overrides: Record<string, unknown> = {}) => sandboxConnectionBody(h, overrides);

  async function connect(overrides: Record<string, unknown> = {}): Promise<ConnectionResponse> {
    const res = await jsonRequest(h, token, 'PUT', '/api/connection', connectionBody(overrides));
    expect(res.status).toBe(200);
    return (await res.json()) as ConnectionResponse;
  }

  async function runTest(): Promise<ConnectionTestView> {
    const res = await jsonRequest(h, token, 'POST', '/api/connection/test');
    expect(res.status).toBe(200);
    return (await res.json()) as ConnectionTestView;
  }

  const statusOf = (result: ConnectionTestView, id: string) => result.checks.find((c) => c.id === id)?.status;
  const messageOf = (result: ConnectionTestView, id: string) =>
    result.checks.find((c) => c.id === id)?.message ?? '';

  it('saves the connection without ever returning the secret, and the test passes every check', async () => {
    const saved = await connect();
    expect(saved.connection).toMatchObject({
      environmentUrl: h.iom.environmentUrl,
      tenantId: h.iom.credentials.tenantId,
      clientId: h.iom.credentials.clientId,
      hasClientSecret: true,
      intakeMode: 'dataverse',
      lastTest: null,
    });
    const read = await api(h, token, '/api/connection');
    const text = await read.text();
    expect(text).not.toContain(h.iom.credentials.clientSecret);

    const result = await runTest();
    expect(result.checks.map((c) => [c.id, c.status])).toEqual([
      ['token', 'pass'],
      ['environment', 'pass'],
      ['whoami', 'pass'],
      ['read-salesorders', 'pass'],
      ['iom-installed', 'pass'],
      ['change-tracking', 'pass'],
      ['fulfillment-schema', 'pass'],
      ['alternate-key', 'pass'],
    ]);
    expect(result.ok).toBe(true);
    const after = (await (await api(h, token, '/api/connection')).json()) as ConnectionResponse;
    expect(after.connection?.lastTest?.ok).toBe(true);
  });

  it('keeps the saved secret when the merchant edits other fields without retyping it', async () => {
    await connect();
    const { clientSecret: _omit, ...withoutSecret } = connectionBody();
    const res = await jsonRequest(h, token, 'PUT', '/api/connection', withoutSecret);
    expect(res.status).toBe(200);
    expect((await h.deps.storage.connections.get('demo7x3'))?.clientSecret).toBe(
      h.iom.credentials.clientSecret,
    );
    expect((await runTest()).ok).toBe(true);
  });

  it('a wrong secret fails at sign-in with the fix, and nothing later is attempted', async () => {
    await connect({ clientSecret: 'not-the-secret' });
    const result = await runTest();
    expect(result.ok).toBe(false);
    expect(statusOf(result, 'token')).toBe('fail');
    expect(messageOf(result, 'token')).toMatch(/rejected the client secret.*Certificates & secrets/);
    expect(result.checks.filter((c) => c.id !== 'token').every((c) => c.status === 'skip')).toBe(true);
  });

  it('a wrong tenant fails at sign-in naming the tenant', async () => {
    await connect({ tenantId: '11111111-2222-3333-4444-555555555555' });
    const result = await runTest();
    expect(statusOf(result, 'token')).toBe('fail');
    expect(messageOf(result, 'token')).toMatch(/does not know tenant "11111111-2222-3333-4444-555555555555"/);
  });

  it('an unknown client id fails at sign-in naming the client', async () => {
    await connect({ clientId: '99999999-8888-7777-6666-555555555555' });
    const result = await runTest();
    expect(statusOf(result, 'token')).toBe('fail');
    expect(messageOf(result, 'token')).toMatch(
      /no app registration with client id "99999999-8888-7777-6666-555555555555"/,
    );
  });

  it('a missing read privilege is reported as a 403 with the role to fix', async () => {
    await connect();
    h.iom.knobs.privileges.readSalesOrders = false;
    const result = await runTest();
    expect(statusOf(result, 'read-salesorders')).toBe('fail');
    expect(messageOf(result, 'read-salesorders')).toMatch(
      /security role lacks prvReadSalesOrder \(Read on Order\).*Read \(and Create, Write\) on Order/,
    );
    expect(result.ok).toBe(false);
  });

  it('an environment without IOM says IOM is not installed', async () => {
    await connect();
    h.iom.knobs.iomInstalled = false;
    const result = await runTest();
    expect(statusOf(result, 'iom-installed')).toBe('fail');
    expect(messageOf(result, 'iom-installed')).toMatch(/not installed/);
    expect(statusOf(result, 'change-tracking')).toBe('skip');
  });

  it('change tracking switched off is reported with where to switch it on', async () => {
    await connect();
    h.iom.knobs.changeTracking.msdyn_fulfillmentorder = false;
    const result = await runTest();
    expect(statusOf(result, 'change-tracking')).toBe('fail');
    expect(messageOf(result, 'change-tracking')).toMatch(/Fulfillment Order.*Track changes/);
  });

  it('a missing alternate key is a warning with an offer, and creating it makes the check pass', async () => {
    await connect();
    h.iom.knobs.alternateKeyOnExternalOrderId = false;
    const before = await runTest();
    expect(before.ok).toBe(true);
    const check = before.checks.find((c) => c.id === 'alternate-key');
    expect(check).toMatchObject({ status: 'warn', action: 'create-alternate-key' });

    const created = await jsonRequest(h, token, 'POST', '/api/connection/alternate-key');
    expect(created.status).toBe(202);
    const after = await runTest();
    expect(['pass', 'warn']).toContain(statusOf(after, 'alternate-key'));
    expect(after.checks.find((c) => c.id === 'alternate-key')?.action).toBeUndefined();
  });

  it('creating the alternate key without the customization privilege explains what to ask for', async () => {
    await connect();
    h.iom.knobs.alternateKeyOnExternalOrderId = false;
    h.iom.knobs.privileges.customizeEntities = false;
    const res = await jsonRequest(h, token, 'POST', '/api/connection/alternate-key');
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('privilege_denied');
    expect(body.error.message).toMatch(/System Customizer/);
    expect(body.error.message).not.toMatch(/0x8|OTC=/);
  });

  it('an app registration that is not an application user fails at WhoAmI with the fix', async () => {
    await connect();
    h.iom.knobs.applicationUserExists = false;
    const result = await runTest();
    expect(statusOf(result, 'token')).toBe('pass');
    expect(statusOf(result, 'whoami')).toBe('fail');
    expect(messageOf(result, 'whoami')).toMatch(/application user/);
  });

  it('an environment URL Entra does not know fails at sign-in, pointing at the environment URL', async () => {
    await connect({ environmentUrl: 'http://127.0.0.1:9' });
    const result = await runTest();
    expect(statusOf(result, 'token')).toBe('fail');
    expect(messageOf(result, 'token')).toMatch(/environment URL/);
  });

  it('an environment that does not answer is reported as busy or unavailable, after sign-in passed', async () => {
    h.iom.knobs.timeoutRate = 1;
    const connection = {
      environmentUrl: h.iom.environmentUrl,
      ...h.iom.credentials,
    };
    const client = h.deps.iom.clientFor(connection, { timeoutMs: 300, maxAttempts: 1 });
    const result = await testConnection(client, h.deps.iom.tokens, () => new Date());
    expect(statusOf(result, 'token')).toBe('pass');
    expect(statusOf(result, 'environment')).toBe('fail');
    expect(messageOf(result, 'environment')).toMatch(
      /busy or unavailable.*did not answer within 300 ms.*Environment URL/,
    );
    expect(result.ok).toBe(false);
  });

  it('refuses invalid input with every problem named', async () => {
    const res = await jsonRequest(h, token, 'PUT', '/api/connection', {
      environmentUrl: 'http://contoso.crm.dynamics.com',
      tenantId: 'nope',
      clientId: 'also-nope',
      intakeMode: 'carrier-pigeon',
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { message: string } };
    for (const field of ['environmentUrl', 'tenantId', 'clientId', 'intakeMode'])
      expect(error.message).toContain(field);
    expect(error.message).toMatch(/https:\/\//);
  });

  it('intake-provider mode needs the intake URL, and its signature is never shown', async () => {
    const missing = await jsonRequest(
      h,
      token,
      'PUT',
      '/api/connection',
      connectionBody({ intakeMode: 'intake-provider' }),
    );
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(
      /intakeUrl is required/,
    );
    const saved = await connect({ intakeMode: 'intake-provider', intakeUrl: h.iom.intakeUrl });
    const sig = new URL(h.iom.intakeUrl).searchParams.get('sig')!;
    expect(saved.connection?.intakeUrl).not.toContain(sig);
    expect(saved.connection?.intakeUrl).toContain('sig=');
    expect((await h.deps.storage.connections.get('demo7x3'))?.intakeUrl).toBe(h.iom.intakeUrl);
    // Saving again without the URL (the cockpit only ever sees it masked) keeps the real one.
    const resaved = await jsonRequest(
      h,
      token,
      'PUT',
      '/api/connection',
      connectionBody({ intakeMode: 'intake-provider' }),
    );
    expect(resaved.status).toBe(200);
    expect((await h.deps.storage.connections.get('demo7x3'))?.intakeUrl).toBe(h.iom.intakeUrl);
    // Switching to dataverse mode forgets it.
    await connect({ intakeMode: 'dataverse' });
    expect((await h.deps.storage.connections.get('demo7x3'))?.intakeUrl).toBeNull();
  });

  it('lists master data and finds products by SKU in few requests', async () => {
    await connect();
    for (const kind of ['accounts', 'price-lists', 'currencies', 'units', 'warehouses']) {
      const res = await api(h, token, `/api/iom/${kind}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as MasterDataResponse;
      expect(body.items.length).toBeGreaterThan(0);
      expect(body.items[0]).toEqual({
        id: expect.any(String),
        name: expect.any(String),
        detail: body.items[0]?.detail === null ? null : expect.any(String),
      });
    }
    const currencies = (await (await api(h, token, '/api/iom/currencies')).json()) as MasterDataResponse;
    expect(currencies.items.map((c) => c.detail)).toEqual(expect.arrayContaining(['USD', 'EUR']));

    const before = h.iom.inspect.requests.filter((r) => r.path.endsWith('/products')).length;
    const skus = [...h.iom.catalog.products.map((p) => p.sku), 'NOT-A-SKU', "O'BRIEN-1"];
    const lookup = await jsonRequest(h, token, 'POST', '/api/iom/products/lookup', { skus });
    expect(lookup.status).toBe(200);
    const found = (await lookup.json()) as ProductLookupResponse;
    expect(Object.keys(found.found).sort()).toEqual(h.iom.catalog.products.map((p) => p.sku).sort());
    expect(found.missing.sort()).toEqual(['NOT-A-SKU', "O'BRIEN-1"].sort());
    const productRequests =
      h.iom.inspect.requests.filter((r) => r.path.endsWith('/products')).length - before;
    expect(productRequests).toBe(1);
  });

  it('master data without a connection says to connect first', async () => {
    await jsonRequest(h, token, 'DELETE', '/api/connection');
    const res = await api(h, token, '/api/iom/accounts');
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_connected');
  });
});
