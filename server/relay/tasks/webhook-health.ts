import { z } from 'zod';
import { storeClient } from '../../bigcommerce/store-client';
import { syncOrderWebhooks } from '../../bigcommerce/webhooks';
import { callbackUrls } from '../../config';
import type { AppDeps } from '../../deps';
import { done, type JobOutcome } from '../outcome';
import { storeTaskFailure } from '../relay-failure';
import { jobKind, type JobContext } from '../runner';

/** Checks the store's order webhooks and re-activates or re-creates any BigCommerce deactivated. */
export const WEBHOOK_HEALTH_JOB = 'store.webhook-health';

export const webhookHealthPayload = z.object({
  /** When a check last had to repair a hook (the store is flagged in the log and on this job). */
  lastRepairAt: z.string().optional(),
  repaired: z.array(z.string()).optional(),
});

/** Make sure the store's webhook health check is scheduled (idempotent). */
export async function ensureWebhookHealth(deps: AppDeps, storeHash: string, now: Date): Promise<void> {
  const existing = await deps.storage.jobs.get(storeHash, WEBHOOK_HEALTH_JOB, 'hooks');
  if (existing && existing.state !== 'cancelled') return;
  await deps.storage.jobs.enqueue(
    {
      storeHash,
      kind: WEBHOOK_HEALTH_JOB,
      key: 'hooks',
      runAt: new Date(now.getTime() + deps.tuning.webhookHealthIntervalMs),
      lane: 'bulk',
    },
    now,
  );
}

export function webhookHealthTask(deps: AppDeps) {
  return jobKind(webhookHealthPayload, async (payload, ctx: JobContext): Promise<JobOutcome> => {
    const store = await deps.storage.stores.get(ctx.storeHash);
    if (!store || store.status !== 'installed' || !store.accessToken || !store.webhookSecret) return done();
    const interval = deps.tuning.webhookHealthIntervalMs;
    try {
      const result = await syncOrderWebhooks(storeClient(deps, store), {
        destination: callbackUrls(deps.config.appUrl).webhooks,
        secret: store.webhookSecret,
      });
      const repaired = [...result.created, ...result.updated];
      const now = ctx.now();
      if (repaired.length > 0) {
        ctx.log.warn(
          { repaired, deleted: result.deleted },
          'order webhooks were inactive or missing; repaired them',
        );
      }
      await deps.storage.jobs.enqueue(
        {
          storeHash: ctx.storeHash,
          kind: WEBHOOK_HEALTH_JOB,
          key: 'hooks',
          payload: repaired.length > 0 ? { lastRepairAt: now.toISOString(), repaired } : payload,
          runAt: new Date(now.getTime() + interval),
          lane: 'bulk',
        },
        now,
      );
      return done();
    } catch (error) {
      return storeTaskFailure(error, interval);
    }
  });
}
