import { ConfidentialClientApplication } from '@azure/msal-node';
import jwt, { type JwtPayload } from 'jsonwebtoken';

function decodeJwt(token: string): JwtPayload {
  const claims = jwt.decode(token, { json: true });
  if (!claims) throw new Error('not a JWT');
  return claims;
}
import type { IomSimulator } from '../../scripts/sandbox/iom';
import { clientCredentials, tokenEndpoint, useIomSandbox } from './iom-kit';

/**
 * The simulated Entra ID token endpoint (client credentials), over real sockets: with plain form posts
 * for every error path, and with msal-node configured as the connector does (msalConfiguration in server/iom/entra-token.ts).
 */
describe('IOM simulator: Entra ID token endpoint', () => {
  let sim: IomSimulator;
  useIomSandbox((running) => ({ sim } = running));

  const tokenUrl = (tenant?: string) => tokenEndpoint(sim, tenant);
  const goodForm = () => clientCredentials(sim);
  const postToken = async (form: Record<string, string>, tenant?: string) => {
    const response = await fetch(
      `${tokenUrl(tenant)}?client-request-id=7d1c0c8e-1111-4222-8333-944455556666`,
      {
        method: 'POST',
        body: new URLSearchParams(form),
      },
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('issues a signed app token for the environment to the registered app', async () => {
    const { status, body } = await postToken(goodForm());
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    const token = String(body.access_token);
    expect(jwt.decode(token, { complete: true })?.header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      aud: sim.environmentUrl,
      tid: sim.credentials.tenantId,
      appid: sim.credentials.clientId,
      iss: `https://sts.windows.net/${sim.credentials.tenantId}/`,
      idtyp: 'app',
      ver: '1.0',
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3599);
    expect(Number(claims.nbf)).toBeLessThanOrEqual(Number(claims.iat));
  });

  it('honours the token lifetime knob', async () => {
    sim.knobs.tokenLifetimeSeconds = 60;
    const { body } = await postToken(goodForm());
    expect(body.expires_in).toBe(60);
    const claims = decodeJwt(String(body.access_token));
    expect(Number(claims.exp) - Number(claims.iat)).toBe(60);
  });

  it('refuses an unknown tenant with AADSTS90002', async () => {
    const { status, body } = await postToken(goodForm(), '00000000-0000-4000-8000-000000000000');
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_request');
    expect(body.error_codes).toEqual([90002]);
    expect(body.error_description).toMatch(
      /^AADSTS90002: Tenant '00000000-0000-4000-8000-000000000000' not found/,
    );
    expect(body.correlation_id).toBe('7d1c0c8e-1111-4222-8333-944455556666');
  });

  it('refuses an unknown client with AADSTS700016', async () => {
    const { status, body } = await postToken({
      ...goodForm(),
      client_id: '11111111-2222-4333-8444-555555555555',
    });
    expect(status).toBe(400);
    expect(body.error).toBe('unauthorized_client');
    expect(body.error_description).toMatch(
      /^AADSTS700016: Application with identifier '11111111-2222-4333-8444-555555555555' was not found/,
    );
  });

  it('refuses a wrong secret with 401 invalid_client AADSTS7000215', async () => {
    const { status, body } = await postToken({ ...goodForm(), client_secret: 'not-the-secret' });
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
    expect(body.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided\./);
    expect(JSON.stringify(body)).not.toContain('not-the-secret');
  });

  it('refuses a missing secret with AADSTS7000218', async () => {
    const { client_secret: _omitted, ...form } = goodForm();
    const { status, body } = await postToken(form);
    expect(status).toBe(401);
    expect(body.error_codes).toEqual([7000218]);
  });

  it('refuses a scope for another resource with AADSTS500011', async () => {
    const { status, body } = await postToken({
      ...goodForm(),
      scope: 'https://other.crm.dynamics.com/.default',
    });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_resource');
    expect(body.error_description).toMatch(
      /^AADSTS500011: The resource principal named https:\/\/other\.crm\.dynamics\.com was not found/,
    );
  });

  it('refuses a scope without /.default with AADSTS1002012', async () => {
    const { status, body } = await postToken({
      ...goodForm(),
      scope: `${sim.environmentUrl}/user_impersonation`,
    });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_scope');
    expect(body.error_codes).toEqual([1002012]);
  });

  it('refuses other grant types and missing parameters', async () => {
    expect((await postToken({ ...goodForm(), grant_type: 'password' })).body).toMatchObject({
      error: 'unsupported_grant_type',
      error_codes: [70003],
    });
    const { scope: _scope, ...noScope } = goodForm();
    expect((await postToken(noScope)).body).toMatchObject({
      error: 'invalid_request',
      error_codes: [900144],
    });
    const get = await fetch(tokenUrl());
    expect(get.status).toBe(400);
    expect(await get.json()).toMatchObject({ error: 'invalid_request', error_codes: [900561] });
  });

  it('publishes the tenant OpenID configuration and signing keys', async () => {
    const response = await fetch(
      `${sim.authorityHost}/${sim.credentials.tenantId}/v2.0/.well-known/openid-configuration`,
    );
    expect(response.status).toBe(200);
    const config = (await response.json()) as Record<string, string>;
    expect(config.token_endpoint).toBe(tokenUrl());
    expect(config.issuer).toBe(`${sim.authorityHost}/${sim.credentials.tenantId}/v2.0`);
    const keys = (await (await fetch(config.jwks_uri ?? '')).json()) as {
      keys: Array<{ kid: string; kty: string }>;
    };
    const { body } = await postToken(goodForm());
    expect(keys.keys.map((k) => k.kid)).toContain(
      jwt.decode(String(body.access_token), { complete: true })?.header.kid,
    );
    const unknown = await fetch(`${sim.authorityHost}/not-a-tenant/v2.0/.well-known/openid-configuration`);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'invalid_tenant' });
  });

  it('masks the client secret in recorded requests and counts token requests', async () => {
    await postToken(goodForm());
    await postToken({ ...goodForm(), client_secret: 'wrong' });
    expect(sim.inspect.tokenRequests()).toBe(2);
    const recorded = sim.inspect.requests.filter((r) => r.path.endsWith('/oauth2/v2.0/token'));
    expect(recorded).toHaveLength(2);
    for (const request of recorded) expect(request.body).toContain('client_secret=[masked]');
    expect(JSON.stringify(recorded)).not.toContain(sim.credentials.clientSecret);
  });

  it('answers a forced failure on the token endpoint with an Entra error body once', async () => {
    sim.knobs.forceStatus['/oauth2/v2.0/token$'] = 503;
    const first = await postToken(goodForm());
    expect(first.status).toBe(503);
    expect(first.body.error).toBe('temporarily_unavailable');
    expect((await postToken(goodForm())).status).toBe(200);
  });

  describe('with msal-node (https authority string, http token endpoint from authorityMetadata)', () => {
    const msal = (overrides: { clientSecret?: string; tenant?: string } = {}) => {
      const host = new URL(sim.authorityHost).host;
      const tenant = overrides.tenant ?? sim.credentials.tenantId;
      const base = `${sim.authorityHost}/${tenant}`;
      return new ConfidentialClientApplication({
        auth: {
          clientId: sim.credentials.clientId,
          clientSecret: overrides.clientSecret ?? sim.credentials.clientSecret,
          authority: `https://${host}/${tenant}`,
          knownAuthorities: [host],
          authorityMetadata: JSON.stringify({
            token_endpoint: `${base}/oauth2/v2.0/token`,
            authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
            end_session_endpoint: `${base}/oauth2/v2.0/logout`,
            issuer: `${base}/v2.0`,
            jwks_uri: `${base}/discovery/v2.0/keys`,
          }),
        },
      });
    };

    it('acquires a token once and then serves it from its cache', async () => {
      const app = msal();
      const scopes = [`${sim.environmentUrl}/.default`];
      const first = await app.acquireTokenByClientCredential({ scopes });
      const second = await app.acquireTokenByClientCredential({ scopes });
      expect(first?.accessToken).toBeTruthy();
      expect(second?.accessToken).toBe(first?.accessToken);
      expect(sim.inspect.tokenRequests()).toBe(1);
      expect(decodeJwt(first?.accessToken ?? '')).toMatchObject({ aud: sim.environmentUrl });
      const [request] = sim.inspect.requests.filter((r) => r.path.endsWith('/token'));
      expect(request?.body).toContain('grant_type=client_credentials');
      expect(request?.query['client-request-id']).toBeTruthy();
    });

    it('asks again when the cached token is about to expire', async () => {
      sim.knobs.tokenLifetimeSeconds = 120; // inside msal's 5-minute renewal window
      const app = msal();
      const scopes = [`${sim.environmentUrl}/.default`];
      await app.acquireTokenByClientCredential({ scopes });
      await app.acquireTokenByClientCredential({ scopes });
      expect(sim.inspect.tokenRequests()).toBe(2);
    });

    it('rejects with invalid_client for a wrong secret', async () => {
      await expect(
        msal({ clientSecret: 'wrong' }).acquireTokenByClientCredential({
          scopes: [`${sim.environmentUrl}/.default`],
        }),
      ).rejects.toThrow(/invalid_client[\s\S]*AADSTS7000215/);
    });

    it('rejects for an unknown tenant and for another resource', async () => {
      await expect(
        msal({ tenant: '00000000-0000-4000-8000-000000000000' }).acquireTokenByClientCredential({
          scopes: [`${sim.environmentUrl}/.default`],
        }),
      ).rejects.toThrow(/AADSTS90002/);
      await expect(
        msal().acquireTokenByClientCredential({ scopes: ['https://other.crm.dynamics.com/.default'] }),
      ).rejects.toThrow(/AADSTS500011/);
    });
  });
});
