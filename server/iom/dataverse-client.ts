import { DynamicsWebApi } from 'dynamics-web-api';
import type { Logger } from '../logger';
import { backoffDelay, secondsHeaderToMs, sleep } from '../net/backoff';
import type { KeyedSemaphores } from '../net/semaphore';
import type { EntraCredentials, EntraTokenProvider } from './entra-token';
import { DataverseError, EntraTokenError } from './errors';

/** Stay well under Dataverse's 52 concurrent requests per user (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/api-limits). */
export const DEFAULT_CONCURRENCY_PER_ENVIRONMENT = 16;

export interface DataverseConnection {
  environmentUrl: string;
  credentials: EntraCredentials;
}

export interface DataverseClientDeps {
  tokens: EntraTokenProvider;
  /** Shared across clients so the cap holds per environment, not per client object. */
  concurrency: KeyedSemaphores;
  logger: Logger;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Attempts for a retriable failure, first try included. */
  maxAttempts?: number;
  /**
   * The longest single wait this client will sit through. A wait hint (Retry-After) is never
   * undercut: a hint longer than this fails the call at once, the hint on the error as retryAfterMs.
   */
  maxWaitMs?: number;
  /** Epoch ms after which no attempt starts and no wait runs past; attempts are cut short to meet it. */
  deadlineAt?: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Told the outcome of every attempt, e.g. for metrics: Dataverse's HTTP status on a failure (0: no
   * answer), 200 on success (the Web API library does not say which 2xx).
   */
  onResponse?: (status: number) => void;
}

export interface CallOptions {
  /** Safe to repeat after a 5xx or timeout (reads, keyed upserts, deletes). 429s are always retried. */
  idempotent: boolean;
}

interface RawDataverseError {
  status?: number;
  code?: string;
  message?: string;
  headers?: Record<string, string | string[] | undefined>;
}

/**
 * The Dataverse Web API (dynamics-web-api 2.x) with what it lacks: a per-environment concurrency
 * cap, per-request timeouts, retry on 429 after the full Retry-After (never earlier: Dataverse
 * lengthens the penalty of a client that keeps sending), exponential backoff with jitter on
 * 5xx/timeouts for idempotent calls, one token refresh on 401, and typed errors (DataverseError,
 * EntraTokenError) that keep Dataverse's code and message.
 */
export class DataverseClient {
  readonly api: DynamicsWebApi;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly maxWaitMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    readonly connection: DataverseConnection,
    private readonly deps: DataverseClientDeps,
  ) {
    this.timeoutMs = deps.timeoutMs ?? 30_000;
    this.maxAttempts = deps.maxAttempts ?? 5;
    this.maxWaitMs = deps.maxWaitMs ?? 60_000;
    this.sleep = deps.sleep ?? sleep;
    this.api = new DynamicsWebApi({
      serverUrl: connection.environmentUrl,
      dataApi: { version: '9.2' },
      timeout: this.timeoutMs,
      onTokenRefresh: () => deps.tokens.getToken(connection.credentials, connection.environmentUrl),
    });
  }

  /** Run one Web API operation under the environment's concurrency cap, with retries. */
  async call<T>(operation: string, fn: (api: DynamicsWebApi) => Promise<T>, opts: CallOptions): Promise<T> {
    const semaphore = this.deps.concurrency.for(this.connection.environmentUrl);
    let refreshedToken = false;
    const deadlineAt = this.deps.deadlineAt;
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const budget =
        deadlineAt === undefined ? this.timeoutMs : Math.min(this.timeoutMs, deadlineAt - started);
      if (budget <= 0) throw this.timedOut(operation, this.timeoutMs, null);
      try {
        const result = await withTimeout(
          semaphore.run(() => fn(this.api)),
          budget < this.timeoutMs ? budget : null,
          () => this.timedOut(operation, budget, null),
        );
        this.deps.onResponse?.(200);
        return result;
      } catch (caught) {
        if (caught instanceof EntraTokenError) throw caught;
        const error =
          caught instanceof DataverseError
            ? caught
            : this.toDataverseError(operation, caught, Date.now() - started);
        this.deps.onResponse?.(error.upstreamStatus);
        if (error.upstreamStatus === 401 && !refreshedToken) {
          refreshedToken = true;
          this.deps.tokens.invalidate(this.connection.credentials);
          continue;
        }
        const canRetry =
          attempt < this.maxAttempts &&
          (error.upstreamStatus === 429 || (error.retriable && opts.idempotent));
        if (!canRetry) throw error;
        const hint = error.retryAfterMs;
        // A wait hint is never undercut: if we will not wait that long, fail now and pass the hint on.
        const room = deadlineAt === undefined ? Infinity : deadlineAt - Date.now();
        if (hint !== null && (hint > this.maxWaitMs || hint >= room)) throw error;
        const wait = hint ?? Math.min(this.maxWaitMs, backoffDelay(attempt, { baseMs: 500 }));
        if (wait >= room) throw error;
        this.deps.logger.warn(
          { operation, attempt, wait, status: error.upstreamStatus, code: error.dataverseCode },
          'dataverse call failed, retrying',
        );
        await this.sleep(wait);
      }
    }
  }

  private timedOut(operation: string, timeoutMs: number, cause: unknown): DataverseError {
    return new DataverseError(
      0,
      null,
      `Dataverse ${operation} at ${this.connection.environmentUrl} did not answer within ${timeoutMs} ms.`,
      { retriable: true, timedOut: true, cause },
    );
  }

  private toDataverseError(operation: string, caught: unknown, elapsedMs: number): DataverseError {
    const raw = (caught ?? {}) as RawDataverseError & { code?: string };
    const status = typeof raw.status === 'number' ? raw.status : 0;
    const where = `Dataverse ${operation} at ${this.connection.environmentUrl}`;
    if (status === 0) {
      if (elapsedMs >= this.timeoutMs - 50) return this.timedOut(operation, this.timeoutMs, caught);
      const reason = `could not be reached (${raw.code ?? raw.message ?? 'network error'})`;
      return new DataverseError(0, null, `${where} ${reason}.`, { retriable: true, cause: caught });
    }
    const header = raw.headers?.['retry-after'];
    const retryAfterMs = secondsHeaderToMs(Array.isArray(header) ? (header[0] ?? null) : (header ?? null));
    const code = typeof raw.code === 'string' && raw.code.length > 0 ? raw.code : null;
    const message = `${where} failed (${status}${code ? ` ${code}` : ''}): ${raw.message ?? 'no message'}`;
    const retriable = status === 429 || status === 408 || status >= 500;
    return new DataverseError(status, code, message, {
      retriable,
      retryAfterMs,
      upstreamMessage: raw.message ?? null,
      cause: caught,
    });
  }
}

/** `promise`, or `onTimeout()` thrown after `ms` (no limit when `ms` is null). */
async function withTimeout<T>(promise: Promise<T>, ms: number | null, onTimeout: () => Error): Promise<T> {
  if (ms === null) return promise;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(onTimeout()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
