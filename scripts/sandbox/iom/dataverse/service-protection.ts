/**
 * Dataverse service protection limits per user (PAD/api-limits.md): more than `requestsPerWindow`
 * requests in the sliding `windowMs`, or more than `maxConcurrent` requests in flight, answer 429 with
 * `Retry-After` in seconds. Refused requests do not count.
 *
 * sandbox assumption: the concurrency refusal carries `Retry-After: 1`; the execution-time limit (1,200 s
 * per window) is not simulated.
 */
import { concurrencyLimitError, requestsLimitError, type DataverseError } from './errors';

export interface ServiceLimits {
  requestsPerWindow: number;
  windowMs: number;
  maxConcurrent: number;
}

export type Admission =
  | { admitted: true; release: () => void; headers: Record<string, string> }
  | { admitted: false; error: DataverseError };

export class ServiceProtection {
  private readonly recent = new Map<string, number[]>();
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly limits: ServiceLimits,
    private readonly now: () => number,
  ) {}

  admit(userId: string): Admission {
    const now = this.now();
    const windowStart = now - this.limits.windowMs;
    const recent = (this.recent.get(userId) ?? []).filter((at) => at > windowStart);
    this.recent.set(userId, recent);
    const oldest = recent[0];
    if (recent.length >= this.limits.requestsPerWindow && oldest !== undefined) {
      const retryAfter = Math.max(1, Math.ceil((oldest + this.limits.windowMs - now) / 1000));
      const windowSeconds = Math.round(this.limits.windowMs / 1000);
      return {
        admitted: false,
        error: requestsLimitError(this.limits.requestsPerWindow, windowSeconds, retryAfter),
      };
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

  /** Forgets the request history; requests still in flight keep their slots until they finish. */
  reset(): void {
    this.recent.clear();
  }
}
