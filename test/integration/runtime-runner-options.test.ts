import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clientDirs } from '../../server/compose';
import { loadConfig } from '../../server/config';
import { listen } from '../../server/http/server';
import { createLogger } from '../../server/logger';
import { startMaintenance } from '../../server/relay/maintenance';
import { startRunner, type RunnerOptions } from '../../server/relay/runner';
import { startRuntime } from '../../server/runtime';
import { REPO_ROOT } from '../helpers/harness';

jest.mock('../../server/relay/runner', () => {
  const actual = jest.requireActual<typeof import('../../server/relay/runner')>('../../server/relay/runner');
  return { ...actual, startRunner: jest.fn(actual.startRunner) };
});

jest.mock('../../server/relay/maintenance', () => {
  const actual = jest.requireActual<typeof import('../../server/relay/maintenance')>(
    '../../server/relay/maintenance',
  );
  return { ...actual, startMaintenance: jest.fn(actual.startMaintenance) };
});

describe('the runtime’s job runner and schedules', () => {
  let dir: string;
  const key = randomBytes(32).toString('base64');
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runtime-options-'));
    jest.mocked(startRunner).mockClear();
    jest.mocked(startMaintenance).mockClear();
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = async (env: Record<string, string>, runner?: Partial<RunnerOptions>) => {
    const config = loadConfig({
      BC_CLIENT_ID: 'client',
      BC_CLIENT_SECRET: 'secret',
      APP_SECRET_KEY: key,
      SQLITE_PATH: path.join(dir, 'connector.db'),
      ...env,
    });
    const runtime = await startRuntime(config, {
      logger: createLogger('silent'),
      dirs: clientDirs(REPO_ROOT),
      server: await listen(null, 0, '127.0.0.1'),
      runner,
    });
    await runtime.stop(100);
    return jest.mocked(startRunner).mock.calls.map((call) => call[2]);
  };

  it('takes WORKER_CONCURRENCY and WORKER_POLL_MS from the config', async () => {
    expect(await start({ WORKER_CONCURRENCY: '3', WORKER_POLL_MS: '700' })).toEqual([
      expect.objectContaining({ concurrency: 3, pollMs: 700 }),
    ]);
  });

  it('lets the caller override them (the tests poll faster)', async () => {
    expect(await start({ WORKER_CONCURRENCY: '3', WORKER_POLL_MS: '700' }, { pollMs: 20 })).toEqual([
      expect.objectContaining({ concurrency: 3, pollMs: 20 }),
    ]);
  });

  it('defaults to 8 jobs at once, looking every second', async () => {
    expect(await start({ ROLE: 'worker' })).toEqual([
      expect.objectContaining({ concurrency: 8, pollMs: 1000 }),
    ]);
  });

  it('are not started at all with ROLE=web, and both are with ROLE=all and ROLE=worker', async () => {
    expect(await start({ ROLE: 'web' })).toEqual([]);
    expect(startMaintenance).not.toHaveBeenCalled();
    await start({ ROLE: 'all' });
    await start({ ROLE: 'worker' });
    expect(startMaintenance).toHaveBeenCalledTimes(2);
    expect(startRunner).toHaveBeenCalledTimes(2);
  });
});
