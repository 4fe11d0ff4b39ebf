import type { AppDeps } from '../deps';
import { ensureSweeps } from './tasks/sweep-orders';
import { ensureWebhookHealth } from './tasks/webhook-health';
import { ensureIomPoll } from './tasks/poll-iom';
import { ensureNotificationJobs } from '../notifications/notification-jobs';

/**
 * A store's recurring work — the sweep, the nightly reconciliation, the webhook health check, the poll of IOM's changes — lives
 * as self-rescheduling jobs (so it runs on whichever worker is free and survives restarts). Called on
 * install and on every app load, so stores installed before a schedule existed get it too.
 */
export async function ensureStoreSchedules(deps: AppDeps, storeHash: string): Promise<void> {
  const now = deps.clock();
  await ensureSweeps(deps, storeHash, now);
  await ensureWebhookHealth(deps, storeHash, now);
  await ensureIomPoll(deps, storeHash, now);
  await ensureNotificationJobs(deps, storeHash, now);
}
