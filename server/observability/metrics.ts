import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The outside services the app calls; `intake` is an IOM custom intake provider's flow URL. */
export type ExternalApi = 'bigcommerce' | 'dataverse' | 'entra' | 'intake';

/** What became of one webhook delivery: the intake's outcomes, or refused (4xx: bad payload or secret). */
export type WebhookMetricOutcome = 'queued' | 'duplicate' | 'ignored' | 'refused';

/** How one job run ended: the task's outcome, or crash (it threw). */
export type JobMetricOutcome = 'done' | 'retry' | 'park' | 'defer' | 'crash';

/** Relay latency buckets (seconds): from a fast single write to a minute of rate-limit waits. */
export const RELAY_LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60];

/**
 * The process's Prometheus metrics (prefix `iomc_`), on a registry of their own: several runtimes in
 * one process (the tests) never share or clash. Built once in composeDeps as `deps.metrics`; GET /metrics
 * (server/http/routes/metrics.ts) renders it.
 */
export interface Metrics {
  readonly registry: Registry;
  /** The Content-Type of `render()` (Prometheus text format). */
  readonly contentType: string;
  /** `iomc_webhooks_total{outcome}`. */
  webhook(outcome: WebhookMetricOutcome): void;
  /** `iomc_jobs_running{kind}` goes up. */
  jobStarted(kind: string): void;
  /** `iomc_jobs_running{kind}` goes down; `iomc_jobs_total{kind,outcome}` counts it unless aborted. */
  jobFinished(kind: string, outcome: JobMetricOutcome | 'aborted'): void;
  /**
   * `iomc_external_calls_total{api,status}` (status 0, no answer, is labelled `none`), and
   * `iomc_external_throttled_total{api}` for a 429.
   */
  externalCall(api: ExternalApi, status: number): void;
  /** A client hook (`onResponse`) that reports every HTTP answer of `api`. */
  responseObserver(api: ExternalApi): (status: number) => void;
  /** `iomc_relay_latency_seconds`: from the webhook's arrival until the order reached IOM. */
  observeRelayLatency(seconds: number): void;
  /** The registry in Prometheus text format. */
  render(): Promise<string>;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const webhooks = new Counter({
    name: 'iomc_webhooks_total',
    help: 'BigCommerce webhook deliveries, by outcome (queued, duplicate, ignored, refused).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const jobs = new Counter({
    name: 'iomc_jobs_total',
    help: 'Job runs by kind and outcome (done, retry, park, crash).',
    labelNames: ['kind', 'outcome'] as const,
    registers,
  });
  const running = new Gauge({
    name: 'iomc_jobs_running',
    help: 'Jobs this process is running now, by kind.',
    labelNames: ['kind'] as const,
    registers,
  });
  const calls = new Counter({
    name: 'iomc_external_calls_total',
    help: 'HTTP answers from outside services, by api and status (none: no answer).',
    labelNames: ['api', 'status'] as const,
    registers,
  });
  const throttled = new Counter({
    name: 'iomc_external_throttled_total',
    help: 'Rate-limited (429) answers from outside services, by api.',
    labelNames: ['api'] as const,
    registers,
  });
  const latency = new Histogram({
    name: 'iomc_relay_latency_seconds',
    help: 'Seconds from a webhook arriving until its order reached IOM.',
    buckets: RELAY_LATENCY_BUCKETS,
    registers,
  });
  for (const outcome of ['queued', 'duplicate', 'ignored', 'refused'] as const) webhooks.inc({ outcome }, 0);

  const externalCall = (api: ExternalApi, status: number) => {
    calls.inc({ api, status: status > 0 ? String(status) : 'none' });
    if (status === 429) throttled.inc({ api });
  };
  return {
    registry,
    contentType: registry.contentType,
    webhook: (outcome) => webhooks.inc({ outcome }),
    jobStarted: (kind) => running.inc({ kind }),
    jobFinished: (kind, outcome) => {
      running.dec({ kind });
      if (outcome !== 'aborted') jobs.inc({ kind, outcome });
    },
    externalCall,
    responseObserver: (api) => (status) => externalCall(api, status),
    observeRelayLatency: (seconds) => {
      if (Number.isFinite(seconds) && seconds >= 0) latency.observe(seconds);
    },
    render: () => registry.metrics(),
  };
}
