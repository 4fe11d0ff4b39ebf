import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/harness';

const MAIN = path.join(REPO_ROOT, 'dist', 'server', 'main.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    cwd: REPO_ROOT,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('the built server (npm start)', () => {
  beforeAll(() => {
    if (!fs.existsSync(MAIN))
      throw new Error(`${MAIN} is missing: run "npm run build" first (npm test does).`);
  });

  it('refuses to start with one clear line per bad variable', async () => {
    const p = run({ BC_CLIENT_ID: 'abc', APP_SECRET_KEY: 'short', BC_API_URL: 'http://api.example.com' });
    expect(await p.exited).toBe(1);
    const lines = p.err().trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Configuration error: BC_CLIENT_SECRET is missing.*example/),
        expect.stringMatching(/^Configuration error: APP_SECRET_KEY must be exactly 32 bytes.*example/),
        expect.stringMatching(/^Configuration error: BC_API_URL .*must use https:\/\/.*example/),
      ]),
    );
    expect(lines).toHaveLength(3);
  });

  it('starts, answers /healthz and /readyz, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iom-main-'));
    const p = run({
      PORT: String(port),
      BC_CLIENT_ID: 'client',
      BC_CLIENT_SECRET: 'secret',
      APP_SECRET_KEY: randomBytes(32).toString('base64'),
      SQLITE_PATH: path.join(dir, 'db', 'connector.db'),
    });
    let health: Response | undefined;
    for (let i = 0; i < 100 && !health; i++) {
      health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      if (!health) await new Promise((r) => setTimeout(r, 100));
    }
    expect(health?.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect(fs.existsSync(path.join(dir, 'db', 'connector.db'))).toBe(true);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.out()).toContain('"msg":"stopped"');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('as ROLE=worker answers only the probes, logs its role and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iom-worker-'));
    const p = run({
      PORT: String(port),
      ROLE: 'worker',
      WORKER_POLL_MS: '200',
      BC_CLIENT_ID: 'client',
      BC_CLIENT_SECRET: 'secret',
      APP_SECRET_KEY: randomBytes(32).toString('base64'),
      SQLITE_PATH: path.join(dir, 'connector.db'),
    });
    try {
      let health: Response | undefined;
      for (let i = 0; i < 100 && !health; i++) {
        health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        if (!health) await new Promise((r) => setTimeout(r, 100));
      }
      expect(health?.status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/api/session`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404); // no METRICS_TOKEN
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
      expect(p.out()).toMatch(/"role":"worker".*"msg":"IOM Connector listening"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start on a database written with another APP_SECRET_KEY, in one line naming it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iom-main-key-'));
    const env = (key: string, port: number) => ({
      PORT: String(port),
      BC_CLIENT_ID: 'client',
      BC_CLIENT_SECRET: 'secret',
      APP_SECRET_KEY: key,
      SQLITE_PATH: path.join(dir, 'connector.db'),
    });
    try {
      const port = await freePort();
      const first = run(env(randomBytes(32).toString('base64'), port));
      let ready: Response | undefined;
      for (let i = 0; i < 100 && ready?.status !== 200; i++) {
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
        if (ready?.status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready?.status).toBe(200);
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);

      const second = run(env(randomBytes(32).toString('hex'), await freePort()));
      const code = await second.exited;
      expect(code).not.toBe(0);
      expect(second.err().trim().split('\n')).toEqual([
        `Configuration error: APP_SECRET_KEY does not open the data in ${path.join(dir, 'connector.db')} (it was encrypted with another key): set APP_SECRET_KEY back to the key this deployment used, or point SQLITE_PATH at a new database.`,
      ]);
      expect(second.out()).not.toContain('listening');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
