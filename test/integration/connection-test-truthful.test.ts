import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { ConnectionTestView } from '../../server/http/api-types';
import {
  jsonRequest,
  ownerSession,
  startHarness,
  sandboxConnectionBody,
  type Harness,
} from '../helpers/harness';

/** Issue 6: the connection test never misleads (against the Entra + Dataverse + IOM simulator). */
describe('the connection test never misleads', () => {
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

  async function connect(overrides: Record<string, unknown> = {}): Promise<void> {
    const res = await jsonRequest(h, token, 'PUT', '/api/connection', connectionBody(overrides));
    expect(res.status).toBe(200);
  }

  async function runTest(): Promise<ConnectionTestView> {
    const res = await jsonRequest(h, token, 'POST', '/api/connection/test');
    expect(res.status).toBe(200);
    return (await res.json()) as ConnectionTestView;
  }

  const check = (result: ConnectionTestView, id: string) => result.checks.find((c) => c.id === id);
  const statusOf = (result: ConnectionTestView, id: string) => check(result, id)?.status;
  const messageOf = (result: ConnectionTestView, id: string) => check(result, id)?.message ?? '';
  const failures = (result: ConnectionTestView) =>
    result.checks.filter((c) => c.status === 'fail').map((c) => c.message);
  const webApiRequests = () => h.iom.inspect.requests.filter((r) => r.path.startsWith('/api/data/'));

  describe('throttling (Retry-After)', () => {
    it('a Retry-After beyond the 5 s interactive wait is reported, never retried early', async () => {
      await connect();
      h.iom.throttle(7);
      const result = await runTest();
      expect(result.ok).toBe(false);
      expect(messageOf(result, 'whoami')).toMatch(/IOM is throttling this app user — test again in 7 s/);
      expect(messageOf(result, 'whoami')).not.toMatch(/application user of this environment/);
      // No later check sends anything either: that would only lengthen the penalty.
      expect(result.checks.slice(3).every((c) => c.status === 'skip')).toBe(true);
      expect(webApiRequests()).toHaveLength(1);
    });

    it('a Retry-After within the wait is waited out in full, then the test passes', async () => {
      await connect();
      h.iom.throttle(2);
      const result = await runTest();
      expect(result.ok).toBe(true);
      const whoAmI = webApiRequests().filter((r) => r.path.includes('/WhoAmI'));
      expect(whoAmI.length).toBe(2);
      expect(whoAmI[1]!.receivedAt - whoAmI[0]!.receivedAt).toBeGreaterThanOrEqual(2000);
    });
  });

  describe('a busy or unavailable IOM is never mistaken for a missing user or privilege', () => {
    it('503 on every request says IOM is busy or unavailable, with the remedy', async () => {
      await connect();
      h.iom.knobs.errorRate = 1;
      const result = await runTest();
      expect(statusOf(result, 'environment')).toBe('fail');
      expect(messageOf(result, 'environment')).toMatch(/IOM is busy or unavailable.*503.*Test again/);
      expect(failures(result).join(' ')).not.toMatch(/application user|privilege|security role/);
      expect(statusOf(result, 'whoami')).toBe('skip');
    });

    it('a throttled read of orders is not reported as a missing privilege', async () => {
      await connect();
      h.iom.knobs.forceStatus['/salesorders$'] = 429;
      // The forced 429 carries Retry-After: 1, within the wait: waited out, then the read passes.
      const result = await runTest();
      expect(statusOf(result, 'read-salesorders')).toBe('pass');
    });

    it('a 5xx on the table definitions stops the test as busy, not as "IOM not installed"', async () => {
      await connect();
      // Once per pattern: two patterns for the same path, so the retry fails too.
      h.iom.knobs.forceStatus['EntityDefinitions.*msdyn_fulfillmentorder'] = 503;
      h.iom.knobs.forceStatus['EntityDefinitions.*msdyn_fulfillmentorder.*'] = 503;
      const result = await runTest();
      expect(statusOf(result, 'iom-installed')).toBe('fail');
      expect(messageOf(result, 'iom-installed')).toMatch(/busy or unavailable/);
      expect(messageOf(result, 'iom-installed')).not.toMatch(/not installed/);
    });
  });

  describe('time limits', () => {
    let hanging: Server | undefined;
    const sockets = new Set<Socket>();
    afterEach(async () => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      await new Promise<void>((resolve) => (hanging ? hanging.close(() => resolve()) : resolve()));
      hanging = undefined;
    });

    it('an environment that accepts connections and never answers is reported within 10 s', async () => {
      hanging = createServer((socket) => {
        sockets.add(socket); // accept, read, never answer
        socket.resume();
      });
      await new Promise<void>((resolve) => hanging!.listen(0, '127.0.0.1', resolve));
      const environmentUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
      h.iom.knobs.otherEnvironmentUrls = [environmentUrl]; // Entra issues tokens for it
      await connect({ environmentUrl });
      const started = Date.now();
      const result = await runTest();
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(statusOf(result, 'token')).toBe('pass');
      expect(statusOf(result, 'environment')).toBe('fail');
      expect(messageOf(result, 'environment')).toMatch(
        /IOM is busy or unavailable: .* did not answer within 3 s.*Environment URL/,
      );
      expect(result.ok).toBe(false);
    });
  });

  describe('the alternate key', () => {
    it('a Failed index says so and offers Reactivate; reactivating makes the next test pass', async () => {
      await connect();
      h.iom.knobs.alternateKeyIndexStatus = 'Failed';
      const before = await runTest();
      expect(check(before, 'alternate-key')).toMatchObject({
        status: 'warn',
        action: 'reactivate-alternate-key',
      });
      expect(messageOf(before, 'alternate-key')).toMatch(/Failed/);
      expect(messageOf(before, 'alternate-key')).not.toMatch(/being built/);

      const reactivated = await jsonRequest(h, token, 'POST', '/api/connection/alternate-key/reactivate');
      expect(reactivated.status).toBe(202);
      const call = h.iom.inspect.requests.find((r) => r.path.endsWith('ReactivateEntityKey'));
      expect(decodeURIComponent(call?.path ?? '')).toBe(
        "/api/data/v9.2/EntityDefinitions(LogicalName='salesorder')/Microsoft.Dynamics.CRM.ReactivateEntityKey",
      );
      expect(JSON.parse(call!.body)).toEqual({ EntityKeyLogicalName: 'msdyn_externalorderidkey' });

      const after = await runTest();
      expect(statusOf(after, 'alternate-key')).toBe('pass');
      expect(check(after, 'alternate-key')?.action).toBeUndefined();
    });

    it('reactivating without the customization privilege explains what to ask for', async () => {
      await connect();
      h.iom.knobs.alternateKeyIndexStatus = 'Failed';
      h.iom.knobs.privileges.customizeEntities = false;
      const res = await jsonRequest(h, token, 'POST', '/api/connection/alternate-key/reactivate');
      expect(res.status).toBe(403);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('privilege_denied');
      expect(error.message).toMatch(/reactivate/);
      expect(error.message).not.toMatch(/Principal user|OTC=/);
    });

    it('creating or reactivating the key while IOM throttles says when to try again, in plain words', async () => {
      await connect();
      h.iom.knobs.alternateKeyOnExternalOrderId = false;
      h.iom.throttle(30);
      for (const path of ['/api/connection/alternate-key', '/api/connection/alternate-key/reactivate']) {
        const res = await jsonRequest(h, token, 'POST', path);
        expect(res.status).toBe(503);
        const { error } = (await res.json()) as { error: { code: string; message: string } };
        expect(error.code).toBe('iom_throttled');
        expect(error.message).toMatch(/IOM is throttling this app user — test again in 30 s/);
        expect(error.message).not.toMatch(/0x8|Number of requests exceeded/);
      }
    });

    it('Pending and InProgress keys are still "being built", without an action', async () => {
      await connect();
      for (const status of ['Pending', 'InProgress'] as const) {
        h.iom.knobs.alternateKeyIndexStatus = status;
        const result = await runTest();
        expect(check(result, 'alternate-key')).toMatchObject({ status: 'warn' });
        expect(messageOf(result, 'alternate-key')).toMatch(new RegExp(`being built \\(${status}\\)`));
        expect(check(result, 'alternate-key')?.action).toBeUndefined();
      }
    });

    it('without IOM the key check is skipped instead of offering a create that fails', async () => {
      await connect();
      h.iom.knobs.iomInstalled = false;
      const result = await runTest();
      expect(statusOf(result, 'iom-installed')).toBe('fail');
      expect(check(result, 'alternate-key')).toMatchObject({ status: 'skip' });
      expect(check(result, 'alternate-key')?.action).toBeUndefined();
      expect(messageOf(result, 'alternate-key')).toMatch(/IOM is installed.*msdyn_externalorderid/);
    });
  });

  it('a revoked secret fails at sign-in at once, not after the cached token expires', async () => {
    await connect();
    expect((await runTest()).ok).toBe(true);
    h.iom.rotateClientSecret();
    const result = await runTest();
    expect(statusOf(result, 'token')).toBe('fail');
    expect(messageOf(result, 'token')).toMatch(/rejected the client secret/);
    expect(result.ok).toBe(false);
  });

  describe('the intake provider URL', () => {
    const withSig = (sig: string) => {
      const url = new URL(h.iom.intakeUrl);
      url.searchParams.set('sig', sig);
      return url.toString();
    };

    it('a good URL passes without creating an order, and says what it could not verify', async () => {
      await connect({ intakeMode: 'intake-provider', intakeUrl: h.iom.intakeUrl });
      const result = await runTest();
      expect(statusOf(result, 'intake-url')).toBe('pass');
      expect(messageOf(result, 'intake-url')).toMatch(/accepted the URL's signature/);
      expect(messageOf(result, 'intake-url')).toMatch(/cannot check.*first order/);
      expect(result.ok).toBe(true);
      expect(h.iom.inspect.salesOrders()).toHaveLength(0);
      const sig = new URL(h.iom.intakeUrl).searchParams.get('sig')!;
      expect(h.logs.join('\n')).not.toContain(sig);
      expect(JSON.stringify(result)).not.toContain(sig);
    });

    it('a URL with a wrong signature fails', async () => {
      await connect({ intakeMode: 'intake-provider', intakeUrl: withSig('made-up-signature') });
      const result = await runTest();
      expect(statusOf(result, 'intake-url')).toBe('fail');
      expect(messageOf(result, 'intake-url')).toMatch(/refused the URL's signature/);
      expect(result.ok).toBe(false);
    });

    it('a URL of an unknown flow fails', async () => {
      const url = new URL(h.iom.intakeUrl);
      url.pathname = url.pathname.replace(/workflows\/[^/]+/, 'workflows/0123456789abcdef');
      await connect({ intakeMode: 'intake-provider', intakeUrl: url.toString() });
      const result = await runTest();
      expect(statusOf(result, 'intake-url')).toBe('fail');
      expect(messageOf(result, 'intake-url')).toMatch(/No flow answers/);
    });

    it('an unknown host or a closed port fails, never "Connected"', async () => {
      const closed = new URL(h.iom.intakeUrl);
      closed.port = '1';
      for (const intakeUrl of [
        closed.toString(),
        'https://intake.nonexistent.invalid/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=x',
      ]) {
        await connect({ intakeMode: 'intake-provider', intakeUrl });
        const result = await runTest();
        expect(statusOf(result, 'intake-url')).toBe('fail');
        expect(messageOf(result, 'intake-url')).toMatch(/could not be reached|did not answer/);
        expect(result.ok).toBe(false);
      }
    });
  });

  describe('messages a merchant can read', () => {
    it('a missing privilege names it plainly, without the principal dump; the log keeps the detail', async () => {
      await connect();
      h.iom.knobs.privileges.readSalesOrders = false;
      const result = await runTest();
      const message = messageOf(result, 'read-salesorders');
      expect(message).toMatch(
        /the application user's security role lacks prvReadSalesOrder \(Read on Order\)/i,
      );
      expect(message).not.toMatch(/Principal user|type=8|roleCount|Id=|OTC=/);
      expect(message).not.toMatch(/failed.*failed/i);
      expect(h.logs.some((line) => line.includes('roleCount=1'))).toBe(true);
    });

    it('a missing application user is said once, without repeated clauses', async () => {
      await connect();
      h.iom.knobs.applicationUserExists = false;
      const result = await runTest();
      const message = messageOf(result, 'whoami');
      expect(message).toMatch(/is not an application user of this environment/);
      expect(message).not.toMatch(/failed.*failed/i);
      expect(message.match(/application user/g)?.length).toBeLessThanOrEqual(2);
    });
  });
});
