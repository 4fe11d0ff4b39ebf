import type { AppDeps } from '../deps';
import { CONFIRM_UNINSTALL_JOB } from '../lifecycle/uninstall';
import type { JobKinds } from './runner';
import { confirmUninstallTask } from './tasks/confirm-uninstall';
import { ORDER_SYNC_JOB, syncOrderTask } from './tasks/sync-order';
import { BACKFILL_JOB, backfillTask } from './tasks/backfill';
import { SWEEP_JOB, sweepOrdersTask } from './tasks/sweep-orders';
import { WEBHOOK_HEALTH_JOB, webhookHealthTask } from './tasks/webhook-health';
import { WRITE_METAFIELDS_JOB, writeMetafieldsTask } from './tasks/write-metafields';
import { OUTBOUND_ORDER_JOB, outboundOrderTask } from './tasks/outbound-order';
import { IOM_POLL_JOB, iomPollTask } from './tasks/poll-iom';
import {
  NOTIFY_CONNECTION_JOB,
  NOTIFY_DIGEST_JOB,
  connectionNoticeTask,
  digestTask,
} from '../notifications/notification-jobs';

/**
 * The registry of job kinds the runner can run: kind → payload schema and task. A job whose kind is
 * not listed here is never claimed (it waits for a build that knows it).
 */
export function jobKinds(deps: AppDeps): JobKinds {
  return {
    [CONFIRM_UNINSTALL_JOB]: confirmUninstallTask(deps),
    [ORDER_SYNC_JOB]: syncOrderTask(deps),
    [WRITE_METAFIELDS_JOB]: writeMetafieldsTask(deps),
    [SWEEP_JOB]: sweepOrdersTask(deps),
    [BACKFILL_JOB]: backfillTask(deps),
    [WEBHOOK_HEALTH_JOB]: webhookHealthTask(deps),
    [OUTBOUND_ORDER_JOB]: outboundOrderTask(deps),
    [IOM_POLL_JOB]: iomPollTask(deps),
    [NOTIFY_DIGEST_JOB]: digestTask(deps),
    [NOTIFY_CONNECTION_JOB]: connectionNoticeTask(deps),
  };
}
