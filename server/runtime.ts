import { createApp, createWorkerApp } from './app';
import { composeDeps, type ClientDirs } from './compose';
import type { Config } from './config';
import type { AppDeps, Tuning } from './deps';
import { listen, type RunningServer } from './http/server';
import type { Logger } from './logger';
import { jobKinds } from './relay/job-kinds';
import { startMaintenance } from './relay/maintenance';
import { startRunner, type RunnerOptions } from './relay/runner';
import { OUTBOUND_ORDER_JOB } from './relay/outbound-job';
import { ORDER_SYNC_JOB } from './relay/tasks/sync-order';
import { checkDigestSoon } from './notifications/notification-jobs';

export interface RuntimeOptions {
  logger: Logger;
  dirs: ClientDirs;
  /** Interface to listen on (default: all). */
  host?: string;
  /** A server already bound (so its port could go into the config); it gets the app as handler. */
  server?: RunningServer;
  tuning?: Partial<Tuning>;
  /** Overrides of the runner options, which come from config.worker (concurrency, pollMs) otherwise. */
  runner?: Partial<RunnerOptions>;
}

export interface Runtime {
  /** Where the app answers (loopback address of the bound port). */
  url: string;
  port: number;
  deps: AppDeps;
  /** Stop accepting requests, finish those in flight and the running jobs (each up to graceMs), then close storage. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * The one way the product runs: storage, the HTTP app, the job runner and the maintenance schedule.
 * server/main.ts, the demo and the integration tests all start this, so nothing runs in one of them
 * and not in the others. `config.role` picks what this process runs (ARCHITECTURE.md, Process roles):
 * `all` everything; `web` the HTTP app only (its jobs wait for a worker); `worker` the runner and the
 * schedules, with an HTTP listener answering only /healthz, /readyz and /metrics.
 */
export async function startRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const deps = await composeDeps(config, options.logger, options.dirs, options.tuning);
  const works = config.role !== 'web';
  if (config.role !== 'all' && config.storage.kind === 'sqlite') {
    deps.logger.warn(
      { role: config.role, storage: 'sqlite' },
      'ROLE=web and ROLE=worker share jobs through storage: with SQLite both must run on one machine on the same SQLITE_PATH (on Heroku, run one ROLE=all dyno or use STORAGE=firestore)',
    );
  }
  const server = options.server ?? (await listen(null, config.port, options.host));
  server.setHandler(config.role === 'worker' ? createWorkerApp(deps) : createApp(deps));
  const runner = works
    ? startRunner(
        {
          jobs: deps.storage.jobs,
          logger: deps.logger,
          clock: deps.clock,
          observer: {
            jobStarted: (kind) => deps.metrics.jobStarted(kind),
            jobFinished: (kind, outcome) => deps.metrics.jobFinished(kind, outcome),
            // An order newly needing the merchant: the failure digest looks now (still at most one per interval).
            jobParked: (job) => {
              if (job.kind === ORDER_SYNC_JOB || job.kind === OUTBOUND_ORDER_JOB)
                checkDigestSoon(deps, job.storeHash, deps.clock()).catch((error: unknown) =>
                  deps.logger.warn(
                    { err: error, storeHash: job.storeHash },
                    'could not bring the failure digest forward',
                  ),
                );
            },
          },
        },
        jobKinds(deps),
        { concurrency: config.worker.concurrency, pollMs: config.worker.pollMs, ...options.runner },
      )
    : null;
  const maintenance = works ? startMaintenance(deps) : null;
  const unsubscribe = runner ? deps.relay.jobSignal.subscribe(() => runner.wake()) : () => false;
  let stopped: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${server.port}`,
    port: server.port,
    deps,
    stop: (graceMs = 10_000) => {
      stopped ??= (async () => {
        await server.close(graceMs);
        unsubscribe();
        await runner?.stop(graceMs);
        await maintenance?.stop();
        deps.mailer.close();
        await deps.storage.close();
      })();
      return stopped;
    },
  };
}
