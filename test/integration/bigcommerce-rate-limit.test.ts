import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { z } from 'zod';
import { BigCommerceClient } from '../../server/bigcommerce/api-client';
import { BigCommerceError } from '../../server/errors';

const silent = pino({ level: 'silent' });

/** A BigCommerce stand-in on a real socket: answers 429 with the given headers `throttled` times, then 200. */
async function rateLimitedApi(headers: Record<string, string>, throttled: number) {
  const hits: number[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(Date.now());
    req.resume();
    if (hits.length <= throttled) {
      res.writeHead(429, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify({ status: 429, title: 'Too many requests' }));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('the BigCommerce client and rate-limit resets', () => {
  let api: Awaited<ReturnType<typeof rateLimitedApi>> | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  const client = (url: string, waits: number[], maxWaitMs = 5000, onResponse?: (status: number) => void) =>
    new BigCommerceClient({
      onResponse,
      apiUrl: url,
      storeHash: 'demo7x3',
      accessToken: 'token',
      logger: silent,
      maxWaitMs,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
  const get = (c: BigCommerceClient) =>
    c.request('GET', '/v2/store', { schema: z.object({ ok: z.boolean() }) });

  it('a reset longer than the cap is not undercut: it fails at once carrying retryAfterMs', async () => {
    api = await rateLimitedApi({ 'X-Rate-Limit-Time-Reset-Ms': '7000' }, 5);
    const waits: number[] = [];
    const error = await get(client(api.url, waits)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BigCommerceError);
    expect(error).toMatchObject({ upstreamStatus: 429, retryAfterMs: 7000, retriable: true });
    expect((error as Error).message).toMatch(/wait 7 s/);
    expect(waits).toEqual([]);
    expect(api.hits).toHaveLength(1);
  });

  it('X-Retry-After (seconds) longer than the cap also fails at once', async () => {
    api = await rateLimitedApi({ 'X-Retry-After': '9' }, 5);
    const waits: number[] = [];
    const error = await get(client(api.url, waits)).catch((e: unknown) => e);
    expect(error).toMatchObject({ upstreamStatus: 429, retryAfterMs: 9000 });
    expect(api.hits).toHaveLength(1);
  });

  it('reports the status of every answer to onResponse, retries included (0: no answer)', async () => {
    api = await rateLimitedApi({ 'X-Rate-Limit-Time-Reset-Ms': '10' }, 2);
    const statuses: number[] = [];
    await get(client(api.url, [], 5000, (status) => statuses.push(status)));
    expect(statuses).toEqual([429, 429, 200]);
    const unreachable: number[] = [];
    const c = new BigCommerceClient({
      apiUrl: 'http://127.0.0.1:9',
      storeHash: 'demo7x3',
      accessToken: 'token',
      logger: silent,
      maxAttempts: 1,
      onResponse: (status) => unreachable.push(status),
    });
    await expect(get(c)).rejects.toMatchObject({ upstreamStatus: 0 });
    expect(unreachable).toEqual([0]);
  });

  it('a reset within the cap is waited for in full, never less', async () => {
    api = await rateLimitedApi({ 'X-Rate-Limit-Time-Reset-Ms': '4500' }, 1);
    const waits: number[] = [];
    const response = await get(client(api.url, waits, 5000));
    expect(response.data.ok).toBe(true);
    expect(waits).toEqual([4500]);
    expect(api.hits).toHaveLength(2);
  });
});
