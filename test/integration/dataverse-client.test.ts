import pino from 'pino';
import { startIomSimulator, type IomSimulator } from '../../scripts/sandbox/iom';
import { DataverseClient } from '../../server/iom/dataverse-client';
import { EntraTokenProvider, TOKEN_RENEWAL_MARGIN_MS } from '../../server/iom/entra-token';
import { DataverseError } from '../../server/iom/errors';
import { KeyedSemaphores } from '../../server/net/semaphore';

const silent = pino({ level: 'silent' });

describe('the Dataverse client against the Dataverse simulator', () => {
  let sim: IomSimulator;
  afterEach(async () => {
    await sim?.close();
  });

  function client(
    opts: {
      now?: () => number;
      concurrency?: number;
      maxAttempts?: number;
      timeoutMs?: number;
      maxWaitMs?: number;
      deadlineAt?: number;
      onResponse?: (status: number) => void;
    } = {},
  ) {
    const tokens = new EntraTokenProvider(sim.authorityHost, { now: opts.now });
    const dataverse = new DataverseClient(
      { environmentUrl: sim.environmentUrl, credentials: sim.credentials },
      {
        tokens,
        concurrency: new KeyedSemaphores(opts.concurrency ?? 16),
        logger: silent,
        maxAttempts: opts.maxAttempts,
        timeoutMs: opts.timeoutMs,
        maxWaitMs: opts.maxWaitMs,
        deadlineAt: opts.deadlineAt,
        onResponse: opts.onResponse,
      },
    );
    return { tokens, dataverse };
  }
  const whoAmI = (dataverse: DataverseClient) =>
    dataverse.call('WhoAmI', (api) => api.callFunction<{ UserId: string }>('WhoAmI'), { idempotent: true });
  const countRequests = (pattern: RegExp) => sim.inspect.requests.filter((r) => pattern.test(r.path)).length;

  it('one token request serves many calls, and a new one is fetched when the cached one nears expiry', async () => {
    sim = await startIomSimulator();
    let now = Date.now();
    const { dataverse } = client({ now: () => now });
    for (let i = 0; i < 10; i++) expect((await whoAmI(dataverse)).UserId).toEqual(expect.any(String));
    expect(sim.inspect.tokenRequests()).toBe(1);

    now += 3599 * 1000 - TOKEN_RENEWAL_MARGIN_MS + 1000;
    await whoAmI(dataverse);
    expect(sim.inspect.tokenRequests()).toBe(2);
    await whoAmI(dataverse);
    expect(sim.inspect.tokenRequests()).toBe(2);
  });

  it('concurrent first calls share one token request', async () => {
    sim = await startIomSimulator();
    const { dataverse } = client();
    await Promise.all(Array.from({ length: 8 }, () => whoAmI(dataverse)));
    expect(sim.inspect.tokenRequests()).toBe(1);
  });

  it('on 429 it waits at least Retry-After, then succeeds', async () => {
    sim = await startIomSimulator({ limits: { requestsPerWindow: 2, windowMs: 1500 } });
    const { dataverse } = client();
    await whoAmI(dataverse);
    await whoAmI(dataverse);
    const started = Date.now();
    const third = await whoAmI(dataverse);
    const waited = Date.now() - started;
    expect(third.UserId).toEqual(expect.any(String));
    const throttled = sim.inspect.requests.filter((r) => /WhoAmI/.test(r.path)).length;
    expect(throttled).toBeGreaterThanOrEqual(4); // 2 allowed, at least one refused, then the retry
    expect(waited).toBeGreaterThanOrEqual(1000); // Retry-After: 1 (seconds)
  });

  it('a Retry-After longer than its longest wait is never undercut: the call fails at once with the hint', async () => {
    sim = await startIomSimulator();
    const { dataverse } = client({ maxWaitMs: 5000 });
    await whoAmI(dataverse); // token first
    sim.throttle(7);
    const started = Date.now();
    const error = await whoAmI(dataverse).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataverseError);
    expect(error).toMatchObject({ upstreamStatus: 429, retryAfterMs: 7000 });
    expect(Date.now() - started).toBeLessThan(4000); // did not sit out a (shortened) wait
    expect(countRequests(/WhoAmI/)).toBe(2); // the first call, then the throttled one: no early retry
  });

  it('reports every attempt to onResponse: 200 for a success, Dataverse’s status for a failure', async () => {
    sim = await startIomSimulator();
    const statuses: number[] = [];
    const { dataverse } = client({ maxWaitMs: 5000, onResponse: (status) => statuses.push(status) });
    await whoAmI(dataverse);
    sim.throttle(7);
    await expect(whoAmI(dataverse)).rejects.toMatchObject({ upstreamStatus: 429 });
    expect(statuses).toEqual([200, 429]);
  });

  it('a Retry-After that would run past its deadline fails at once too', async () => {
    sim = await startIomSimulator();
    const { dataverse } = client({ maxWaitMs: 60_000, deadlineAt: Date.now() + 3000 });
    await whoAmI(dataverse);
    sim.throttle(5);
    await expect(whoAmI(dataverse)).rejects.toMatchObject({ upstreamStatus: 429, retryAfterMs: 5000 });
    expect(countRequests(/WhoAmI/)).toBe(2);
  });

  it('an attempt is cut short to meet its deadline', async () => {
    sim = await startIomSimulator();
    const { dataverse } = client({ timeoutMs: 30_000, deadlineAt: Date.now() + 1500 });
    await whoAmI(dataverse);
    sim.knobs.timeoutRate = 1;
    const started = Date.now();
    await expect(whoAmI(dataverse)).rejects.toMatchObject({ upstreamStatus: 0, timedOut: true });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a 5xx is retried with backoff and then succeeds', async () => {
    sim = await startIomSimulator();
    const { dataverse } = client();
    sim.knobs.forceStatus['WhoAmI'] = 503;
    expect((await whoAmI(dataverse)).UserId).toEqual(expect.any(String));
    expect(countRequests(/WhoAmI/)).toBe(2);
  });

  it('a 5xx on a non-idempotent call is not retried (the caller decides)', async () => {
    sim = await startIomSimulator();
    const { dataverse } = client();
    sim.knobs.forceStatus['/salesorders$'] = 503;
    await expect(
      dataverse.call(
        'create salesorder',
        (api) => api.create({ collection: 'salesorders', data: { name: 'x' } }),
        {
          idempotent: false,
        },
      ),
    ).rejects.toMatchObject({ upstreamStatus: 503, retriable: true });
    expect(countRequests(/\/salesorders$/)).toBe(1);
  });

  it('a permanent 400 is not retried and keeps Dataverse’s code and message', async () => {
    sim = await startIomSimulator();
    const { dataverse } = client();
    const error = await dataverse
      .call(
        'create salesorder',
        (api) => api.create({ collection: 'salesorders', data: { name: 'No customer' } }),
        {
          idempotent: true,
        },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataverseError);
    const dv = error as DataverseError;
    expect(dv.upstreamStatus).toBe(400);
    expect(dv.retriable).toBe(false);
    expect(dv.dataverseCode).toMatch(/^0x/);
    expect(dv.message).toMatch(/customerid/);
    expect(countRequests(/\/salesorders$/)).toBe(1);
  });

  it('never has more requests in flight than its cap', async () => {
    sim = await startIomSimulator({ limits: { maxConcurrent: 3 } });
    sim.knobs.latencyMs = 40;
    const { dataverse } = client({ concurrency: 3, maxAttempts: 1 });
    await whoAmI(dataverse); // token first
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => whoAmI(dataverse)));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(0);
  });

  it('a request that hangs times out and the error says so', async () => {
    sim = await startIomSimulator();
    const { dataverse } = client({ timeoutMs: 200, maxAttempts: 1 });
    await whoAmI(dataverse);
    sim.knobs.timeoutRate = 1;
    await expect(whoAmI(dataverse)).rejects.toMatchObject({
      upstreamStatus: 0,
      retriable: true,
      message: expect.stringMatching(/did not answer within 200 ms/),
    });
  });
});
