/**
 * Dataverse service protection limits per user (PAD/api-limits.md): more than `requestsPerWindow`
 * requests in the sliding `windowMs`, or more than `maxConcurrent` requests in flight, answer 429 with
 * `Retry-After` in seconds. Refused requests do not count.
 *
 * sandbox assumption: the concurrency refusal carries `Retry-After: 1`; the execution-time limit (1,200 s
 * per window) is not simulated.
 */
import { concurrencyLimitError, DataverseError, requestsLimitError } from './errors';

export interface ServiceLimits {
  requestsPerWindow: number;
  windowMs: number;
  maxConcurrent: number;
}

export type Admission =
  | { admitted: true; release: () => void; headers: Record<string, string> }
  | { admitted: false; error: DataverseError };

/**
 * Hitting the request limit starts a penalty of Retry-After seconds. A client that sends again before it
 * has elapsed is not served and gets a new Retry-After: Dataverse lengthens the wait of clients that keep
 * sending.
 *
 * sandbox assumption: a request that arrives during a penalty restarts it at its full length (the
 * platform says early requests lengthen it, not by how much); the concurrency refusal starts no penalty.
 */
export class ServiceProtection {
  private readonly recent = new Map<string, number[]>();
  private readonly inFlight = new Map<string, number>();
  /** Users under a penalty: until when, and how long a penalty lasts when restarted. */
  private readonly penalties = new Map<string, { until: number; lengthMs: number; limit: DataverseError }>();

  constructor(
    private readonly limits: ServiceLimits,
    private readonly now: () => number,
  ) {}

  admit(userId: string): Admission {
    const now = this.now();
    const penalty = this.penalties.get(userId);
    if (penalty && now < penalty.until) {
      // Sent before Retry-After elapsed: not served, and the penalty starts over.
      penalty.until = now + penalty.lengthMs;
      return { admitted: false, error: this.limitError(penalty.limit, penalty.lengthMs) };
    }
    if (penalty) this.penalties.delete(userId);
    const windowStart = now - this.limits.windowMs;
    const recent = (this.recent.get(userId) ?? []).filter((at) => at > windowStart);
    this.recent.set(userId, recent);
    const oldest = recent[0];
    if (recent.length >= this.limits.requestsPerWindow && oldest !== undefined) {
      const retryAfter = Math.max(1, Math.ceil((oldest + this.limits.windowMs - now) / 1000));
      return { admitted: false, error: this.penalize(userId, retryAfter) };
    }
    const inFlight = this.inFlight.get(userId) ?? 0;
    if (inFlight >= this.limits.maxConcurrent) {
      return { admitted: false, error: concurrencyLimitError(this.limits.maxConcurrent, 1) };
    }
    recent.push(now);
    this.inFlight.set(userId, inFlight + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.inFlight.set(userId, (this.inFlight.get(userId) ?? 1) - 1);
    };
    const headers = {
      'x-ms-ratelimit-burst-remaining-xrm-requests': String(this.limits.requestsPerWindow - recent.length),
      'x-ms-ratelimit-time-remaining-xrm-requests': '1200000.00',
    };
    return { admitted: true, release, headers };
  }

  /**
   * Puts `userId` under a penalty of `seconds`, as when the request limit is hit: every request until it
   * ends is refused with 429 and a Retry-After, and an early one restarts it. Returns the refusal.
   */
  penalize(userId: string, seconds: number): DataverseError {
    const lengthMs = Math.max(1, Math.ceil(seconds)) * 1000;
    const windowSeconds = Math.round(this.limits.windowMs / 1000);
    const limit = requestsLimitError(this.limits.requestsPerWindow, windowSeconds, lengthMs / 1000);
    this.penalties.set(userId, { until: this.now() + lengthMs, lengthMs, limit });
    return limit;
  }

  private limitError(limit: DataverseError, lengthMs: number): DataverseError {
    return new DataverseError(limit.status, limit.code, limit.message, {
      ...limit.headers,
      'Retry-After': String(Math.ceil(lengthMs / 1000)),
    });
  }

  /** Forgets the request history and penalties; requests still in flight keep their slots until they finish. */
  reset(): void {
    this.recent.clear();
    this.penalties.clear();
  }
}
