/**
 * Accept one push from IOM (POST /iom/events, sent by an IOM provider action or a Power Automate flow
 * when a sales order changes): check the body, the store and the signature (push-signature.ts), refuse
 * a replay, then queue the order's outbound job. Nothing here calls IOM or BigCommerce: the job reads
 * the whole current picture later, so a push only says "look at this order now".
 */
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { AppError, NotFoundError, UnauthorizedError, ValidationError, describeIssues } from '../errors';
import { OUTBOUND_ORDER_JOB, outboundJobKey, type OutboundJobPayload } from './outbound-job';
import {
  PUSH_SIGNATURE_HEADER,
  PUSH_TOLERANCE_S,
  matchingSignature,
  parsePushHeader,
  pushAgeSeconds,
} from './push-signature';
import { isIsoDate } from './store-settings';

/** Longer than the ±PUSH_TOLERANCE_S window, so a signature is remembered for as long as it is accepted. */
const PUSH_RECEIPT_TTL_MS = 3 * PUSH_TOLERANCE_S * 1000;

const pushBody = z.object({
  storeHash: z
    .string({ error: 'is missing: the BigCommerce store hash (the part after stores/ in the API path)' })
    .regex(/^[a-z0-9]{1,32}$/, 'must be the BigCommerce store hash, e.g. "abc123de"'),
  salesOrderId: z.guid({
    error:
      'must be the IOM sales order id (salesorderid, a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301)',
  }),
  event: z
    .string({ error: 'must be text, e.g. "fulfillment.updated"' })
    .max(100, 'must be at most 100 characters')
    .optional(),
  occurredAt: z
    .string({ error: 'must be an ISO-8601 date-time such as 2026-12-01T08:00:00Z' })
    .refine(isIsoDate, { message: 'must be an ISO-8601 date-time such as 2026-12-01T08:00:00Z' })
    .optional(),
});

export type PushResult =
  | { queued: true; storeHash: string; orderId: number }
  | { queued: false; storeHash: string; message: string; orderId?: number };

export async function receivePush(
  deps: Pick<AppDeps, 'storage' | 'clock'>,
  push: { rawBody: Buffer; signatureHeader: string | undefined },
): Promise<PushResult> {
  const body = parseBody(push.rawBody);
  const header = parsePushHeader(push.signatureHeader);
  if ('problem' in header) throw new UnauthorizedError('push_unauthorized', header.problem);

  const store = await deps.storage.stores.get(body.storeHash);
  if (!store || store.status !== 'installed') {
    throw new NotFoundError(
      `No store ${body.storeHash} has IOM Connector installed: check the storeHash, or install the app in that store.`,
    );
  }
  if (!store.pushSecret) {
    throw new UnauthorizedError(
      'push_unauthorized',
      `Store ${store.hash} has no push secret yet: open IOM Connector › Settings › IOM → BigCommerce to create one, and sign with it.`,
    );
  }
  const signature = matchingSignature(store.pushSecret, header, push.rawBody);
  if (!signature) {
    throw new UnauthorizedError(
      'push_unauthorized',
      `The ${PUSH_SIGNATURE_HEADER} signature does not match: sign "<t>.<the exact body bytes>" with HMAC-SHA256 and the store's current push secret (a rotated secret stops working at once).`,
    );
  }
  const now = deps.clock();
  const age = pushAgeSeconds(header, now);
  if (Math.abs(age) > PUSH_TOLERANCE_S) {
    throw new UnauthorizedError(
      'push_expired',
      `The signed time t=${header.timestamp} is ${Math.abs(age)} s ${age > 0 ? 'old' : 'in the future'}: sign every push with the current Unix time in seconds (at most ${PUSH_TOLERANCE_S} s off), and check the sender's clock.`,
    );
  }
  const receipt = `iom-push:${signature}`;
  const replay = () =>
    new AppError(
      409,
      'push_replayed',
      'This signed push was already received: sign each push anew with the current time (a new t gives a new signature).',
      { retriable: false },
    );
  if ((await deps.storage.receipts.receivedAt(store.hash, receipt, now)) !== null) throw replay();

  const link = await deps.storage.orderLinks.findByIomSalesOrderId(store.hash, body.salesOrderId);
  let result: PushResult;
  if (link && body.event !== undefined && NOTHING_TO_WRITE_BACK.has(body.event)) {
    // A step BigCommerce has nothing to show for: noted on the timeline, no IOM or BigCommerce read.
    result = {
      queued: false,
      storeHash: store.hash,
      orderId: link.orderId,
      message: `"${body.event}" changes nothing a BigCommerce order shows; noted on order ${link.orderId}'s timeline.`,
    };
  } else if (link) {
    const payload: OutboundJobPayload = { orderId: link.orderId, reason: 'push' };
    await deps.storage.jobs.enqueue(
      {
        storeHash: store.hash,
        kind: OUTBOUND_ORDER_JOB,
        key: outboundJobKey(link.orderId),
        payload: { ...payload },
        lane: 'live',
      },
      now,
    );
    result = { queued: true, storeHash: store.hash, orderId: link.orderId };
  } else {
    result = {
      queued: false,
      storeHash: store.hash,
      message: `No BigCommerce order of store ${store.hash} is linked to IOM sales order ${body.salesOrderId.toLowerCase()}; nothing to update (orders that did not come from this store are ignored).`,
    };
  }
  // Recorded after the enqueue, so a failure in between costs a harmless repeat, never a lost push.
  if (!(await deps.storage.receipts.recordOnce(store.hash, receipt, now, PUSH_RECEIPT_TTL_MS)))
    throw replay();
  if (link) {
    await deps.storage.events.append(
      {
        storeHash: store.hash,
        orderId: link.orderId,
        direction: 'inbound',
        type: 'iom.push_received',
        message: `IOM reported a change of sales order ${body.salesOrderId.toLowerCase()}${body.event ? ` (${body.event})` : ''}.`,
        data: {
          salesOrderId: body.salesOrderId.toLowerCase(),
          event: body.event ?? null,
          occurredAt: body.occurredAt ?? null,
        },
      },
      now,
    );
  }
  return result;
}

/**
 * Push events that can never change what a BigCommerce order shows (fulfillment created, picked,
 * packed: BigCommerce has no such states): acknowledged without a sync, so a push per warehouse step
 * costs no Dataverse reads. Any other event, or none, syncs the order.
 */
export const NOTHING_TO_WRITE_BACK: ReadonlySet<string> = new Set([
  'fulfillment_created',
  'picked',
  'packed',
]);

function parseBody(raw: Buffer): z.infer<typeof pushBody> {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ValidationError(
      'The push body is not JSON: send {"storeHash": "…", "salesOrderId": "<IOM sales order GUID>"} with Content-Type application/json.',
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ValidationError(
      'The push body must be a JSON object: {"storeHash": "…", "salesOrderId": "<IOM sales order GUID>"}.',
    );
  }
  const parsed = pushBody.safeParse(json);
  if (!parsed.success)
    throw new ValidationError(`The push body is not valid: ${describeIssues(parsed.error.issues)}.`);
  return parsed.data;
}
