import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { createLogger } from '../../server/logger';
import { defer, done, park, retry } from '../../server/relay/outcome';
import { jobKind, startRunner, type JobContext, type Runner } from '../../server/relay/runner';
import { SecretBox } from '../../server/security/secret-box';
import { createStorage } from '../../server/storage/create-storage';
import type { Storage } from '../../server/storage/types';
import { eventually } from '../helpers/eventually';

const STORE = 'demo7x3';

describe('the job runner (real SQLite)', () => {
  let storage: Storage;
  let dir: string;
  let runner: Runner | null = null;
  const logger = createLogger('silent');
  const clock = () => new Date();

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-'));
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

  const enqueue = (kind: string, key: string, payload: Record<string, unknown> = {}) =>
    storage.jobs.enqueue({ storeHash: STORE, kind, key, payload }, new Date());
  const state = async (kind: string, key: string) => (await storage.jobs.get(STORE, kind, key))?.state;

  it('runs only the kinds it knows and maps done / retry / park onto the job', async () => {
    const seen: string[] = [];
    let flaky = 0;
    runner = startRunner(
      { jobs: storage.jobs, logger, clock },
      {
        ok: jobKind(z.object({ n: z.number() }), async ({ n }, ctx: JobContext) => {
          seen.push(`ok:${n}:${ctx.storeHash}:${ctx.attempt}`);
          return done();
        }),
        flaky: jobKind(z.object({}), async () => (++flaky < 3 ? retry('not yet', 20) : done())),
        hopeless: jobKind(z.object({}), async () => park('IOM refused the order: fix the price list.')),
      },
      { pollMs: 20 },
    );
    await enqueue('ok', 'a', { n: 1 });
    await enqueue('flaky', 'b');
    await enqueue('hopeless', 'c');
    await enqueue('unknown.kind', 'd');
    expect(
      await eventually(
        () => state('ok', 'a'),
        (s) => s === 'idle',
      ),
    ).toBe('idle');
    expect(
      await eventually(
        () => state('flaky', 'b'),
        (s) => s === 'idle',
      ),
    ).toBe('idle');
    expect(flaky).toBe(3);
    expect(
      await eventually(
        () => state('hopeless', 'c'),
        (s) => s === 'parked',
      ),
    ).toBe('parked');
    expect((await storage.jobs.get(STORE, 'hopeless', 'c'))?.lastError).toBe(
      'IOM refused the order: fix the price list.',
    );
    expect(seen).toEqual([`ok:1:${STORE}:1`]);
    expect(await state('unknown.kind', 'd')).toBe('due');
  });

  it('keeps claiming after a round that found every slot busy (a burst bigger than its concurrency)', async () => {
    // Regression: a claim round that ended without awaiting (no free slot) left the runner believing
    // it was still claiming, so it never claimed again.
    runner = startRunner(
      { jobs: storage.jobs, logger, clock },
      {
        slow: jobKind(z.object({}), async () => {
          await new Promise((resolve) => setTimeout(resolve, 30));
          return done();
        }),
      },
      { pollMs: 20, concurrency: 2 },
    );
    for (let i = 0; i < 12; i++) await enqueue('slow', `k${i}`);
    const states = await eventually(
      () => Promise.all(Array.from({ length: 12 }, (_, i) => state('slow', `k${i}`))),
      (all) => all.every((s) => s === 'idle'),
    );
    expect(states).toEqual(Array(12).fill('idle'));
  });

  it('runs a deferred job again without counting the deferral as an attempt', async () => {
    let runs = 0;
    const attempts: number[] = [];
    runner = startRunner(
      { jobs: storage.jobs, logger, clock },
      {
        waits: jobKind(z.object({}), async (_p, ctx: JobContext) => {
          attempts.push(ctx.attempt);
          return ++runs < 3 ? defer('quota', 10) : done();
        }),
      },
      { pollMs: 20 },
    );
    await enqueue('waits', 'w');
    await eventually(
      () => state('waits', 'w'),
      (s) => s === 'idle',
    );
    expect(attempts).toEqual([1, 1, 1]);
  });

  it('parks a job whose payload does not match its kind, and retries a crash', async () => {
    let crashes = 0;
    runner = startRunner(
      { jobs: storage.jobs, logger, clock },
      {
        typed: jobKind(z.object({ orderId: z.number().int() }), async () => done()),
        crashy: jobKind(z.object({}), async () => {
          if (++crashes < 2) throw new Error('boom');
          return done();
        }),
      },
      { pollMs: 20 },
    );
    await enqueue('typed', 'x', { orderId: 'not-a-number' });
    await enqueue('crashy', 'y');
    expect(
      await eventually(
        () => state('typed', 'x'),
        (s) => s === 'parked',
      ),
    ).toBe('parked');
    expect((await storage.jobs.get(STORE, 'typed', 'x'))?.lastError).toMatch(/invalid payload/);
    expect(
      await eventually(
        () => state('crashy', 'y'),
        (s) => s === 'idle',
        { timeoutMs: 8_000 },
      ),
    ).toBe('idle');
    expect(crashes).toBe(2);
  });

  it('renews the lease of a long job, and stop() waits for it to finish', async () => {
    let finished = false;
    runner = startRunner(
      { jobs: storage.jobs, logger, clock },
      {
        slow: jobKind(z.object({}), async () => {
          await new Promise((resolve) => setTimeout(resolve, 700));
          finished = true;
          return done();
        }),
      },
      { pollMs: 20, leaseMs: 300 },
    );
    await enqueue('slow', 'z');
    await eventually(
      () => state('slow', 'z'),
      (s) => s === 'running',
    );
    // Past the first lease expiry another worker still cannot claim it: the heartbeat renewed it.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const rival = await storage.jobs.claimDue({ owner: 'rival', now: new Date(), leaseMs: 300, limit: 5 });
    expect(rival).toEqual([]);
    await runner.stop(5_000);
    runner = null;
    expect(finished).toBe(true);
    expect(await state('slow', 'z')).toBe('idle');
  });

  it('aborts a task whose lease was taken over, and leaves the job to its new owner', async () => {
    let aborted = false;
    runner = startRunner(
      { jobs: storage.jobs, logger, clock },
      {
        stuck: jobKind(
          z.object({}),
          (_payload, ctx) =>
            new Promise((resolve) => {
              ctx.signal.addEventListener('abort', () => {
                aborted = true;
                resolve(done());
              });
            }),
        ),
      },
      { pollMs: 5_000, leaseMs: 150 },
    );
    await enqueue('stuck', 'w');
    await eventually(
      () => state('stuck', 'w'),
      (s) => s === 'running',
    );
    // Another worker takes the job over after the lease lapses (as if this process had stalled).
    const later = new Date(Date.now() + 60_000);
    const [takeover] = await storage.jobs.claimDue({ owner: 'rival', now: later, leaseMs: 60_000, limit: 1 });
    expect(takeover?.owner).toBe('rival');
    expect(await eventually(() => aborted, Boolean)).toBe(true);
    const job = await storage.jobs.get(STORE, 'stuck', 'w');
    expect(job).toMatchObject({ state: 'running', leaseOwner: 'rival' });
  });
});
