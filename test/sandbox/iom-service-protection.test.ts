import { startIomSimulator, type IomSimulator } from '../../scripts/sandbox/iom';
import { appToken, useIomSandbox, type Doc } from './iom-kit';

/** Dataverse service protection limits (429 + Retry-After) and the simulator's fault knobs. */
describe('IOM simulator: service protection limits and faults', () => {
  async function whoAmI(sim: IomSimulator, token: string, signal?: AbortSignal) {
    const response = await fetch(`${sim.environmentUrl}/api/data/v9.2/WhoAmI`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      signal,
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Doc,
    };
  }

  describe('number of requests in the sliding window', () => {
    let sim: IomSimulator;
    let token: string;
    useIomSandbox((running) => ({ sim, token } = running), {
      options: { limits: { requestsPerWindow: 3, windowMs: 1_000 } },
      withToken: true,
    });

    it('answers 429 with Retry-After once the window is full, and admits again when it slides', async () => {
      const ok = [await whoAmI(sim, token), await whoAmI(sim, token), await whoAmI(sim, token)];
      expect(ok.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(ok.map((r) => r.headers.get('x-ms-ratelimit-burst-remaining-xrm-requests'))).toEqual([
        '2',
        '1',
        '0',
      ]);
      const refused = await whoAmI(sim, token);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.body.error).toEqual({
        code: '0x80072322',
        message: 'Number of requests exceeded the limit of 3 over time window of 1 seconds.',
      });
      await new Promise((resolve) => setTimeout(resolve, 1_050));
      expect((await whoAmI(sim, token)).status).toBe(200);
    });
  });

  it('keeps the default 300-second window when only the request count is configured', async () => {
    const sim = await startIomSimulator({ limits: { requestsPerWindow: 1 } });
    try {
      const token = await appToken(sim);
      await whoAmI(sim, token);
      const refused = await whoAmI(sim, token);
      expect(refused.body.error.message).toBe(
        'Number of requests exceeded the limit of 1 over time window of 300 seconds.',
      );
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(290);
    } finally {
      await sim.close();
    }
  });

  describe('concurrent requests', () => {
    let sim: IomSimulator;
    let token: string;
    useIomSandbox((running) => ({ sim, token } = running), {
      options: { limits: { maxConcurrent: 2 } },
      withToken: true,
    });

    it('answers 429 when more than maxConcurrent requests are in flight', async () => {
      sim.knobs.latencyMs = 250;
      const results = await Promise.all([1, 2, 3, 4].map(() => whoAmI(sim, token)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 429, 429]);
      const refused = results.find((r) => r.status === 429);
      expect(refused?.headers.get('retry-after')).toBe('1');
      expect(refused?.body.error).toEqual({
        code: '0x80072326',
        message: 'Number of concurrent requests exceeded the limit of 2.',
      });
    });

    it('frees the slot of a request that never got an answer once the client gives up', async () => {
      sim.knobs.timeoutRate = 1;
      await expect(whoAmI(sim, token, AbortSignal.timeout(200))).rejects.toThrow();
      await expect(whoAmI(sim, token, AbortSignal.timeout(200))).rejects.toThrow();
      sim.knobs.timeoutRate = 0;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await whoAmI(sim, token)).status).toBe(200);
    });
  });

  describe('fault knobs', () => {
    let sim: IomSimulator;
    let token: string;
    useIomSandbox((running) => ({ sim, token } = running), { withToken: true });

    it('fails every request with 503 and a Dataverse error body at errorRate 1', async () => {
      sim.knobs.errorRate = 1;
      const { status, body } = await whoAmI(sim, token);
      expect(status).toBe(503);
      expect(body.error).toEqual({ code: '0x80040216', message: 'An unexpected error occurred.' });
      sim.knobs.errorRate = 0;
      expect((await whoAmI(sim, token)).status).toBe(200);
    });

    it('delays answers by latencyMs', async () => {
      sim.knobs.latencyMs = 120;
      const started = Date.now();
      await whoAmI(sim, token);
      expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    });

    it('forces a status once per matching path, with Retry-After for 429', async () => {
      sim.knobs.forceStatus['/WhoAmI$'] = 429;
      sim.knobs.forceStatus['/salesorders'] = 500;
      const throttled = await whoAmI(sim, token);
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('1');
      expect(throttled.body.error.code).toBe('0x80072322');
      expect((await whoAmI(sim, token)).status).toBe(200);
      const failed = await fetch(`${sim.environmentUrl}/api/data/v9.2/salesorders`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(failed.status).toBe(500);
      expect(((await failed.json()) as { error: { code: string } }).error.code).toBe('0x80040216');
      expect(sim.knobs.forceStatus).toEqual({});
    });
  });
});
