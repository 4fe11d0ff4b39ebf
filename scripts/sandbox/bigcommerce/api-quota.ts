/** BigCommerce's quota window: every store's request quota refreshes every 30 s (https://developer.bigcommerce.com/docs/start/best-practices/api-rate-limits). */
export const QUOTA_WINDOW_MS = 30_000;

export interface QuotaDecision {
  allowed: boolean;
  quota: number;
  left: number;
  /** Milliseconds until the store's window refreshes. */
  resetMs: number;
}

/** The per-store request quota shared by all apps on the store (here: the one app). */
export class ApiQuota {
  private readonly windows = new Map<string, { startedAt: number; used: number }>();

  take(storeHash: string, quota: number, now: number): QuotaDecision {
    let window = this.windows.get(storeHash);
    if (!window || now - window.startedAt >= QUOTA_WINDOW_MS) {
      window = { startedAt: now, used: 0 };
      this.windows.set(storeHash, window);
    }
    const resetMs = window.startedAt + QUOTA_WINDOW_MS - now;
    if (window.used >= quota) return { allowed: false, quota, left: 0, resetMs };
    window.used += 1;
    return { allowed: true, quota, left: quota - window.used, resetMs };
  }
}

/** The rate-limit headers BigCommerce sends on every API response. */
export function quotaHeaders(decision: QuotaDecision): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Rate-Limit-Time-Window-Ms': String(QUOTA_WINDOW_MS),
    'X-Rate-Limit-Time-Reset-Ms': String(decision.resetMs),
    'X-Rate-Limit-Requests-Quota': String(decision.quota),
    'X-Rate-Limit-Requests-Left': String(decision.left),
  };
  if (!decision.allowed) headers['X-Retry-After'] = String(Math.ceil(decision.resetMs / 1000));
  return headers;
}
