import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { AppError, ValidationError, describeIssues } from '../../errors';
import { searchProducts } from '../../iom/product-catalog';
import { attentionGroups } from '../../relay/attention-groups';
import { OUTBOUND_ORDER_JOB, outboundJobKey } from '../../relay/outbound-job';
import { requeueOutbound } from '../../relay/outbound-requeue';
import { requeueOrders } from '../../relay/requeue';
import { ORDER_SYNC_JOB, orderJobKey } from '../../relay/tasks/sync-order';
import type { ConnectionRecord } from '../../storage/types';
import type { AttentionResponse } from '../api-types';
import type { AttentionRetryResponse, ProductSearchResponse } from '../attention-api-types';
import { locals, sessionOf } from '../locals';

/** Interactive IOM calls: quick feedback rather than the relay's patient retries. */
export const INTERACTIVE_IOM = { timeoutMs: 15_000, maxAttempts: 2, maxWaitMs: 5_000 };
/** The outbound job's reason that reads IOM's whole picture again (as a re-sync does). */
const RESYNC = 'resync';
/** Orders a retry by id may name. */
const MAX_RETRY_IDS = 500;

const retryBody = z.union([
  z.object({
    cause: z.string().trim().min(1, 'must name the group (its code, e.g. unmapped_sku)').max(100),
    direction: z.enum(['inbound', 'outbound'], { error: 'must be inbound or outbound' }).optional(),
  }),
  z.object({
    orderIds: z
      .array(z.number().int().positive(), { error: 'must be a list of BigCommerce order ids' })
      .min(1, 'must name at least one order')
      .max(MAX_RETRY_IDS, `may name at most ${MAX_RETRY_IDS} orders`),
  }),
]);

const searchQuery = z.object({
  search: z
    .string({ error: 'is required: the start of a product name or number' })
    .trim()
    .min(2, 'must be at least 2 characters')
    .max(100, 'must be at most 100 characters'),
});

/** The store's IOM connection, or a 409 saying to connect first. */
export async function requireIomConnection(deps: AppDeps, storeHash: string): Promise<ConnectionRecord> {
  const connection = await deps.storage.connections.get(storeHash);
  if (!connection)
    throw new AppError(
      409,
      'not_connected',
      'IOM is not connected yet. Enter the Dataverse environment and app registration first.',
      { retriable: false },
    );
  return connection;
}

/**
 * The needs-attention inbox: the groups, retrying a whole group (or chosen orders) in one action, and
 * the IOM product search its SKU fix uses. Mounted under /api before the IOM master-data routes.
 */
export function attentionRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/attention', async (_req, res) => {
    const { store } = sessionOf(res);
    const body: AttentionResponse = await attentionGroups(deps, store.hash);
    res.setHeader('Cache-Control', 'no-store').json(body);
  });

  // Every user may retry (as every user may re-sync one order): it sends what the relay would send.
  router.post('/attention/retry', async (req, res) => {
    const parsed = retryBody.safeParse(req.body);
    if (!parsed.success)
      throw new ValidationError(
        `The retry is not valid: send { "cause": "<group code>" } or { "orderIds": [ … ] } (${describeIssues(parsed.error.issues)}).`,
      );
    const { store, user } = sessionOf(res);
    let inbound: number[] = [];
    let outbound: number[] = [];
    if ('cause' in parsed.data) {
      const { cause, direction } = parsed.data;
      if (direction !== 'outbound')
        inbound = await requeueOrders(
          deps,
          store.hash,
          'needs_attention',
          (l) => (l.attention?.code ?? 'other') === cause,
          'retry',
          { force: true },
        );
      if (direction !== 'inbound') outbound = await requeueOutbound(deps, store.hash, cause, RESYNC);
    } else {
      ({ inbound, outbound } = await retryOrders(deps, store.hash, parsed.data.orderIds));
    }
    const body: AttentionRetryResponse = {
      queued: new Set([...inbound, ...outbound]).size,
      inbound,
      outbound,
    };
    locals(res).log.info(
      { userId: user.userId, inbound: inbound.length, outbound: outbound.length },
      'needs-attention orders retried',
    );
    res.status(202).json(body);
  });

  router.get('/iom/products', async (req, res) => {
    const parsed = searchQuery.safeParse(req.query);
    if (!parsed.success)
      throw new ValidationError(`The product search ${parsed.error.issues[0]?.message ?? 'is not valid'}.`);
    const { store } = sessionOf(res);
    const connection = await requireIomConnection(deps, store.hash);
    const body: ProductSearchResponse = await searchProducts(
      deps.iom.clientFor(connection, INTERACTIVE_IOM),
      parsed.data.search,
    );
    res.setHeader('Cache-Control', 'no-store').json(body);
  });

  return router;
}

/** Queue the sync of each order that needs attention, and its IOM update where that side needs it. */
async function retryOrders(
  deps: AppDeps,
  storeHash: string,
  orderIds: readonly number[],
): Promise<{ inbound: number[]; outbound: number[] }> {
  const inbound: number[] = [];
  const outbound: number[] = [];
  for (const orderId of new Set(orderIds)) {
    const [link, record] = await Promise.all([
      deps.storage.orderLinks.get(storeHash, orderId),
      deps.storage.outbound.get(storeHash, orderId),
    ]);
    const now = deps.clock();
    if (link?.syncState === 'needs_attention') {
      await deps.storage.jobs.enqueue(
        {
          storeHash,
          kind: ORDER_SYNC_JOB,
          key: orderJobKey(orderId),
          payload: { orderId, reason: 'retry', receivedAt: now.toISOString(), force: true },
          lane: 'bulk',
        },
        now,
      );
      inbound.push(orderId);
    }
    if (record?.attention) {
      await deps.storage.jobs.enqueue(
        {
          storeHash,
          kind: OUTBOUND_ORDER_JOB,
          key: outboundJobKey(orderId),
          payload: { orderId, reason: RESYNC },
          lane: 'bulk',
        },
        now,
      );
      outbound.push(orderId);
    }
  }
  return { inbound, outbound };
}
