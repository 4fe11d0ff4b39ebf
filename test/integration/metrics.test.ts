import { WEBHOOK_SECRET_HEADER } from '../../server/bigcommerce/webhooks';
import { CONFIRM_UNINSTALL_JOB } from '../../server/lifecycle/uninstall';
import { eventually } from '../helpers/eventually';
import {
  installStore,
  jsonRequest,
  ownerSession,
  sandboxConnectionBody,
  startHarness,
  type Harness,
} from '../helpers/harness';

const TOKEN = 'metrics-token-0123456789abcdef';
const STORE = 'demo7x3';

/** The value of one sample (`name{labels} value`) in Prometheus text, 0 when absent. */
function sample(text: string, series: string): number {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return 0;
}

describe('GET /metrics without METRICS_TOKEN', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('does not exist: the app’s JSON 404, whatever the header', async () => {
    const variants: Array<Record<string, string>> = [{}, { Authorization: `Bearer ${TOKEN}` }];
    for (const headers of variants) {
      const res = await fetch(`${h.appUrl}/metrics`, { headers });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await h.close();
  });

  const scrape = async () => {
    const res = await fetch(`${h.appUrl}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };
  const post = (body: unknown, secret: string) =>
    fetch(`${h.appUrl}/webhooks/bigcommerce`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [WEBHOOK_SECRET_HEADER]: secret },
      body: JSON.stringify(body),
    });
  const order = (id: number, hash: string) => ({
    scope: 'store/order/created',
    store_id: '1025646',
    data: { type: 'order', id },
    hash,
    created_at: 1561479335,
    producer: `stores/${STORE}`,
  });

  it.each([
    ['no header', {}],
    ['a wrong token', { Authorization: 'Bearer metrics-token-0123456789abcdeX' }],
    ['a prefix of the token', { Authorization: `Bearer ${TOKEN.slice(0, 16)}` }],
    ['the token without Bearer', { Authorization: TOKEN }],
    ['Basic credentials', { Authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }],
  ])('answers 401 with WWW-Authenticate: Bearer to %s', async (_what, headers: Record<string, string>) => {
    const res = await fetch(`${h.appUrl}/metrics`, { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    const body = await res.text();
    expect(body).not.toContain(TOKEN);
    expect(body).not.toContain('iomc_');
  });

  it('answers Prometheus text with the default process metrics and every iomc_ metric', async () => {
    const text = await scrape();
    for (const name of [
      'iomc_webhooks_total',
      'iomc_jobs_total',
      'iomc_jobs_running',
      'iomc_external_calls_total',
      'iomc_external_throttled_total',
      'iomc_relay_latency_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('counts BigCommerce calls (install) and webhooks by outcome', async () => {
    const before = await scrape();
    expect((await installStore(h, STORE)).status).toBe(200);
    const afterInstall = await scrape();
    const bcOk = (t: string) =>
      sample(t, 'iomc_external_calls_total{api="bigcommerce",status="200"}') +
      sample(t, 'iomc_external_calls_total{api="bigcommerce",status="201"}');
    expect(bcOk(afterInstall)).toBeGreaterThan(bcOk(before));

    const secret = (await h.deps.storage.stores.get(STORE))!.webhookSecret!;
    expect((await post(order(250, 'hash-250'), secret)).status).toBe(200);
    expect((await post(order(250, 'hash-250'), secret)).status).toBe(200);
    expect((await post(order(251, 'hash-251'), 'wrong-secret')).status).toBe(401);
    expect((await post({ scope: 'nonsense' }, secret)).status).toBe(400);
    const bad = await fetch(`${h.appUrl}/webhooks/bigcommerce`, { method: 'POST', body: '{not json' });
    expect(bad.status).toBe(400);
    const text = await scrape();
    const delta = (outcome: string) =>
      sample(text, `iomc_webhooks_total{outcome="${outcome}"}`) -
      sample(afterInstall, `iomc_webhooks_total{outcome="${outcome}"}`);
    expect(delta('queued')).toBe(1);
    expect(delta('duplicate')).toBe(1);
    expect(delta('refused')).toBe(3);
  });

  it('counts the Entra, Dataverse and intake calls of a connection test', async () => {
    const session = await ownerSession(h);
    const body = sandboxConnectionBody(h, { intakeMode: 'intake-provider', intakeUrl: h.iom.intakeUrl });
    expect((await jsonRequest(h, session, 'PUT', '/api/connection', body)).status).toBe(200);
    const before = await scrape();
    expect((await jsonRequest(h, session, 'POST', '/api/connection/test')).status).toBe(200);
    const text = await scrape();
    const grew = (series: string) => sample(text, series) - sample(before, series);
    expect(grew('iomc_external_calls_total{api="entra",status="200"}')).toBeGreaterThan(0);
    expect(grew('iomc_external_calls_total{api="dataverse",status="200"}')).toBeGreaterThan(0);
    const intake = text
      .split('\n')
      .filter((line) => line.startsWith('iomc_external_calls_total{api="intake"'));
    expect(intake).toEqual([expect.stringMatching(/status="(2\d\d|400)"\} 1$/)]);
  });

  it('counts the runner’s jobs by kind and outcome, and none stays running', async () => {
    await h.deps.storage.jobs.enqueue(
      { storeHash: STORE, kind: CONFIRM_UNINSTALL_JOB, key: 'metrics-test', payload: { not: 'valid' } },
      new Date(),
    );
    const series = `iomc_jobs_total{kind="${CONFIRM_UNINSTALL_JOB}",outcome="park"}`;
    const text = await eventually(scrape, (t) => sample(t, series) >= 1);
    expect(sample(text, series)).toBe(1);
    expect(sample(text, `iomc_jobs_running{kind="${CONFIRM_UNINSTALL_JOB}"}`)).toBe(0);
  });

  it('exposes observeRelayLatency as a histogram in seconds', async () => {
    h.deps.metrics.observeRelayLatency(0.2);
    h.deps.metrics.observeRelayLatency(42);
    const text = await scrape();
    expect(sample(text, 'iomc_relay_latency_seconds_count')).toBe(2);
    expect(sample(text, 'iomc_relay_latency_seconds_bucket{le="0.25"}')).toBe(1);
    expect(sample(text, 'iomc_relay_latency_seconds_bucket{le="60"}')).toBe(2);
    expect(sample(text, 'iomc_relay_latency_seconds_sum')).toBeCloseTo(42.2);
  });

  it('never logs the token', () => {
    expect(h.logs.join('\n')).not.toContain(TOKEN);
  });
});
