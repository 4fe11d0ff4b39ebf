import { rateLimitWaitMs } from './api-client';

/**
 * What we know of one store's BigCommerce request quota, from the `X-Rate-Limit-*` headers of its
 * latest responses (https://developer.bigcommerce.com/docs/start/best-practices/api-rate-limits).
 * Every app on the store shares the quota, so the headers, not a count of our own requests, are the
 * truth; between responses we count our own requests against what is left.
 */
interface QuotaWindow {
  /** Requests BigCommerce said were left, minus those we sent since. */
  left: number;
  /** Requests per window (X-Rate-Limit-Requests-Quota), when sent. */
  quota: number | null;
  /** Epoch ms at which the window refreshes. */
  resetAt: number;
}

/** BigCommerce's quota window (https://developer.bigcommerce.com/docs/start/best-practices/api-rate-limits). */
export const QUOTA_WINDOW_MS = 30_000;

/** Requests kept back in each window for the merchant's other apps and our interactive calls. */
export const QUOTA_RESERVE = 2;

/**
 * Per-store client-side limiter: a burst drains at the store's quota instead of provoking 429s. Before
 * each request `reserve` answers how long to wait (0: go now); after each response `observe` takes
 * the headers in. A store we have not heard from yet is not limited.
 */
export class StoreQuotas {
  private readonly windows = new Map<string, QuotaWindow>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Take one request from the store's window; returns 0, or the ms until a request may be sent. */
  reserve(storeHash: string, reserve = QUOTA_RESERVE): number {
    const window = this.windows.get(storeHash);
    const now = this.now();
    if (!window || now >= window.resetAt) return 0;
    if (window.left > reserve) {
      window.left -= 1;
      return 0;
    }
    return window.resetAt - now;
  }

  /** Learn the store's window from a response's headers (a 429 closes it until the reset). */
  observe(storeHash: string, status: number, headers: Headers): void {
    const resetMs = rateLimitWaitMs(headers);
    const leftHeader = headers.get('x-rate-limit-requests-left');
    const left = leftHeader === null ? NaN : Number(leftHeader);
    if (resetMs === null) return;
    const now = this.now();
    if (status === 429) {
      this.windows.set(storeHash, {
        left: 0,
        quota: this.windows.get(storeHash)?.quota ?? null,
        resetAt: now + resetMs,
      });
      return;
    }
    if (!Number.isFinite(left)) return;
    const current = this.windows.get(storeHash);
    // Responses arrive out of order: within one window, the smallest count left is the newest.
    const sameWindow =
      current && Math.abs(current.resetAt - (now + resetMs)) < 1_000 && now < current.resetAt;
    const quota = Number(headers.get('x-rate-limit-requests-quota'));
    this.windows.set(storeHash, {
      left: sameWindow ? Math.min(current.left, left) : left,
      quota: Number.isFinite(quota) && quota > 0 ? quota : (current?.quota ?? null),
      resetAt: now + resetMs,
    });
  }

  /** The known state of a store's window (for the backfill's quota share and tests). */
  peek(storeHash: string): { left: number; quota: number | null; resetInMs: number } | null {
    const window = this.windows.get(storeHash);
    if (!window) return null;
    return { left: window.left, quota: window.quota, resetInMs: Math.max(0, window.resetAt - this.now()) };
  }
}
