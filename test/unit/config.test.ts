import { ConfigError, loadConfig } from '../../server/config';

const KEY = Buffer.alloc(32, 7).toString('base64');
const base = { BC_CLIENT_ID: 'client', BC_CLIENT_SECRET: 'secret', APP_SECRET_KEY: KEY };

function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      port: 3000,
      appUrl: 'http://localhost:3000',
      bigcommerce: {
        clientId: 'client',
        clientSecret: 'secret',
        loginUrl: 'https://login.bigcommerce.com',
        apiUrl: 'https://api.bigcommerce.com',
      },
      entraAuthorityHost: 'https://login.microsoftonline.com',
      storage: { kind: 'sqlite', path: './data/connector.db' },
      logLevel: 'info',
      role: 'all',
      worker: { concurrency: 8, pollMs: 1000 },
      sweepIntervalS: 300,
      metricsToken: null,
    });
    expect(config.secretKey).toHaveLength(32);
  });

  it('APP_URL follows PORT by default and loses a trailing slash', () => {
    expect(loadConfig({ ...base, PORT: '8080' }).appUrl).toBe('http://localhost:8080');
    expect(loadConfig({ ...base, APP_URL: 'https://app.example.com/' }).appUrl).toBe(
      'https://app.example.com',
    );
  });

  it('selects Firestore with its project and emulator host', () => {
    expect(
      loadConfig({
        ...base,
        STORAGE: 'firestore',
        FIRESTORE_PROJECT_ID: 'proj',
        FIRESTORE_EMULATOR_HOST: '127.0.0.1:8080',
      }).storage,
    ).toEqual({ kind: 'firestore', projectId: 'proj', emulatorHost: '127.0.0.1:8080' });
  });

  it.each([
    [{ BC_CLIENT_ID: undefined }, /^Configuration error: BC_CLIENT_ID is missing.*example/],
    [{ BC_CLIENT_SECRET: '' }, /^Configuration error: BC_CLIENT_SECRET is missing/],
    [
      { APP_SECRET_KEY: undefined },
      /^Configuration error: APP_SECRET_KEY is missing.*openssl rand -base64 32/,
    ],
    [{ APP_SECRET_KEY: Buffer.alloc(16).toString('base64') }, /APP_SECRET_KEY must be exactly 32 bytes/],
    [{ PORT: 'eighty' }, /^Configuration error: PORT must be a port number/],
    [{ PORT: '70000' }, /^Configuration error: PORT must be between 1 and 65535/],
    [{ APP_URL: 'not a url' }, /^Configuration error: APP_URL "not a url" is not an absolute URL/],
    [{ APP_URL: 'http://app.example.com' }, /APP_URL .*must use https:\/\//],
    [{ BC_LOGIN_URL: 'http://login.example.com' }, /BC_LOGIN_URL .*must use https:\/\//],
    [{ ENTRA_AUTHORITY_HOST: 'ftp://x' }, /ENTRA_AUTHORITY_HOST .*must use https:\/\//],
    [{ STORAGE: 'postgres' }, /^Configuration error: STORAGE must be "sqlite" or "firestore"/],
    [{ STORAGE: 'firestore' }, /^Configuration error: FIRESTORE_PROJECT_ID is missing/],
    [{ FIRESTORE_EMULATOR_HOST: 'localhost' }, /FIRESTORE_EMULATOR_HOST must be host:port/],
    [{ LOG_LEVEL: 'loud' }, /^Configuration error: LOG_LEVEL must be one of/],
    [{ ROLE: 'cron' }, /^Configuration error: ROLE must be "all", "web" or "worker".*example: ROLE=worker/],
    [{ WORKER_CONCURRENCY: '0' }, /^Configuration error: WORKER_CONCURRENCY must be at least 1.*example/],
    [
      { WORKER_CONCURRENCY: 'many' },
      /^Configuration error: WORKER_CONCURRENCY must be a whole number.*example/,
    ],
    [
      { WORKER_CONCURRENCY: '2.5' },
      /^Configuration error: WORKER_CONCURRENCY must be a whole number.*example/,
    ],
    [{ WORKER_POLL_MS: '10' }, /^Configuration error: WORKER_POLL_MS must be at least 50 ms.*example/],
    [{ WORKER_POLL_MS: 'soon' }, /^Configuration error: WORKER_POLL_MS must be a number of milliseconds/],
    [{ SWEEP_INTERVAL_S: '-1' }, /^Configuration error: SWEEP_INTERVAL_S must be 0 \(no sweep\) or more/],
    [{ SWEEP_INTERVAL_S: '1.5' }, /^Configuration error: SWEEP_INTERVAL_S must be a whole number.*example/],
    [
      { IOM_POLL_INTERVAL_S: '4' },
      /^Configuration error: IOM_POLL_INTERVAL_S must be at least 5 seconds.*example/,
    ],
    [
      { IOM_POLL_INTERVAL_S: '3601' },
      /^Configuration error: IOM_POLL_INTERVAL_S must be at most 3600 seconds/,
    ],
    [
      { IOM_POLL_INTERVAL_S: '30.5' },
      /^Configuration error: IOM_POLL_INTERVAL_S must be a whole number.*5 and 3600/,
    ],
    [
      { IOM_POLL_INTERVAL_S: 'often' },
      /^Configuration error: IOM_POLL_INTERVAL_S must be a number of seconds/,
    ],
    [
      { METRICS_TOKEN: 'short' },
      /^Configuration error: METRICS_TOKEN must be at least 16 characters.*example/,
    ],
  ])('%j is refused with one line naming the variable', (override, message) => {
    const found = problems({ ...base, ...override });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
    expect(found[0]).not.toContain('\n');
  });

  it('plain http is accepted for loopback hosts (the sandbox)', () => {
    const config = loadConfig({
      ...base,
      APP_URL: 'http://127.0.0.1:3000',
      BC_LOGIN_URL: 'http://localhost:3001',
      BC_API_URL: 'http://[::1]:3001',
    });
    expect(config.bigcommerce.loginUrl).toBe('http://localhost:3001');
  });

  it("accepts APP_SECRET_KEY as 64 hex characters (Heroku's secret generator) with the same 32 bytes", () => {
    const hex = Buffer.alloc(32, 7).toString('hex');
    expect(loadConfig({ ...base, APP_SECRET_KEY: hex }).secretKey.equals(Buffer.alloc(32, 7))).toBe(true);
  });

  it('never echoes a secret value in an error', () => {
    const found = problems({ ...base, APP_SECRET_KEY: 'super-secret-but-wrong-length' });
    expect(found.join('\n')).not.toContain('super-secret-but-wrong-length');
    expect(problems({ ...base, METRICS_TOKEN: 'tooshort123' }).join('\n')).not.toContain('tooshort123');
  });

  it('reads the process role, the worker, the sweep and the metrics token', () => {
    const config = loadConfig({
      ...base,
      ROLE: 'worker',
      WORKER_CONCURRENCY: '2',
      WORKER_POLL_MS: '50',
      SWEEP_INTERVAL_S: '0',
      METRICS_TOKEN: '  0123456789abcdef  ',
    });
    expect(config).toMatchObject({
      role: 'worker',
      worker: { concurrency: 2, pollMs: 50 },
      sweepIntervalS: 0,
      metricsToken: '0123456789abcdef',
    });
    expect(loadConfig({ ...base, ROLE: 'web', METRICS_TOKEN: '' }).metricsToken).toBeNull();
  });

  it('reads IOM_POLL_INTERVAL_S (default 60 s, 5 to 3600)', () => {
    expect(loadConfig(base).iomPollIntervalS).toBe(60);
    expect(loadConfig({ ...base, IOM_POLL_INTERVAL_S: '5' }).iomPollIntervalS).toBe(5);
    expect(loadConfig({ ...base, IOM_POLL_INTERVAL_S: '3600' }).iomPollIntervalS).toBe(3600);
  });
  it('requires APP_URL when NODE_ENV=production, with one line saying what to set', () => {
    expect(problems({ ...base, NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(
        /^Configuration error: APP_URL is missing: NODE_ENV=production .*example: APP_URL=https:/,
      ),
    ]);
    expect(loadConfig({ ...base, NODE_ENV: 'production', APP_URL: 'https://app.example.com' }).appUrl).toBe(
      'https://app.example.com',
    );
    expect(loadConfig({ ...base, NODE_ENV: 'development' }).appUrl).toBe('http://localhost:3000');
  });

  it('allows loopback IOM targets only when BigCommerce and Entra are all on loopback (the sandbox)', () => {
    const sandbox = {
      ...base,
      BC_LOGIN_URL: 'http://127.0.0.1:4000',
      BC_API_URL: 'http://127.0.0.1:4000',
      ENTRA_AUTHORITY_HOST: 'http://localhost:4100',
    };
    expect(loadConfig(sandbox).allowLoopbackTargets).toBe(true);
    expect(loadConfig(base).allowLoopbackTargets).toBe(false);
    // One real host means a real deployment: a half-sandbox never opens loopback targets.
    expect(loadConfig({ ...sandbox, BC_API_URL: 'https://api.bigcommerce.com' }).allowLoopbackTargets).toBe(
      false,
    );
    expect(
      loadConfig({ ...sandbox, ENTRA_AUTHORITY_HOST: 'https://login.microsoftonline.com' })
        .allowLoopbackTargets,
    ).toBe(false);
  });
});
