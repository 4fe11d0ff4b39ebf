import { CONFIRM_UNINSTALL_JOB } from '../../server/lifecycle/uninstall';
import { eventually } from '../helpers/eventually';
import { startHarness, type Harness } from '../helpers/harness';

const STORE = 'demo7x3';
const TOKEN = 'metrics-token-0123456789abcdef';

/** A job of a kind the runner knows, with a payload it parks at once: a runner that runs touches it. */
async function enqueueParkable(h: Harness, key: string): Promise<void> {
  await h.deps.storage.jobs.enqueue(
    { storeHash: STORE, kind: CONFIRM_UNINSTALL_JOB, key, payload: { not: 'valid' } },
    new Date(),
  );
}
const state = async (h: Harness, key: string) =>
  (await h.deps.storage.jobs.get(STORE, CONFIRM_UNINSTALL_JOB, key))?.state;

describe('ROLE=web', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { ROLE: 'web' } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('serves the app but runs no jobs: a due job stays due', async () => {
    await enqueueParkable(h, 'web-only');
    await new Promise((resolve) => setTimeout(resolve, 600)); // the harness's runner would poll every 50 ms
    expect(await state(h, 'web-only')).toBe('due');
    expect((await fetch(`${h.appUrl}/api/session`)).status).toBe(401); // the app is there (no session)
    expect((await fetch(`${h.appUrl}/healthz`)).status).toBe(200);
  });
});

describe('ROLE=worker', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { ROLE: 'worker', METRICS_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('runs the jobs', async () => {
    await enqueueParkable(h, 'worker');
    expect(
      await eventually(
        () => state(h, 'worker'),
        (s) => s === 'parked',
      ),
    ).toBe('parked');
  });

  it('answers /healthz, /readyz and /metrics only: the app’s routes are a JSON 404', async () => {
    expect((await fetch(`${h.appUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.appUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', storage: 'sqlite' });
    const metrics = await fetch(`${h.appUrl}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('iomc_jobs_total');
    expect((await fetch(`${h.appUrl}/metrics`)).status).toBe(401);
    for (const [method, pathname] of [
      ['GET', '/api/session'],
      ['GET', '/auth?code=x&scope=y&context=stores/demo7x3'],
      ['GET', '/load'],
      ['POST', '/webhooks/bigcommerce'],
      ['GET', '/'],
    ] as const) {
      const res = await fetch(`${h.appUrl}${pathname}`, { method, headers: { Accept: 'application/json' } });
      expect([method, pathname, res.status]).toEqual([method, pathname, 404]);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });

  it('warns that a split role on SQLite needs one machine sharing the file', () => {
    expect(h.logs.some((line) => /"role":"worker".*"storage":"sqlite"/.test(line))).toBe(true);
  });
});
