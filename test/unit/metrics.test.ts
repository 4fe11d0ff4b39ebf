import { RELAY_LATENCY_BUCKETS, createMetrics } from '../../server/observability/metrics';

/** The value of one sample (`name{labels} value`) in Prometheus text, 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('metrics', () => {
  it('each runtime has a registry of its own: two never share counts nor clash on names', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.webhook('queued');
    a.webhook('queued');
    b.webhook('refused');
    const textA = await a.render();
    const textB = await b.render();
    expect(sample(textA, 'iomc_webhooks_total{outcome="queued"}')).toBe(2);
    expect(sample(textA, 'iomc_webhooks_total{outcome="refused"}')).toBe(0);
    expect(sample(textB, 'iomc_webhooks_total{outcome="refused"}')).toBe(1);
    expect(sample(textB, 'iomc_webhooks_total{outcome="queued"}')).toBe(0);
    expect(a.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('counts external answers by api and status, 429s as throttled too, no answer as "none"', async () => {
    const m = createMetrics({ defaultMetrics: false });
    const onBigCommerce = m.responseObserver('bigcommerce');
    onBigCommerce(200);
    onBigCommerce(429);
    onBigCommerce(429);
    m.externalCall('dataverse', 0);
    m.externalCall('entra', 400);
    const text = await m.render();
    expect(sample(text, 'iomc_external_calls_total{api="bigcommerce",status="200"}')).toBe(1);
    expect(sample(text, 'iomc_external_calls_total{api="bigcommerce",status="429"}')).toBe(2);
    expect(sample(text, 'iomc_external_throttled_total{api="bigcommerce"}')).toBe(2);
    expect(sample(text, 'iomc_external_throttled_total{api="dataverse"}')).toBe(0);
    expect(sample(text, 'iomc_external_calls_total{api="dataverse",status="none"}')).toBe(1);
    expect(sample(text, 'iomc_external_calls_total{api="entra",status="400"}')).toBe(1);
    expect(text).not.toMatch(/^process_/m);
  });

  it('tracks running jobs, and counts finished ones by kind and outcome (aborted runs are not outcomes)', async () => {
    const m = createMetrics({ defaultMetrics: false });
    m.jobStarted('order.sync');
    m.jobStarted('order.sync');
    m.jobStarted('store.confirm-uninstall');
    m.jobFinished('order.sync', 'done');
    m.jobFinished('store.confirm-uninstall', 'aborted');
    let text = await m.render();
    expect(sample(text, 'iomc_jobs_running{kind="order.sync"}')).toBe(1);
    expect(sample(text, 'iomc_jobs_running{kind="store.confirm-uninstall"}')).toBe(0);
    expect(sample(text, 'iomc_jobs_total{kind="order.sync",outcome="done"}')).toBe(1);
    expect(text).not.toContain('outcome="aborted"');
    m.jobFinished('order.sync', 'crash');
    text = await m.render();
    expect(sample(text, 'iomc_jobs_total{kind="order.sync",outcome="crash"}')).toBe(1);
    expect(sample(text, 'iomc_jobs_running{kind="order.sync"}')).toBe(0);
  });

  it('observes relay latency in seconds with buckets from 10 ms to a minute, ignoring nonsense', async () => {
    expect(RELAY_LATENCY_BUCKETS[0]).toBe(0.01);
    expect(RELAY_LATENCY_BUCKETS.at(-1)).toBe(60);
    const m = createMetrics({ defaultMetrics: false });
    for (const seconds of [0.005, 0.3, 59, 120, -1, Number.NaN]) m.observeRelayLatency(seconds);
    const text = await m.render();
    expect(sample(text, 'iomc_relay_latency_seconds_count')).toBe(4);
    expect(sample(text, 'iomc_relay_latency_seconds_bucket{le="0.01"}')).toBe(1);
    expect(sample(text, 'iomc_relay_latency_seconds_bucket{le="0.5"}')).toBe(2);
    expect(sample(text, 'iomc_relay_latency_seconds_bucket{le="60"}')).toBe(3);
    expect(sample(text, 'iomc_relay_latency_seconds_bucket{le="+Inf"}')).toBe(4);
  });
});
