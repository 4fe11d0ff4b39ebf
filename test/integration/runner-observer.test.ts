import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { createLogger } from '../../server/logger';
import { createMetrics } from '../../server/observability/metrics';
import { done, park, retry } from '../../server/relay/outcome';
import { jobKind, startRunner, type Runner } from '../../server/relay/runner';
import { SecretBox } from '../../server/security/secret-box';
import { createStorage } from '../../server/storage/create-storage';
import type { Storage } from '../../server/storage/types';
import { eventually } from '../helpers/eventually';

const STORE = 'demo7x3';

/** The value of one sample (`name{labels} value`) in Prometheus text, 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('the job runner reports to its observer (metrics)', () => {
  let storage: Storage;
  let dir: string;
  let runner: Runner | null = null;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-observer-'));
    storage = await createStorage(
      { kind: 'sqlite', path: path.join(dir, 'jobs.db') },
      new SecretBox(randomBytes(32)),
    );
  });
  afterEach(async () => {
    await runner?.stop(1_000);
    runner = null;
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('counts done, retry, park and crash by kind, and the running gauge goes back to 0', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    let flaky = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    runner = startRunner(
      { jobs: storage.jobs, logger: createLogger('silent'), clock: () => new Date(), observer: metrics },
      {
        ok: jobKind(z.object({}), async () => done()),
        slow: jobKind(z.object({}), async () => {
          await gate;
          return done();
        }),
        flaky: jobKind(z.object({}), async () => (++flaky < 2 ? retry('not yet', 10) : done())),
        hopeless: jobKind(z.object({}), async () => park('no')),
        broken: jobKind(z.object({}), async () => {
          throw new Error('bug');
        }),
      },
      { pollMs: 20, maxCrashes: 1 },
    );
    for (const kind of ['ok', 'slow', 'flaky', 'hopeless', 'broken']) {
      await storage.jobs.enqueue({ storeHash: STORE, kind, key: 'k', payload: {} }, new Date());
    }
    const running = await eventually(
      () => metrics.render(),
      (t) => sample(t, 'iomc_jobs_running{kind="slow"}') === 1,
    );
    expect(sample(running, 'iomc_jobs_running{kind="slow"}')).toBe(1);
    release();
    const text = await eventually(
      () => metrics.render(),
      (t) =>
        sample(t, 'iomc_jobs_total{kind="slow",outcome="done"}') === 1 &&
        sample(t, 'iomc_jobs_total{kind="flaky",outcome="done"}') === 1,
    );
    expect(sample(text, 'iomc_jobs_total{kind="ok",outcome="done"}')).toBe(1);
    expect(sample(text, 'iomc_jobs_total{kind="flaky",outcome="retry"}')).toBe(1);
    expect(sample(text, 'iomc_jobs_total{kind="hopeless",outcome="park"}')).toBe(1);
    expect(sample(text, 'iomc_jobs_total{kind="broken",outcome="crash"}')).toBe(1);
    for (const kind of ['ok', 'slow', 'flaky', 'hopeless', 'broken']) {
      expect(sample(text, `iomc_jobs_running{kind="${kind}"}`)).toBe(0);
    }
  });
});
