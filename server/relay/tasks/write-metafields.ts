import { z } from 'zod';
import { writeSalesOrderIdMetafields, METAFIELDS_PER_BATCH } from '../../bigcommerce/order-metafields';
import { storeClient } from '../../bigcommerce/store-client';
import type { AppDeps } from '../../deps';
import { done, retry, type JobOutcome } from '../outcome';
import { storeTaskFailure } from '../relay-failure';
import { jobKind, type JobContext } from '../runner';

/** Writes the IOM ids of a store's newly synced orders back to BigCommerce, many per request. */
export const WRITE_METAFIELDS_JOB = 'store.write-metafields';

/** How long new links gather before one batch goes out (a burst then costs one call per batch). */
export const METAFIELD_GATHER_MS = 2_000;

/** Batches written per run, so one store's backlog does not hold a worker slot for long. */
const BATCHES_PER_RUN = 4;

export const writeMetafieldsPayload = z.object({});

/** Ask for the store's metafield write-back (coalesces: one due job per store, at the earliest time). */
export async function enqueueMetafieldWrite(deps: AppDeps, storeHash: string, now: Date): Promise<void> {
  await deps.storage.jobs.enqueue(
    {
      storeHash,
      kind: WRITE_METAFIELDS_JOB,
      key: 'metafields',
      runAt: new Date(now.getTime() + METAFIELD_GATHER_MS),
      lane: 'bulk',
    },
    now,
  );
}

export function writeMetafieldsTask(deps: AppDeps) {
  return jobKind(writeMetafieldsPayload, async (_payload, ctx: JobContext): Promise<JobOutcome> => {
    const store = await deps.storage.stores.get(ctx.storeHash);
    if (!store || store.status !== 'installed' || !store.accessToken || store.uninstallRequestedAt)
      return done();
    const client = storeClient(deps, store);
    for (let batch = 0; batch < BATCHES_PER_RUN; batch++) {
      const backlog = await deps.storage.orderLinks.listMetafieldBacklog(ctx.storeHash, METAFIELDS_PER_BATCH);
      if (backlog.length === 0) return done();
      try {
        const written = await writeSalesOrderIdMetafields(
          client,
          backlog.map((l) => ({ orderId: l.orderId, salesOrderId: l.iomSalesOrderId! })),
        );
        await deps.storage.orderLinks.markMetafieldWritten(ctx.storeHash, written);
        if (written.length < backlog.length) {
          const missing = backlog.filter((l) => !written.includes(l.orderId)).map((l) => l.orderId);
          ctx.log.warn(
            { missing },
            'BigCommerce did not store the IOM id metafield of some orders; trying again later',
          );
          return retry(`BigCommerce did not store the metafield of orders ${missing.join(', ')}`, 60_000);
        }
      } catch (error) {
        return storeTaskFailure(error, 60_000);
      }
    }
    // More than this run writes: go on after other jobs had their turn.
    await enqueueMetafieldWrite(deps, ctx.storeHash, ctx.now());
    return done();
  });
}
