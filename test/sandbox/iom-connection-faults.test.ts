import type { IomSimulator } from '../../scripts/sandbox/iom';
import { appToken, clientCredentials, tokenEndpoint, useIomSandbox, webApi } from './iom-kit';

/** The simulator faults a connection test meets: throttling penalties, failed key indexes, revoked secrets. */
describe('IOM simulator: faults a connection test must report truthfully', () => {
  let sim: IomSimulator;
  let token: string;
  useIomSandbox((running) => ({ sim, token } = running), { withToken: true });

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  describe('a service protection penalty', () => {
    it('refuses every request with 429 and the Retry-After of the penalty', async () => {
      sim.throttle(7);
      const refused = await webApi(sim, token, 'GET', 'WhoAmI');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('7');
      expect(refused.body.error.code).toBe('0x80072322');
    });

    it('is restarted by a request sent before Retry-After elapsed, and ends once the client waits it out', async () => {
      sim.throttle(1);
      expect((await webApi(sim, token, 'GET', 'WhoAmI')).status).toBe(429);
      await sleep(600);
      // Early: refused, and the penalty starts over from here.
      const early = await webApi(sim, token, 'GET', 'WhoAmI');
      expect(early.status).toBe(429);
      expect(early.headers.get('retry-after')).toBe('1');
      await sleep(600); // 1.2 s after the first refusal, but only 0.6 s after the early request
      expect((await webApi(sim, token, 'GET', 'WhoAmI')).status).toBe(429);
      await sleep(1100); // the full Retry-After since the last request
      expect((await webApi(sim, token, 'GET', 'WhoAmI')).status).toBe(200);
    });
  });

  describe('a Failed alternate-key index', () => {
    const keysPath =
      "EntityDefinitions(LogicalName='salesorder')/Keys?$select=LogicalName,EntityKeyIndexStatus";
    const reactivatePath =
      "EntityDefinitions(LogicalName='salesorder')/Microsoft.Dynamics.CRM.ReactivateEntityKey";

    it('reports EntityKeyIndexStatus Failed, and ReactivateEntityKey rebuilds it', async () => {
      sim.knobs.alternateKeyIndexStatus = 'Failed';
      const before = await webApi(sim, token, 'GET', keysPath);
      expect(before.body.value).toEqual([
        expect.objectContaining({ LogicalName: 'msdyn_externalorderidkey', EntityKeyIndexStatus: 'Failed' }),
      ]);
      const reactivated = await webApi(sim, token, 'POST', reactivatePath, {
        EntityKeyLogicalName: 'msdyn_externalorderidkey',
      });
      expect(reactivated.status).toBe(200);
      expect(String(reactivated.body['@odata.context'])).toMatch(/ReactivateEntityKeyResponse$/);
      const after = await webApi(sim, token, 'GET', keysPath);
      expect(after.body.value[0]).toMatchObject({ EntityKeyIndexStatus: 'Active' });
    });

    it('refuses an unknown key name with 404, and a role without customization with 403', async () => {
      const unknown = await webApi(sim, token, 'POST', reactivatePath, { EntityKeyLogicalName: 'nope' });
      expect(unknown.status).toBe(404);
      sim.knobs.privileges.customizeEntities = false;
      const denied = await webApi(sim, token, 'POST', reactivatePath, {
        EntityKeyLogicalName: 'msdyn_externalorderidkey',
      });
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toMatch(/prvCreateEntityKey/);
    });
  });

  describe('the token endpoint', () => {
    const requestToken = (form: Record<string, string>) =>
      fetch(tokenEndpoint(sim), { method: 'POST', body: new URLSearchParams(form) });

    it('refuses the old secret once it is rotated, accepts the new one, and reset() restores it', async () => {
      const fresh = sim.rotateClientSecret();
      const old = await requestToken(clientCredentials(sim));
      expect(old.status).toBe(401);
      expect(((await old.json()) as { error_codes: number[] }).error_codes).toEqual([7000215]);
      // A token issued before the rotation is still valid until it expires.
      expect((await webApi(sim, token, 'GET', 'WhoAmI')).status).toBe(200);
      const renewed = await requestToken({ ...clientCredentials(sim), client_secret: fresh });
      expect(renewed.status).toBe(200);
      sim.reset();
      expect((await appToken(sim)).split('.')).toHaveLength(3);
    });

    it('issues tokens for further environments registered in the tenant, and only for those', async () => {
      const other = 'http://127.0.0.1:1';
      const refused = await requestToken({ ...clientCredentials(sim), scope: `${other}/.default` });
      expect(refused.status).toBe(400);
      sim.knobs.otherEnvironmentUrls = [other];
      const issued = await requestToken({ ...clientCredentials(sim), scope: `${other}/.default` });
      expect(issued.status).toBe(200);
      const { access_token } = (await issued.json()) as { access_token: string };
      const claims = JSON.parse(Buffer.from(access_token.split('.')[1]!, 'base64url').toString()) as {
        aud: string;
      };
      expect(claims.aud.replace(/\/$/, '')).toBe(other);
      // Not a token for this environment.
      expect((await webApi(sim, access_token, 'GET', 'WhoAmI')).status).toBe(401);
    });
  });
});
