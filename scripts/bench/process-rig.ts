/**
 * The product as its own process (`node dist/server/main.js`, the built server) with both simulators in
 * the bench process, so the memory measured is the app's alone: the child's VmRSS (sampled from
 * /proc/<pid>/status) and its VmHWM (the kernel's peak) at the end, and its V8 heap from GET /metrics.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBigCommerceSimulator, type BigCommerceSimulator } from '../sandbox/bigcommerce';
import { startIomSimulator, type IomSimulator } from '../sandbox/iom';
import type { RecordedRequest } from '../sandbox/shared/recorded-request';
import { connectForSync, STORE } from './relay-bench';

export interface ProcessRig {
  child: ChildProcess;
  appUrl: string;
  bc: BigCommerceSimulator;
  iom: IomSimulator;
  metricsToken: string;
  close(): Promise<void>;
}

/** Starts the built server as a child process, set up to sync like `startRelayRig` does. */
export async function startProcessRig(
  root: string = path.resolve(__dirname, '..', '..'),
): Promise<ProcessRig> {
  const main = path.join(root, 'dist', 'server', 'main.js');
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const metricsToken = randomBytes(16).toString('hex');
  const bc = await startBigCommerceSimulator({ appUrl, clientId: 'bench-client', clientSecret });
  // Dataverse allows 6,000 requests per user per 5 minutes; a 10,000-order burst needs more, and
  // what is measured here is the app, not its wait for Retry-After.
  const iom = await startIomSimulator({ limits: { requestsPerWindow: 1_000_000 } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iom-process-bench-'));
  const child = spawn(process.execPath, [main], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      APP_URL: appUrl,
      BC_CLIENT_ID: 'bench-client',
      BC_CLIENT_SECRET: clientSecret,
      BC_LOGIN_URL: bc.url,
      BC_API_URL: bc.url,
      ENTRA_AUTHORITY_HOST: iom.authorityHost,
      SQLITE_PATH: path.join(dir, 'connector.db'),
      APP_SECRET_KEY: randomBytes(32).toString('base64'),
      // BENCH_LOG_LEVEL=info measures the log lines a production app writes (to /dev/null here).
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
      SWEEP_INTERVAL_S: '0',
      WORKER_POLL_MS: '50',
      METRICS_TOKEN: metricsToken,
    },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await bc.close();
    await iom.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForReady(appUrl, child, () => stderr);
    await connectForSync(appUrl, bc, iom);
  } catch (error) {
    await close();
    throw error;
  }
  return { child, appUrl, bc, iom, metricsToken, close };
}

export interface ProcessBurstResult {
  orders: number;
  seconds: number;
  ordersPerSecond: number;
  /** The app process's peak resident set: the highest VmRSS sampled and its VmHWM at the end. */
  peakRssMb: number;
  /** The highest V8 heap in use the app reported (GET /metrics, sampled every second). */
  peakHeapMb: number;
  /** The app's CPU time (user + system) per order until the last sales order: steadier than orders/s
   *  on a machine shared with other work. */
  cpuMsPerOrder: number;
}

/**
 * Places `count` orders at once (their webhooks go to the app as BigCommerce sends them) and waits until
 * the simulated IOM holds `count` more sales orders, sampling the app's memory meanwhile.
 */
export async function processBurst(rig: ProcessRig, count: number): Promise<ProcessBurstResult> {
  const { bc, iom, child } = rig;
  const pid = child.pid!;
  const before = iom.inspect.salesOrders().length;
  const requestsBefore = iom.inspect.requests.length;
  let peakRss = procStatusKb(pid, 'VmRSS');
  let peakHeap = 0;
  const rssTimer = setInterval(() => {
    peakRss = Math.max(peakRss, procStatusKb(pid, 'VmRSS'));
  }, 100);
  let heapBusy = false;
  const heapTimer = setInterval(() => {
    if (heapBusy) return;
    heapBusy = true;
    void heapUsedBytes(rig)
      .then((bytes) => (peakHeap = Math.max(peakHeap, bytes)))
      .catch(() => undefined)
      .finally(() => (heapBusy = false));
  }, 1_000);
  try {
    const started = performance.now();
    const cpuBefore = cpuMs(pid);
    for (let i = 0; i < count; i++) {
      bc.placeOrders(STORE, 1);
      if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    }
    // Listing the sales orders builds a view of each, so it is only asked once the writes the
    // simulator received (a cheap count over the new requests) say they could all be there.
    const deadline = Date.now() + 10 * 60_000;
    let created = 0;
    let scanned = requestsBefore;
    let creates = 0;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (child.exitCode !== null) throw new Error(`the app exited (code ${child.exitCode})`);
      const { requests } = iom.inspect;
      for (; scanned < requests.length; scanned++) if (createsSalesOrder(requests[scanned]!)) creates++;
      if (creates < count) continue;
      created = iom.inspect.salesOrders().length - before;
      if (created >= count) break;
    }
    const seconds = (performance.now() - started) / 1000;
    const cpuUsedMs = cpuMs(pid) - cpuBefore;
    if (created < count) {
      created = iom.inspect.salesOrders().length - before;
      throw new Error(
        `timed out after ${seconds.toFixed(0)} s: ${created} of ${count} sales orders were created (${creates} Web API writes arrived)`,
      );
    }
    // The batched metafield write-back runs after the last sales order: keep sampling through it.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    peakRss = Math.max(peakRss, procStatusKb(pid, 'VmRSS'), procStatusKb(pid, 'VmHWM'));
    peakHeap = Math.max(peakHeap, await heapUsedBytes(rig).catch(() => 0));
    return {
      orders: count,
      seconds,
      ordersPerSecond: count / seconds,
      peakRssMb: peakRss / 1024,
      peakHeapMb: peakHeap / 1024 / 1024,
      cpuMsPerOrder: cpuUsedMs / count,
    };
  } finally {
    clearInterval(rssTimer);
    clearInterval(heapTimer);
  }
}

/** A Web API write (a create, an upsert, a $batch): every sales order needs one at least. */
function createsSalesOrder(request: RecordedRequest): boolean {
  return request.method !== 'GET' && request.path.includes('/api/data/');
}

/** The process's CPU time so far (utime + stime of /proc/<pid>/stat, at 100 ticks per second), in ms. */
function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** A field of /proc/<pid>/status in kB (Linux); 0 once the process is gone. */
function procStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

async function heapUsedBytes(rig: ProcessRig): Promise<number> {
  const res = await fetch(`${rig.appUrl}/metrics`, {
    headers: { Authorization: `Bearer ${rig.metricsToken}` },
  });
  const text = await res.text();
  const match = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})? ([\d.e+]+)$/m.exec(text);
  return match ? Number(match[1]) : 0;
}

/** A port nobody listens on right now (listen on 0, read it, close). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForReady(appUrl: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the app exited (code ${child.exitCode}) before it was ready: ${stderr()}`);
    try {
      const res = await fetch(`${appUrl}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the app was not ready within 30 s: ${stderr()}`);
}
