import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startIomSimulator, type IomSimulator } from '../../scripts/sandbox/iom';
import { EntraTokenProvider, msalConfiguration } from '../../server/iom/entra-token';
import { EntraTokenError } from '../../server/iom/errors';

describe('Entra client-credential tokens', () => {
  let sim: IomSimulator | undefined;
  let stub: Server | undefined;
  afterEach(async () => {
    await sim?.close();
    await new Promise<void>((resolve) => (stub ? stub.close(() => resolve()) : resolve()));
    sim = undefined;
    stub = undefined;
  });

  it('a token endpoint that answers 404 with an empty body is an error, not an empty token', async () => {
    // msal-node does not check HTTP status (a 404 `{}` resolves with an empty token): this stands in for a wrong
    // authority host that answers every path with 404 {}.
    stub = createServer((_req, res) => {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'application/json');
      res.end('{}');
    });
    await new Promise<void>((resolve) => stub!.listen(0, '127.0.0.1', resolve));
    const host = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    const provider = new EntraTokenProvider(host);
    const error = await provider
      .getToken({ tenantId: 't', clientId: 'c', clientSecret: 's' }, 'https://org.crm.dynamics.com')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntraTokenError);
    expect(error).toMatchObject({
      failure: 'empty_token',
      message: expect.stringMatching(/returned no access token/),
    });
  });

  it('an unreachable authority host is reported as unreachable', async () => {
    const provider = new EntraTokenProvider('http://127.0.0.1:9', { timeoutMs: 2000 });
    const error = await provider
      .getToken({ tenantId: 't', clientId: 'c', clientSecret: 's' }, 'https://org.crm.dynamics.com')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: 'unreachable', retriable: true });
  });

  it('reports each token request to onResponse: 200, Entra’s refusal status, 0 for no answer', async () => {
    sim = await startIomSimulator();
    const statuses: number[] = [];
    const provider = new EntraTokenProvider(sim.authorityHost, { onResponse: (s) => statuses.push(s) });
    await provider.getToken(sim.credentials, sim.environmentUrl);
    sim.rotateClientSecret();
    await expect(
      provider.getToken(sim.credentials, sim.environmentUrl, { fresh: true }),
    ).rejects.toMatchObject({ failure: 'bad_secret' });
    expect(statuses[0]).toBe(200);
    expect(statuses).toHaveLength(2);
    expect(statuses[1]).toBeGreaterThanOrEqual(400);
    const unreachable: number[] = [];
    await new EntraTokenProvider('http://127.0.0.1:9', {
      timeoutMs: 2000,
      onResponse: (s) => unreachable.push(s),
    })
      .getToken({ tenantId: 't', clientId: 'c', clientSecret: 's' }, 'https://org.crm.dynamics.com')
      .catch(() => undefined);
    expect(unreachable).toEqual([0]);
  });

  it('asks for the environment’s /.default scope at ENTRA_AUTHORITY_HOST/{tenant}', async () => {
    sim = await startIomSimulator();
    const provider = new EntraTokenProvider(sim.authorityHost);
    const token = await provider.getToken(sim.credentials, `${sim.environmentUrl}/`);
    expect(token.split('.')).toHaveLength(3);
    const request = sim.inspect.requests.find((r) => r.path.endsWith('/oauth2/v2.0/token'));
    expect(request?.path).toBe(`/${sim.credentials.tenantId}/oauth2/v2.0/token`);
    const form = new URLSearchParams(request?.body);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('scope')).toBe(`${sim.environmentUrl}/.default`);
    expect(form.get('client_id')).toBe(sim.credentials.clientId);
  });

  it('a fresh token bypasses the cache, and a refused fresh request leaves no stale token behind', async () => {
    sim = await startIomSimulator();
    const provider = new EntraTokenProvider(sim.authorityHost);
    await provider.getToken(sim.credentials, sim.environmentUrl);
    await provider.getToken(sim.credentials, sim.environmentUrl);
    expect(sim.inspect.tokenRequests()).toBe(1);
    await provider.getToken(sim.credentials, sim.environmentUrl, { fresh: true });
    expect(sim.inspect.tokenRequests()).toBe(2);

    sim.rotateClientSecret();
    await expect(
      provider.getToken(sim.credentials, sim.environmentUrl, { fresh: true }),
    ).rejects.toMatchObject({ failure: 'bad_secret' });
    // The cached token (issued before the secret was revoked) is gone too: the next call asks again.
    await expect(provider.getToken(sim.credentials, sim.environmentUrl)).rejects.toMatchObject({
      failure: 'bad_secret',
    });
    expect(sim.inspect.tokenRequests()).toBe(4);
  });

  it('uses the plain authority for Microsoft’s https host and the metadata trick only for loopback', () => {
    const creds = { tenantId: 'contoso.onmicrosoft.com', clientId: 'c', clientSecret: 's' };
    const real = msalConfiguration('https://login.microsoftonline.com', creds);
    expect(real.auth.authority).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com');
    expect(real.auth.authorityMetadata).toBeUndefined();
    const local = msalConfiguration('http://127.0.0.1:4000', creds);
    expect(local.auth.authority).toBe('https://127.0.0.1:4000/contoso.onmicrosoft.com');
    expect(JSON.parse(local.auth.authorityMetadata ?? '{}').token_endpoint).toBe(
      'http://127.0.0.1:4000/contoso.onmicrosoft.com/oauth2/v2.0/token',
    );
  });
});
