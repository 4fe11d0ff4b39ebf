import { createHash } from 'node:crypto';
import type { HookRegistry } from './hook-registry';
import type { SimulatorKnobs, WebhookDelivery, WebhookPayload, WebhookRecord } from './types';

/** BigCommerce's documented retry schedule after a failed delivery: 60 s, 180 s … 86400 s (11 retries);
 *  after the last one the hook is deactivated. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [
  60, 180, 300, 600, 900, 1800, 3600, 7200, 21600, 50400, 86400,
].map((s) => s * 1000);

/** How long a destination may take to answer before the attempt counts as failed (BigCommerce does not
 *  document its timeout; this is the sandbox's choice). */
const DELIVERY_TIMEOUT_MS = 10_000;
/** A long demo run must not grow the delivery log without bound. */
const MAX_RECORDED = 10_000;

/** An event on a store: `store/order/created` with `data: {type:'order', id}` etc. */
export interface StoreEvent {
  storeHash: string;
  storeId: string;
  scope: string;
  data: Record<string, unknown>;
}

export interface DispatcherDeps {
  hooks: HookRegistry;
  knobs: SimulatorKnobs;
  now: () => number;
  deliveries: WebhookDelivery[];
}

/** Whether a hook's scope covers the event: an exact match or a `…/*` wildcard above it. */
export function scopeMatches(hookScope: string, eventScope: string): boolean {
  if (hookScope === eventScope) return true;
  if (!hookScope.endsWith('/*')) return false;
  return eventScope.startsWith(hookScope.slice(0, -1));
}

/**
 * Delivers store events to the active hooks whose scope matches, as BigCommerce does: a JSON POST with the
 * hook's custom headers, only 2xx counting as delivered, retries on the schedule, then deactivation.
 * Delivery never blocks the write that caused the event.
 */
/**
 * Deliveries in flight at once. sandbox assumption: BigCommerce does not document its delivery
 * concurrency; it queues deliveries rather than opening one connection per event, so a burst of
 * 10,000 orders arrives as a stream, not as 10,000 simultaneous requests.
 */
export const MAX_DELIVERIES_IN_FLIGHT = 32;

export class WebhookDispatcher {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private readonly waiting: Array<() => void> = [];
  private active = 0;
  private closed = false;

  constructor(private readonly deps: DispatcherDeps) {}

  publish(event: StoreEvent): void {
    if (this.closed) return;
    const createdAt = Math.floor(this.deps.now() / 1000);
    const base = {
      scope: event.scope,
      store_id: event.storeId,
      data: event.data,
      created_at: createdAt,
      producer: `stores/${event.storeHash}`,
    };
    const hash = createHash('sha1').update(JSON.stringify(base)).digest('hex');
    const payload: WebhookPayload = { ...base, hash };
    for (const hook of this.deps.hooks.allForStore(event.storeHash)) {
      if (!hook.is_active || !scopeMatches(hook.scope, event.scope)) continue;
      if (this.deps.knobs.webhooksPaused) {
        this.record(hook, payload, 0, { outcome: 'dropped', status: null, error: null });
        continue;
      }
      this.schedule(hook, payload, 0, 0);
    }
  }

  /** Stops retries and in-flight deliveries (the simulator is closing). */
  close(): void {
    this.closed = true;
    for (const release of this.waiting.splice(0)) release();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
  }

  private schedule(hook: WebhookRecord, payload: WebhookPayload, attempt: number, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(hook, payload, attempt);
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(hook: WebhookRecord, payload: WebhookPayload, attempt: number): Promise<void> {
    if (this.active >= MAX_DELIVERIES_IN_FLIGHT)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      await this.deliver(hook, payload, attempt);
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }

  private async deliver(hook: WebhookRecord, payload: WebhookPayload, attempt: number): Promise<void> {
    // The hook may have been edited, deactivated or deleted since the event.
    const current = this.deps.hooks.allForStore(hook.store_hash).find((h) => h.id === hook.id);
    if (this.closed || !current || !current.is_active) return;
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), DELIVERY_TIMEOUT_MS);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(current.destination, {
        method: 'POST',
        headers: {
          ...(current.headers ?? {}),
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(payload),
        signal: controller.signal,
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
    if (this.closed) return;
    const delivered = status !== null && status >= 200 && status < 300;
    this.record(current, payload, attempt, { outcome: delivered ? 'delivered' : 'failed', status, error });
    if (delivered) return;
    const delays = this.deps.knobs.webhookRetryDelaysMs;
    const delay = delays[attempt];
    if (delay === undefined) {
      this.deps.hooks.deactivate(current.id, this.deps.now());
      return;
    }
    this.schedule(current, payload, attempt + 1, delay);
  }

  private record(
    hook: WebhookRecord,
    payload: WebhookPayload,
    attempt: number,
    result: Pick<WebhookDelivery, 'outcome' | 'status' | 'error'>,
  ): void {
    const list = this.deps.deliveries;
    list.push({
      hookId: hook.id,
      destination: hook.destination,
      scope: payload.scope,
      attempt,
      at: this.deps.now(),
      payload,
      ...result,
    });
    if (list.length > MAX_RECORDED) list.splice(0, list.length - MAX_RECORDED);
  }
}
