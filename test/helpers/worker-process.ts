import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { CLIENT_ID, REPO_ROOT, type Harness } from './harness';
import type { RecordedRequest } from '../../scripts/sandbox/shared/recorded-request';

/** The built server (`npm run build:server`). */
export const MAIN = path.join(REPO_ROOT, 'dist', 'server', 'main.js');

export function requireBuiltServer(): void {
  if (!fs.existsSync(MAIN))
    throw new Error(`${MAIN} is missing: run "npm run build:server" first (npm test does).`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  name: string;
  child: ChildProcessWithoutNullStreams;
  port: number;
  /** Resolves with the exit code and signal once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process wrote to stdout (its JSON log lines) and stderr so far. */
  out(): string;
  err(): string;
  /** Its stdout log lines parsed as JSON (lines that are not JSON are skipped). */
  logLines(): Array<Record<string, unknown>>;
  /** Kill it (SIGKILL unless told otherwise) if it still runs, and wait until it is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Spawn `node dist/server/main.js` with exactly this environment (plus PATH). */
export function spawnServer(name: string, port: number, env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), ...env },
    cwd: REPO_ROOT,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  return {
    name,
    child,
    port,
    exited,
    out: () => stdout,
    err: () => stderr,
    logLines: () =>
      stdout
        .split('\n')
        .filter(Boolean)
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    stop: async (signal: NodeJS.Signals = 'SIGKILL') => {
      if (!gone) child.kill(signal);
      await exited;
    },
  };
}

/**
 * The environment a `ROLE=worker` child needs to work for the harness's (in-process) web app: the same
 * simulators, client credentials, APP_SECRET_KEY and storage. `storage` carries SQLITE_PATH or the
 * STORAGE=firestore variables, and must be what the harness was started with.
 */
export function workerEnv(
  h: Harness,
  secretKey: string,
  storage: Record<string, string>,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ROLE: 'worker',
    APP_URL: h.appUrl,
    BC_CLIENT_ID: CLIENT_ID,
    BC_CLIENT_SECRET: h.clientSecret,
    BC_LOGIN_URL: h.sim.url,
    BC_API_URL: h.sim.url,
    ENTRA_AUTHORITY_HOST: h.iom.authorityHost,
    APP_SECRET_KEY: secretKey,
    WORKER_POLL_MS: '100',
    SWEEP_INTERVAL_S: '0',
    LOG_LEVEL: 'debug',
    ...storage,
    ...extra,
  };
}

/** Start a worker child on a free port and wait until its /readyz answers 200. */
export async function startWorkerProcess(name: string, env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const p = spawnServer(name, port, env);
  let exitedEarly = false;
  void p.exited.then(() => (exitedEarly = true));
  for (let i = 0; i < 200; i++) {
    if (exitedEarly) break;
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
    if (ready?.status === 200) return p;
    await new Promise((r) => setTimeout(r, 100));
  }
  await p.stop();
  throw new Error(`worker ${name} did not become ready:\n${p.err()}\n${p.out().slice(-2000)}`);
}

/**
 * Call `fn` synchronously as each request reaches the IOM simulator (it is recorded before the
 * simulator's latency knob is applied), e.g. to slow the simulator down from exactly that request on.
 * Returns a function that removes the hook.
 */
export function onIomRequest(h: Harness, fn: (request: RecordedRequest) => void): () => void {
  const requests = h.iom.inspect.requests;
  const original = requests.push.bind(requests);
  requests.push = (...items: RecordedRequest[]) => {
    const length = original(...items);
    for (const item of items) fn(item);
    return length;
  };
  return () => {
    requests.push = original;
  };
}

/** The BigCommerce order id a Dataverse sales-order write (keyed upsert or create) is for, if any. */
export function salesOrderWriteFor(request: RecordedRequest, storeHash: string): number | null {
  if (request.method !== 'PATCH' && request.method !== 'POST') return null;
  const pathname = decodeURIComponent(request.path);
  if (!/\/api\/data\/v9\.\d\/salesorders(\(|$)/.test(pathname)) return null;
  const match = new RegExp(`bigcommerce_${storeHash}_(\\d+)`).exec(`${pathname} ${request.body}`);
  return match?.[1] ? Number(match[1]) : null;
}
