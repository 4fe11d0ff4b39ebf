/**
 * The simulators' request log: every request's body is read once, before any route runs, and the
 * request is appended to the simulator's `requests`. Headers are kept as received (tokens included)
 * because tests assert on them; nothing here is logged.
 */
import type { Request, RequestHandler } from 'express';
import type { RecordedRequest } from './recorded-request';

/** How one simulator records: its body size limit and answer, how many requests it keeps, what it masks. */
export interface RecordingPolicy {
  /** A larger body is refused with 413 and `tooLargeBody`, and the request is not recorded. */
  maxBodyBytes: number;
  /** The JSON body of the 413 answer, in the simulated service's error format. */
  tooLargeBody: unknown;
  /** Keep only the most recent `maxRecorded` requests; all of them when absent. */
  maxRecorded?: number;
  /** The body as the log keeps it (routes still read the original); as received when absent. */
  recordedBody?: (body: string) => string;
}

const rawBodies = new WeakMap<Request, string>();

/** The request's body as text, read once by `recordRequests`. */
export function rawBodyOf(req: Request): string {
  return rawBodies.get(req) ?? '';
}

export function recordRequests(
  requests: RecordedRequest[],
  now: () => number,
  policy: RecordingPolicy,
): RequestHandler {
  return async (req, res, next) => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += buffer.length;
      if (size > policy.maxBodyBytes) {
        res.status(413).json(policy.tooLargeBody);
        return;
      }
      chunks.push(buffer);
    }
    const body = Buffer.concat(chunks).toString('utf8');
    rawBodies.set(req, body);
    const url = new URL(req.originalUrl, 'http://simulator.invalid');
    const { maxRecorded } = policy;
    if (maxRecorded !== undefined && requests.length >= maxRecorded)
      requests.splice(0, requests.length - maxRecorded + 1);
    requests.push({
      method: req.method,
      path: url.pathname,
      query: queryOf(url.searchParams),
      headers: headersOf(req),
      body: policy.recordedBody ? policy.recordedBody(body) : body,
      receivedAt: now(),
    });
    next();
  };
}

function queryOf(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    query[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return query;
}

function headersOf(req: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
