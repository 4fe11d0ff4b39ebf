import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { UnauthorizedError, ValidationError, describeIssues } from '../errors';
import { ORDER_SYNC_JOB, orderJobKey } from './tasks/sync-order';
import type { WebhookStore } from './webhook-store-cache';

/** How long a delivery hash is remembered for dedupe (BigCommerce retries for ~48 h). */
export const RECEIPT_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The longest scope BigCommerce sends is `store/customer/payment/instrument/default/updated` (49
 * characters, in BigCommerce's webhooks v3 spec, https://developer.bigcommerce.com/docs/integrations/webhooks/events);
 * channel-scoped variants insert `channel/{channel_id}/`. Anything much longer is not a BigCommerce
 * scope, and is never stored.
 */
export const MAX_SCOPE_LENGTH = 96;

/** Deliveries of one hash this close together may be two changes within one second (see below). */
const SAME_EVENT_WINDOW_MS = 2_000;

const payloadSchema = z.object({
  scope: z
    .string()
    .max(MAX_SCOPE_LENGTH, `must be a BigCommerce webhook scope of at most ${MAX_SCOPE_LENGTH} characters`)
    .regex(/^store\/[A-Za-z0-9_/*{}.-]+$/, 'must look like "store/order/created"'),
  store_id: z.union([z.string(), z.number()]).optional(),
  producer: z.string().regex(/^stores\/[a-z0-9]{1,32}$/, 'must look like "stores/{store_hash}"'),
  hash: z.string().min(1).max(128),
  created_at: z.number().int(),
  data: z.record(z.string(), z.unknown()),
});

const orderDataSchema = z.object({ id: z.number().int().positive() });

export type WebhookOutcome = 'queued' | 'duplicate' | 'ignored';

/**
 * Accept one webhook delivery: check the payload and the store's secret header, then persist the
 * work before answering (ARCHITECTURE.md, Delivery semantics). The job is enqueued before the
 * receipt is recorded, so a failure in between can only cause a harmless re-enqueue (jobs coalesce
 * per order), never a loss.
 * A delivery whose receipt already exists is answered as a duplicate after one read, without
 * writing anything (so replays do not rewrite the order's job).
 * `findStore` reads the store (the route passes a short-lived cache, webhook-store-cache.ts); a
 * secret that does not match is checked once more against a fresh read before it is refused.
 */
export async function receiveWebhook(
  deps: Pick<AppDeps, 'storage' | 'clock'>,
  delivery: { body: unknown; secretHeader: string | undefined },
  findStore: (storeHash: string, options?: { fresh?: boolean }) => Promise<WebhookStore | null> = (hash) =>
    deps.storage.stores.get(hash),
): Promise<{ outcome: WebhookOutcome; storeHash: string; orderId?: number }> {
  const parsed = payloadSchema.safeParse(delivery.body);
  if (!parsed.success) {
    throw new ValidationError(
      `The webhook payload is not a BigCommerce webhook: ${describeIssues(parsed.error.issues)}.`,
    );
  }
  const payload = parsed.data;
  const storeHash = payload.producer.slice('stores/'.length);
  const header = delivery.secretHeader;
  const accepts = (candidate: WebhookStore | null): candidate is WebhookStore =>
    !!candidate?.webhookSecret && !!header && sameSecret(header, candidate.webhookSecret);
  let store = await findStore(storeHash);
  if (!accepts(store) && header) store = await findStore(storeHash, { fresh: true });
  if (!accepts(store)) {
    throw new UnauthorizedError('webhook_unauthorized', 'The webhook secret header is missing or wrong.');
  }
  if (store.status !== 'installed') return { outcome: 'ignored', storeHash };

  const now = deps.clock();
  if (!payload.scope.startsWith('store/order/')) return { outcome: 'ignored', storeHash };
  const order = orderDataSchema.safeParse(payload.data);
  if (!order.success) {
    throw new ValidationError(
      `The ${payload.scope} webhook has no order id: ${describeIssues(order.error.issues)}.`,
    );
  }
  const orderId = order.data.id;
  const enqueue = () =>
    deps.storage.jobs.enqueue(
      {
        storeHash,
        kind: ORDER_SYNC_JOB,
        key: orderJobKey(orderId),
        payload: { orderId, reason: payload.scope, receivedAt: now.toISOString() },
      },
      now,
    );
  const seenAt = await deps.storage.receipts.receivedAt(storeHash, payload.hash, now);
  if (seenAt !== null) {
    // Two changes of one order within one second have identical payloads, so the same hash (it has
    // no finer time): a "duplicate" that close to the first may be a second change, so a sync runs
    // after it unless one is still due. BigCommerce's own redeliveries come a minute or more later
    // and change nothing.
    const sameMoment = now.getTime() - Date.parse(seenAt) < SAME_EVENT_WINDOW_MS;
    const job = sameMoment
      ? await deps.storage.jobs.get(storeHash, ORDER_SYNC_JOB, orderJobKey(orderId))
      : null;
    if (sameMoment && job?.state !== 'due') await enqueue();
    return { outcome: 'duplicate', storeHash, orderId };
  }
  await enqueue();
  const first = await deps.storage.receipts.recordOnce(storeHash, payload.hash, now, RECEIPT_TTL_MS);
  if (!first) return { outcome: 'duplicate', storeHash, orderId };
  await deps.storage.events.append(
    {
      storeHash,
      orderId,
      direction: 'inbound',
      type: 'webhook.received',
      message: `BigCommerce reported ${describeScope(payload.scope)} for order ${orderId}.`,
      data: { scope: payload.scope, hash: payload.hash, createdAt: payload.created_at },
    },
    now,
  );
  return { outcome: 'queued', storeHash, orderId };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function describeScope(scope: string): string {
  const names: Record<string, string> = {
    'store/order/created': 'a new order',
    'store/order/updated': 'a change',
    'store/order/statusUpdated': 'a status change',
    'store/order/archived': 'an archive',
    'store/order/refund/created': 'a refund',
  };
  return names[scope] ?? `"${scope}"`;
}
