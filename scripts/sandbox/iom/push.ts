/**
 * Pushes sales order changes to the connector, as an IOM provider action or a Power Automate flow would:
 * a POST of `{"storeHash","salesOrderId","event","occurredAt"}` with the header
 * `X-IOM-Connector-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.
 *
 * This is our product's contract, not Microsoft's. The product verifies it with its own code; the two
 * agree by test, not by import. A push never fails the operator action that caused it: every attempt
 * (answered or not) is recorded for inspection.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { PushAttempt, PushEvent, PushTarget } from './types';

export const PUSH_SIGNATURE_HEADER = 'X-IOM-Connector-Signature';

/** How long one push may take before it is recorded as failed. */
const PUSH_TIMEOUT_MS = 5_000;
/** Attempts kept for inspection, newest last. */
const MAX_ATTEMPTS_KEPT = 200;

/** The `X-IOM-Connector-Signature` value for `body` (the exact bytes sent) at `nowSeconds`. */
export function signPushBody(secret: string, body: string, nowSeconds: number): string {
  const t = Math.floor(nowSeconds);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

export const pushTargetSchema = z.object({
  url: z.url({
    protocol: /^https?$/,
    error: 'url must be an http(s) URL, e.g. https://connector.example/iom/push',
  }),
  secret: z.string().min(8, 'secret must have at least 8 characters'),
  storeHash: z
    .string()
    .trim()
    .regex(/^[a-z0-9]{1,32}$/i, 'storeHash must be the BigCommerce store hash, e.g. abc123'),
});

/** The configured push target and the record of attempts. */
export class PushNotifier {
  private target: PushTarget | null = null;
  private readonly attempts: PushAttempt[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly now: () => number) {}

  /** Sets (validated) or clears (null) the target. Throws a readable Error for a bad target. */
  configure(target: PushTarget | null): void {
    if (target === null) {
      this.target = null;
      return;
    }
    const parsed = pushTargetSchema.safeParse(target);
    if (!parsed.success) throw new PushConfigError(z.prettifyError(parsed.error));
    this.target = parsed.data;
  }

  /** The target without its secret, for display. */
  current(): { url: string; storeHash: string } | null {
    return this.target && { url: this.target.url, storeHash: this.target.storeHash };
  }

  history(): PushAttempt[] {
    return this.attempts.map((attempt) => ({ ...attempt }));
  }

  /** Sends one push when a target is set; never throws, never waits. */
  notify(salesOrderId: string, event: PushEvent): void {
    const target = this.target;
    if (!target) return;
    const occurredAt = new Date(this.now()).toISOString();
    const body = JSON.stringify({ storeHash: target.storeHash, salesOrderId, event, occurredAt });
    const signature = signPushBody(target.secret, body, this.now() / 1000);
    const attempt: PushAttempt = {
      url: target.url,
      salesOrderId,
      event,
      occurredAt,
      body,
      signature,
      status: null,
      error: null,
      settled: false,
    };
    this.attempts.push(attempt);
    if (this.attempts.length > MAX_ATTEMPTS_KEPT) this.attempts.shift();
    const sending = send(target.url, body, signature)
      .then((status) => {
        attempt.status = status;
        if (status < 200 || status > 299) attempt.error = `The target answered ${status}.`;
      })
      .catch((error: unknown) => {
        attempt.error = error instanceof Error ? describe(error) : String(error);
      })
      .finally(() => {
        attempt.settled = true;
        this.inFlight.delete(sending);
      });
    this.inFlight.add(sending);
  }

  /** Resolves once every push sent so far is settled. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  reset(): void {
    this.target = null;
    this.attempts.length = 0;
  }
}

export class PushConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PushConfigError';
  }
}

async function send(url: string, body: string, signature: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [PUSH_SIGNATURE_HEADER]: signature },
    body,
    signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
    redirect: 'manual',
  });
  await response.arrayBuffer().catch(() => undefined);
  return response.status;
}

/** fetch's errors hide the reason (ECONNREFUSED, timeout) in `cause`. */
function describe(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return `${error.message}${detail}`;
}
