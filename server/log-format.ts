import { Writable } from 'node:stream';

/**
 * LOG_FORMAT=pretty: each pino JSON line (already redacted) becomes one readable line,
 * `19:42:07 INFO  store installed  storeHash=demo7x3 scope="store_v2_orders …"`. Stack traces are printed
 * only for errors (level error and above), indented under their line; expected refusals have none.
 */

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const ERROR_LEVEL = 50;
/** Fields every line has, or that only correlate lines: left out of the readable line. */
const HIDDEN = new Set([
  'time',
  'level',
  'msg',
  'pid',
  'hostname',
  'service',
  'requestId',
  'component',
  'owner',
  'err',
]);
const MAX_VALUE_CHARS = 120;

export interface PrettyOptions {
  /** Show the access line of every successful request (otherwise only 4xx/5xx ones). */
  showRequests: boolean;
}

/** One log record as a readable line, or null when the pretty format leaves it out. */
export function formatLogLine(record: Record<string, unknown>, options: PrettyOptions): string | null {
  const level = typeof record['level'] === 'number' ? record['level'] : 30;
  const time = clock(record['time']);
  const label = (LEVELS[level] ?? String(level)).padEnd(5);
  const msg = typeof record['msg'] === 'string' ? record['msg'] : '';
  let text: string;
  let rest: Record<string, unknown> = record;
  if (msg === 'request' && typeof record['method'] === 'string') {
    const status = Number(record['status']);
    if (status < 400 && !options.showRequests) return null;
    const { method, path, status: _status, ms, ...others } = record;
    text = `${String(method)} ${String(path)} → ${String(status)} (${String(ms)} ms)`;
    rest = others;
  } else text = msg;
  const err = asError(record['err']);
  if (err && err.message && !text.includes(err.message)) text += `: ${err.message}`;
  const fields = Object.entries(rest)
    .filter(([key, value]) => !HIDDEN.has(key) && value !== undefined && value !== null)
    .map(([key, value]) => `${key}=${show(value)}`);
  const line = `${time} ${label} ${text}${fields.length ? `  ${fields.join(' ')}` : ''}`;
  if (err?.stack && level >= ERROR_LEVEL) {
    const stack = err.stack
      .split('\n')
      .slice(1)
      .map((l) => `    ${l.trim()}`)
      .join('\n');
    return stack ? `${line}\n${stack}` : line;
  }
  return line;
}

/** A stream pino writes its JSON lines into; it writes the readable lines to `out`. */
export function prettyStream(
  out: NodeJS.WritableStream | { write(chunk: string): unknown },
  options: PrettyOptions,
): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        let formatted: string | null;
        try {
          formatted = formatLogLine(JSON.parse(line) as Record<string, unknown>, options);
        } catch {
          formatted = line;
        }
        if (formatted !== null) out.write(`${formatted}\n`);
      }
      done();
    },
  });
}

function clock(time: unknown): string {
  const date = new Date(typeof time === 'string' || typeof time === 'number' ? time : Date.now());
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const short = text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
  return typeof value === 'string' && /[\s"=]/.test(short) ? JSON.stringify(short) : short;
}

function asError(value: unknown): { message?: string; stack?: string } | null {
  if (typeof value !== 'object' || value === null) return null;
  const e = value as Record<string, unknown>;
  return {
    message: typeof e['message'] === 'string' ? e['message'] : undefined,
    stack: typeof e['stack'] === 'string' ? e['stack'] : undefined,
  };
}
