import type { Logger } from 'pino';
import type { z } from 'zod';
import { BigCommerceError, describeIssues } from '../errors';
import { backoffDelay, secondsHeaderToMs, sleep } from '../net/backoff';
import type { StoreQuotas } from './store-quota';

export interface BigCommerceClientOptions {
  apiUrl: string;
  storeHash: string;
  accessToken: string;
  logger: Logger;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Total attempts for a retriable failure (first try included). */
  maxAttempts?: number;
  /** The longest single wait; a longer rate-limit reset is not waited for (nor undercut) but thrown. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told the status of every HTTP answer, each retry included (0: no answer), e.g. for metrics. */
  onResponse?: (status: number) => void;
  /** The process's view of every store's quota: requests wait for the store's window instead of
   *  provoking 429s. A wait longer than maxQuotaWaitMs is not sat out: it fails as a
   *  QuotaWaitError, so a worker can run another store's job meanwhile. */
  quotas?: StoreQuotas;
  maxQuotaWaitMs?: number;
}

/** The store's quota is spent for longer than the caller will wait; nothing was sent. */
export class QuotaWaitError extends BigCommerceError {
  constructor(storeHash: string, waitMs: number) {
    super(
      429,
      `The BigCommerce request quota of store ${storeHash} is used up for the next ${Math.ceil(waitMs / 1000)} s.`,
      {
        retriable: true,
        retryAfterMs: waitMs,
      },
    );
    this.name = 'QuotaWaitError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface BigCommerceResponse<T> {
  status: number;
  data: T;
}

const IDEMPOTENT: ReadonlySet<Method> = new Set(['GET', 'PUT', 'DELETE']);

/**
 * REST client for one store (`{apiUrl}/stores/{hash}{path}`), with the store's X-Auth-Token.
 * Retries 429 after BigCommerce's full rate-limit reset (X-Rate-Limit-Time-Reset-Ms, else X-Retry-After),
 * never sooner; a reset longer than maxWaitMs fails at once with it on the error as `retryAfterMs`.
 * and — for idempotent methods only — 5xx, timeouts and network errors with jittered backoff.
 * Responses are validated with the given zod schema; anything unexpected is a BigCommerceError.
 */
export class BigCommerceClient {
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly maxWaitMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: BigCommerceClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.sleep = options.sleep ?? sleep;
  }

  get storeHash(): string {
    return this.options.storeHash;
  }

  async request<T>(
    method: Method,
    path: string,
    opts: {
      query?: Record<string, string | number | boolean | undefined>;
      body?: unknown;
      schema: z.ZodType<T>;
    },
  ): Promise<BigCommerceResponse<T>> {
    const url = new URL(`${this.options.apiUrl}/stores/${this.options.storeHash}${path}`);
    for (const [key, value] of Object.entries(opts.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const log = this.options.logger.child({
      storeHash: this.options.storeHash,
      bcMethod: method,
      bcPath: path,
    });

    for (let attempt = 1; ; attempt++) {
      await this.waitForQuota();
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: {
            'X-Auth-Token': this.options.accessToken,
            Accept: 'application/json',
            ...(opts.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (cause) {
        this.options.onResponse?.(0);
        const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError';
        const message = timedOut
          ? `BigCommerce did not answer ${method} ${path} within ${this.timeoutMs} ms.`
          : `BigCommerce could not be reached for ${method} ${path} (${(cause as Error).message}).`;
        if (IDEMPOTENT.has(method) && attempt < this.maxAttempts) {
          const wait = backoffDelay(attempt, { capMs: this.maxWaitMs });
          log.warn({ attempt, wait }, 'bigcommerce request failed, retrying');
          await this.sleep(wait);
          continue;
        }
        throw new BigCommerceError(0, message, { retriable: true, cause });
      }
      this.options.onResponse?.(response.status);

      this.options.quotas?.observe(this.options.storeHash, response.status, response.headers);
      if (response.status === 429) {
        // A wait hint is never undercut: waiting less only meets the same closed window again.
        const hint = rateLimitWaitMs(response.headers);
        if (attempt < this.maxAttempts && (hint === null || hint <= this.maxWaitMs)) {
          const wait = hint ?? Math.min(this.maxWaitMs, backoffDelay(attempt));
          log.warn({ attempt, wait }, 'bigcommerce rate limit hit, waiting for the window to reset');
          await response.body?.cancel();
          await this.sleep(wait);
          continue;
        }
        throw errorFromResponse(method, path, response.status, await response.text(), hint);
      }
      if (response.status >= 500 && IDEMPOTENT.has(method) && attempt < this.maxAttempts) {
        const wait = backoffDelay(attempt, { capMs: this.maxWaitMs });
        log.warn({ attempt, wait, status: response.status }, 'bigcommerce server error, retrying');
        await response.body?.cancel();
        await this.sleep(wait);
        continue;
      }
      const text = await response.text();
      if (!response.ok) throw errorFromResponse(method, path, response.status, text);

      let json: unknown = undefined;
      if (text.length > 0) {
        try {
          json = JSON.parse(text);
        } catch (cause) {
          throw new BigCommerceError(
            response.status,
            `BigCommerce answered ${method} ${path} with invalid JSON.`,
            {
              retriable: false,
              cause,
            },
          );
        }
      }
      const parsed = opts.schema.safeParse(json);
      if (!parsed.success) {
        throw new BigCommerceError(
          response.status,
          `BigCommerce answered ${method} ${path} with an unexpected body: ${describeIssues(parsed.error.issues)}.`,
          { retriable: false },
        );
      }
      return { status: response.status, data: parsed.data };
    }
  }

  /** Sit out a short wait for the store's quota window; a longer one fails as QuotaWaitError. */
  private async waitForQuota(): Promise<void> {
    const quotas = this.options.quotas;
    if (!quotas) return;
    const limit = this.options.maxQuotaWaitMs ?? 2_000;
    for (;;) {
      const wait = quotas.reserve(this.options.storeHash);
      if (wait === 0) return;
      if (wait > limit) throw new QuotaWaitError(this.options.storeHash, wait);
      await this.sleep(wait);
    }
  }
}

/** How long BigCommerce asks us to wait, from its rate-limit headers. */
export function rateLimitWaitMs(headers: Headers): number | null {
  const resetMs = Number(headers.get('x-rate-limit-time-reset-ms'));
  if (headers.has('x-rate-limit-time-reset-ms') && Number.isFinite(resetMs) && resetMs >= 0) return resetMs;
  return secondsHeaderToMs(headers.get('x-retry-after'));
}

function errorFromResponse(
  method: string,
  path: string,
  status: number,
  text: string,
  retryAfterMs: number | null = null,
): BigCommerceError {
  const detail = bigCommerceErrorDetail(text);
  const what = `BigCommerce refused ${method} ${path} (${status}${detail ? `: ${detail}` : ''})`;
  const hint =
    status === 401
      ? ' The store access token is no longer valid; the merchant must reopen or reinstall the app.'
      : status === 403
        ? ' The app lacks an OAuth scope for this call; update the app scopes in the Developer Portal.'
        : '';
  const wait =
    status === 429 && retryAfterMs !== null
      ? ` BigCommerce asks to wait ${Math.ceil(retryAfterMs / 1000)} s before the next request.`
      : '';
  return new BigCommerceError(status, `${what}.${hint}${wait}`, {
    retriable: status === 429 || status >= 500,
    upstreamBody: text.slice(0, 2000),
    retryAfterMs,
  });
}

/** BigCommerce errors look like {status, title, type, detail?, errors?}; v2 uses [{status, message}]. */
function bigCommerceErrorDetail(text: string): string | null {
  try {
    const body = JSON.parse(text) as unknown;
    const first = Array.isArray(body) ? body[0] : body;
    if (first && typeof first === 'object') {
      const record = first as Record<string, unknown>;
      const parts = [record.title, record.detail, record.message, record.error].filter(
        (p): p is string => typeof p === 'string' && p.length > 0,
      );
      if (record.errors && typeof record.errors === 'object') parts.push(JSON.stringify(record.errors));
      return parts.length ? parts.join(' — ').slice(0, 500) : null;
    }
  } catch {
    // not JSON: fall through
  }
  return text.trim() ? text.trim().slice(0, 200) : null;
}
