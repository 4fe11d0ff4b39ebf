import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { clientDirs } from '../../server/compose';
import { loadConfig } from '../../server/config';
import type { AppDeps } from '../../server/deps';
import type { ApiErrorBody } from '../../server/http/api-types';
import { createLogger } from '../../server/logger';
import { checkEnvironmentUrl, checkIntakeUrl, nonPublicKind } from '../../server/net/outbound-target';
import { startRuntime } from '../../server/runtime';
import { REPO_ROOT, jsonRequest, ownerSession, startHarness, type Harness } from '../helpers/harness';

const STORE = 'prod7x3';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0e9a4a3c-1f2b-4c5d-8e7f-9a0b1c2d3e4f';
const LOGIC_APP =
  'https://prod-00.westus.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=abc';

/**
 * The app configured as in production (BigCommerce and Entra on their real https hosts), on a real
 * socket. Install cannot reach a real BigCommerce, so the store and its owner are seeded in storage
 * and the session token is issued with the app's own SessionTokens.
 */
async function startProductionLike(): Promise<{
  url: string;
  deps: AppDeps;
  token: string;
  close(): Promise<void>;
}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iom-outbound-'));
  const config = loadConfig({
    APP_URL: 'https://iom-connector.example.com',
    BC_CLIENT_ID: 'client',
    BC_CLIENT_SECRET: 'secret',
    BC_LOGIN_URL: 'https://login.bigcommerce.com',
    BC_API_URL: 'https://api.bigcommerce.com',
    ENTRA_AUTHORITY_HOST: 'https://login.microsoftonline.com',
    SQLITE_PATH: path.join(dir, 'connector.db'),
    APP_SECRET_KEY: randomBytes(32).toString('base64'),
  });
  expect(config.allowLoopbackTargets).toBe(false);
  const quiet = new Writable({ write: (_chunk, _enc, done) => done() });
  const runtime = await startRuntime(
    { ...config, port: 0 },
    { logger: createLogger('info', quiet), dirs: clientDirs(REPO_ROOT), host: '127.0.0.1' },
  );
  const deps = runtime.deps;
  const now = new Date();
  await deps.storage.stores.saveInstall(
    {
      hash: STORE,
      accessToken: 'token',
      scope: 'store_v2_orders',
      ownerId: 7,
      ownerEmail: 'owner@example.com',
      webhookSecret: 'webhook-secret',
    },
    now,
  );
  const user = await deps.storage.users.upsert(
    { storeHash: STORE, userId: 7, email: 'owner@example.com', role: 'owner' },
    now,
  );
  const { token } = await deps.sessions.issue(
    { storeHash: STORE, userId: 7, sessionVersion: user.sessionVersion },
    now,
  );
  return {
    url: runtime.url,
    deps,
    token,
    close: async () => {
      await runtime.stop(500);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('outside the sandbox, the connection only points at Dataverse and public https hosts', () => {
  let app: Awaited<ReturnType<typeof startProductionLike>>;
  beforeAll(async () => {
    app = await startProductionLike();
  });
  afterAll(async () => {
    await app?.close();
  });

  const put = (overrides: Record<string, unknown>) =>
    fetch(`${app.url}/api/connection`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        environmentUrl: 'https://contoso.crm.dynamics.com',
        tenantId: TENANT,
        clientId: CLIENT,
        clientSecret: 'client-secret',
        intakeMode: 'dataverse',
        ...overrides,
      }),
    });

  async function refused(overrides: Record<string, unknown>): Promise<string> {
    const res = await put(overrides);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ApiErrorBody;
    expect(error.code).toBe('validation_failed');
    return error.message;
  }

  it.each([
    ['https://10.1.2.3', /environmentUrl: points at 10\.1\.2\.3, a private address/],
    ['https://169.254.169.254', /environmentUrl: points at 169\.254\.169\.254, a link-local address/],
    ['https://[::1]', /environmentUrl: points at ::1, a loopback address/],
    ['https://127.0.0.1:8443', /environmentUrl: points at 127\.0\.0\.1, a loopback address/],
  ])('refuses the environment URL %s, naming the address', async (environmentUrl, message) => {
    expect(await refused({ environmentUrl })).toMatch(message);
    expect(await app.deps.storage.connections.get(STORE)).toBeNull();
  });

  it('refuses to test a saved connection whose target is not allowed (saved before the rules, or seeded)', async () => {
    await app.deps.storage.connections.put({
      storeHash: STORE,
      environmentUrl: 'https://10.1.2.3',
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: 'client-secret',
      intakeMode: 'dataverse',
      intakeUrl: null,
      lastTest: null,
      updatedAt: new Date().toISOString(),
    });
    try {
      const res = await fetch(`${app.url}/api/connection/test`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${app.token}` },
      });
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as ApiErrorBody;
      expect(error.message).toMatch(
        /^The saved IOM connection may not be used: environmentUrl: points at 10\.1\.2\.3, a private address/,
      );
      expect((await app.deps.storage.connections.get(STORE))?.lastTest).toBeNull();
    } finally {
      await app.deps.storage.connections.delete(STORE);
    }
  });

  it('refuses an environment URL that is not on a Dataverse host, listing the hosts', async () => {
    const message = await refused({ environmentUrl: 'https://metadata.example.com' });
    expect(message).toContain('environmentUrl: must be a Dataverse environment');
    expect(message).toContain('*.crm.microsoftdynamics.us');
    expect(message).toContain('"metadata.example.com" is not one');
  });

  it.each([
    ['https://localhost/intake', /intakeUrl: names "localhost", which only exists on a private network/],
    ['http://127.0.0.1:7071/api/intake', /intakeUrl: must use https:\/\//],
    ['https://127.0.0.1/api/intake', /intakeUrl: points at 127\.0\.0\.1, a loopback address/],
    ['https://192.168.1.20/api/intake', /intakeUrl: points at 192\.168\.1\.20, a private address/],
    ['https://[::ffff:169.254.169.254]/latest', /intakeUrl: points at .*, a link-local address/],
    ['https://intake.internal/api', /intakeUrl: names "intake.internal", which only exists on a private/],
    [`https://${os.hostname()}/api/intake`, /intakeUrl: names ".*", which is not a public host name/],
  ])('refuses the intake URL %s', async (intakeUrl, message) => {
    const text = await refused({ intakeMode: 'intake-provider', intakeUrl });
    expect(text).toMatch(message);
    expect(text).toContain('intake provider');
  });

  it('accepts a Dataverse environment and a public intake URL, even when DNS cannot resolve them here', async () => {
    const res = await put({
      environmentUrl: 'https://contoso.crm.dynamics.com/api/data/v9.2/',
      intakeMode: 'intake-provider',
      intakeUrl: LOGIC_APP,
    });
    expect(res.status).toBe(200);
    expect(await app.deps.storage.connections.get(STORE)).toMatchObject({
      environmentUrl: 'https://contoso.crm.dynamics.com',
      intakeUrl: LOGIC_APP,
    });
  });

  it.each([
    'https://contoso.crm4.dynamics.com',
    'https://contoso.crm11.dynamics.com',
    'https://contoso.api.crm.dynamics.com',
    'https://contoso.crm9.dynamics.com',
    'https://contoso.crm.microsoftdynamics.us',
    'https://contoso.crm.appsplatform.us',
    'https://contoso.crm.dynamics.cn',
  ])('accepts the Dataverse host %s', async (environmentUrl) => {
    expect((await put({ environmentUrl })).status).toBe(200);
  });
});

describe('the sandbox keeps its loopback targets', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('accepts the simulator on http://127.0.0.1 for both the environment and the intake URL', async () => {
    expect(h.deps.config.allowLoopbackTargets).toBe(true);
    expect(new URL(h.iom.environmentUrl).hostname).toBe('127.0.0.1');
    const token = await ownerSession(h);
    const res = await jsonRequest(h, token, 'PUT', '/api/connection', {
      environmentUrl: h.iom.environmentUrl,
      tenantId: h.iom.credentials.tenantId,
      clientId: h.iom.credentials.clientId,
      clientSecret: h.iom.credentials.clientSecret,
      intakeMode: 'intake-provider',
      intakeUrl: h.iom.intakeUrl,
    });
    expect(res.status).toBe(200);
  });
});

describe('outbound-target checks after name resolution', () => {
  const production = (addresses: string[] | Error) => ({
    allowLoopbackTargets: false,
    resolve: async () => {
      if (addresses instanceof Error) throw addresses;
      return addresses;
    },
  });

  it('refuses a public-looking name that resolves to a private, loopback or link-local address', async () => {
    expect(
      await checkIntakeUrl('https://intake.example.com/x', production(['93.184.215.14', '10.0.0.7'])),
    ).toMatch(/^names "intake\.example\.com", which resolves to 10\.0\.0\.7, a private address/);
    expect(await checkIntakeUrl('https://intake.example.com/x', production(['::1']))).toMatch(/loopback/);
    expect(
      await checkEnvironmentUrl('https://contoso.crm.dynamics.com', production(['169.254.169.254'])),
    ).toMatch(/resolves to 169\.254\.169\.254, a link-local address/);
  });

  it('accepts public addresses, and a name that does not resolve', async () => {
    expect(await checkIntakeUrl('https://intake.example.com/x', production(['93.184.215.14']))).toBeNull();
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    expect(await checkEnvironmentUrl('https://contoso.crm.dynamics.com', production(notFound))).toBeNull();
  });

  it('classifies addresses', () => {
    expect(['10.0.0.1', '172.31.255.255', '192.168.0.1', '100.64.0.1', 'fd00::1'].map(nonPublicKind)).toEqual(
      Array(5).fill('private'),
    );
    expect(['127.0.0.53', '::1', '::ffff:127.0.0.1'].map(nonPublicKind)).toEqual(Array(3).fill('loopback'));
    expect(['169.254.169.254', 'fe80::1'].map(nonPublicKind)).toEqual(['link-local', 'link-local']);
    expect(['8.8.8.8', '172.32.0.1', '2606:4700::1111'].map(nonPublicKind)).toEqual([null, null, null]);
  });
});
