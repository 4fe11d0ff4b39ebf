import type { ApiErrorBody, ConnectionResponse } from '../../server/http/api-types';
import { jsonRequest, ownerSession, startHarness, type Harness } from '../helpers/harness';

/** The credentials planted in the intake URLs below; none may ever come back from the API. */
const SECRETS = ['s3cr3t-user', 's3cr3t-pass', 'SIG-5c1b9e', 'CODE-77aa', 'KEY-42', 'TOKEN-x9', 'FRAG-01'];

describe('the intake URL never leaves the app with its credentials', () => {
  let h: Harness;
  let token: string;
  beforeAll(async () => {
    h = await startHarness();
    token = await ownerSession(h);
  });
  afterAll(async () => {
    await h.close();
  });

  const body = (intakeUrl?: string) => ({
    environmentUrl: h.iom.environmentUrl,
    tenantId: h.iom.credentials.tenantId,
    clientId: h.iom.credentials.clientId,
    clientSecret: h.iom.credentials.clientSecret,
    intakeMode: 'intake-provider',
    ...(intakeUrl === undefined ? {} : { intakeUrl }),
  });
  const put = (intakeUrl?: string) => jsonRequest(h, token, 'PUT', '/api/connection', body(intakeUrl));

  it('masks user-info, sig, code, key-like and token-like parameters and the fragment, keeping the rest', async () => {
    const full = new URL(h.iom.intakeUrl);
    full.username = 's3cr3t-user';
    full.password = 's3cr3t-pass';
    full.searchParams.set('sig', 'SIG-5c1b9e');
    full.searchParams.set('code', 'CODE-77aa');
    full.searchParams.set('api-key', 'KEY-42');
    full.searchParams.set('access_token', 'TOKEN-x9');
    full.searchParams.set('sv', '1.0');
    full.searchParams.set('sp', '/triggers/manual/run');
    full.searchParams.set('api-version', '2016-10-01');
    full.hash = 'FRAG-01';

    const saved = await put(full.toString());
    expect(saved.status).toBe(200);
    const text = await saved.text();
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    const shown = new URL((JSON.parse(text) as ConnectionResponse).connection!.intakeUrl!);
    expect(shown.username).toBe('%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2');
    expect(shown.password).toBe(shown.username);
    for (const name of ['sig', 'code', 'api-key', 'access_token']) {
      expect(shown.searchParams.get(name)).toBe('••••••');
    }
    expect(shown.searchParams.get('sv')).toBe('1.0');
    expect(shown.searchParams.get('sp')).toBe('/triggers/manual/run');
    expect(shown.searchParams.get('api-version')).toBe('2016-10-01');
    expect(shown.origin).toBe(full.origin);
    expect(shown.pathname).toBe(full.pathname);

    const read = await jsonRequest(h, token, 'GET', '/api/connection');
    const readText = await read.text();
    for (const secret of SECRETS) expect(readText).not.toContain(secret);
    expect((await h.deps.storage.connections.get('demo7x3'))?.intakeUrl).toBe(full.toString());
  });

  it('refuses the masked URL sent back, naming intakeUrl, and keeps the real one', async () => {
    expect((await put(h.iom.intakeUrl)).status).toBe(200);
    const shown = ((await (await put()).json()) as ConnectionResponse).connection!.intakeUrl!;
    expect(shown).toContain('sig=••••••');

    for (const masked of [shown, encodeURI(shown)]) {
      const res = await put(masked);
      expect(res.status).toBe(400);
      const error = ((await res.json()) as ApiErrorBody).error;
      expect(error.code).toBe('validation_failed');
      expect(error.message).toContain('intakeUrl');
      expect(error.message).toContain(
        'paste the full URL again, or leave the field out to keep the saved one',
      );
    }
    expect((await h.deps.storage.connections.get('demo7x3'))?.intakeUrl).toBe(h.iom.intakeUrl);
  });
});
