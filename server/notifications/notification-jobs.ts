/**
 * The two notification jobs of a store, self-rescheduling like the IOM poll (relay/tasks/poll-iom.ts):
 * `notify.digest` (every `digestIntervalMs`, 15 minutes) e-mails the orders that newly need attention,
 * `notify.connection` (every `connectionCheckMs`) e-mails when the connection to IOM goes down or comes
 * back. What was notified is kept in the store's sync cursors, and a message decided on is stored
 * before it is sent and cleared after, so a restart neither repeats nor skips one and an SMTP failure
 * only delays it (retried with backoff).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { backoffDelay } from '../net/backoff';
import { done, retry, type JobOutcome } from '../relay/outcome';
import { jobKind, type JobContext } from '../relay/runner';
import { appLinkFor } from './app-link';
import { collectAttention } from './attention-items';
import {
  EMPTY_CONNECTION_STATE,
  observeConnection,
  planConnectionNotice,
  type ConnectionNoticeState,
} from './connection-plan';
import { EMPTY_DIGEST_STATE, planDigest, type DigestState } from './digest-plan';
import { connectionNoticeMessage, digestMessage, type MessageContext } from './messages';
import { readNotificationSettings, type NotificationSettings } from './notification-settings';

export const NOTIFY_DIGEST_JOB = 'notify.digest';
export const NOTIFY_CONNECTION_JOB = 'notify.connection';
const KEY = 'notifications';
const DIGEST_CURSOR = 'notify:digest';
const CONNECTION_CURSOR = 'notify:connection';

export interface NotificationTuning {
  /** At most one digest per this many ms (15 minutes). */
  digestIntervalMs: number;
  /** How often the connection's health is looked at. */
  connectionCheckMs: number;
  /** The first wait after an SMTP failure (doubling per attempt, at most 15 minutes). */
  smtpRetryBaseMs: number;
}

export const DEFAULT_NOTIFICATION_TUNING: NotificationTuning = {
  digestIntervalMs: 15 * 60_000,
  connectionCheckMs: 60_000,
  smtpRetryBaseMs: 5_000,
};

const payload = z.object({});

type Deps = Pick<AppDeps, 'storage' | 'mailer' | 'config' | 'tuning' | 'clock'>;

/** Make sure both notification jobs of the store are scheduled (idempotent). */
export async function ensureNotificationJobs(deps: Deps, storeHash: string, now: Date): Promise<void> {
  for (const kind of [NOTIFY_DIGEST_JOB, NOTIFY_CONNECTION_JOB]) {
    const existing = await deps.storage.jobs.get(storeHash, kind, KEY);
    if (existing && existing.state !== 'cancelled') continue;
    await deps.storage.jobs.enqueue({ storeHash, kind, key: KEY, runAt: now, lane: 'bulk' }, now);
  }
}

/** Look for a digest to send now (it still goes out at most once per interval). */
export async function checkDigestSoon(deps: Pick<AppDeps, 'storage'>, storeHash: string, now: Date) {
  await deps.storage.jobs.enqueue(
    { storeHash, kind: NOTIFY_DIGEST_JOB, key: KEY, runAt: now, lane: 'bulk' },
    now,
  );
}

function recipientsOf(settings: NotificationSettings): string[] {
  return settings.enabled ? settings.recipients : [];
}

async function reschedule(deps: Deps, ctx: JobContext, kind: string, at: Date): Promise<JobOutcome> {
  await deps.storage.jobs.enqueue(
    { storeHash: ctx.storeHash, kind, key: KEY, runAt: at, lane: 'bulk' },
    ctx.now(),
  );
  return done();
}

function smtpRetry(deps: Deps, error: unknown, ctx: JobContext, what: string): JobOutcome {
  const reason = error instanceof Error ? error.message : String(error);
  ctx.log.warn({ attempt: ctx.attempt, reason }, `${what} could not be sent; retrying`);
  return retry(
    `${what} could not be sent: ${reason}`,
    backoffDelay(ctx.attempt, {
      baseMs: deps.tuning.notifications.smtpRetryBaseMs,
      capMs: 15 * 60_000,
    }),
  );
}

export function digestTask(deps: Deps) {
  return jobKind(payload, async (_payload, ctx): Promise<JobOutcome> => {
    const store = await deps.storage.stores.get(ctx.storeHash);
    if (!store || store.status !== 'installed') return done();
    const interval = deps.tuning.notifications.digestIntervalMs;
    const settings = readNotificationSettings(await deps.storage.settings.get(ctx.storeHash));
    const state = ((await deps.storage.cursors.get(ctx.storeHash, DIGEST_CURSOR)) ??
      EMPTY_DIGEST_STATE) as DigestState;
    const context = messageContext(deps, ctx.storeHash, recipientsOf(settings));
    let current = state;
    if (!current.pending) {
      const decision = planDigest({
        state,
        current: await collectAttention(deps, ctx.storeHash),
        now: ctx.now(),
        intervalMs: interval,
        active: deps.mailer.enabled && settings.enabled && settings.digest && context.recipients.length > 0,
        id: randomUUID(),
      });
      await deps.storage.cursors.put(ctx.storeHash, DIGEST_CURSOR, { ...decision.state }, ctx.now());
      if (decision.type === 'wait') return reschedule(deps, ctx, NOTIFY_DIGEST_JOB, decision.at);
      if (decision.type === 'nothing') {
        return reschedule(deps, ctx, NOTIFY_DIGEST_JOB, new Date(ctx.now().getTime() + interval));
      }
      current = decision.state;
    }
    const pending = current.pending!;
    if (context.recipients.length > 0 && deps.mailer.enabled) {
      try {
        await deps.mailer.send(digestMessage(pending, context));
      } catch (error) {
        return smtpRetry(deps, error, ctx, 'The failure digest');
      }
      ctx.log.info({ orders: pending.total, groups: pending.groups.length }, 'failure digest sent');
    } // else: notifications were turned off since it was decided; it is dropped.
    await deps.storage.cursors.put(ctx.storeHash, DIGEST_CURSOR, { ...current, pending: null }, ctx.now());
    const next = Date.parse(current.lastSentAt ?? pending.plannedAt) + interval;
    return reschedule(deps, ctx, NOTIFY_DIGEST_JOB, new Date(Math.max(next, ctx.now().getTime())));
  });
}

export function connectionNoticeTask(deps: Deps) {
  return jobKind(payload, async (_payload, ctx): Promise<JobOutcome> => {
    const store = await deps.storage.stores.get(ctx.storeHash);
    if (!store || store.status !== 'installed') return done();
    const every = deps.tuning.notifications.connectionCheckMs;
    const settings = readNotificationSettings(await deps.storage.settings.get(ctx.storeHash));
    const context = messageContext(deps, ctx.storeHash, recipientsOf(settings));
    const active =
      deps.mailer.enabled && settings.enabled && settings.connectionNotices && context.recipients.length > 0;
    const stored = ((await deps.storage.cursors.get(ctx.storeHash, CONNECTION_CURSOR)) ??
      EMPTY_CONNECTION_STATE) as ConnectionNoticeState;
    let state = stored;
    if (!state.pending) {
      const planned = planConnectionNotice({
        state,
        observed: observeConnection(await deps.storage.connections.get(ctx.storeHash)),
        now: ctx.now(),
        active,
        id: randomUUID(),
      });
      if (JSON.stringify(planned.state) !== JSON.stringify(stored)) {
        await deps.storage.cursors.put(ctx.storeHash, CONNECTION_CURSOR, { ...planned.state }, ctx.now());
      }
      state = planned.state;
    }
    if (state.pending) {
      if (active) {
        try {
          await deps.mailer.send(connectionNoticeMessage(state.pending, context));
        } catch (error) {
          return smtpRetry(deps, error, ctx, `The "connection ${state.pending.kind}" notice`);
        }
        ctx.log.info({ notice: state.pending.kind }, 'connection notice sent');
      }
      await deps.storage.cursors.put(
        ctx.storeHash,
        CONNECTION_CURSOR,
        { ...state, pending: null },
        ctx.now(),
      );
    }
    return reschedule(deps, ctx, NOTIFY_CONNECTION_JOB, new Date(ctx.now().getTime() + every));
  });
}

export function messageContext(
  deps: Pick<AppDeps, 'config'>,
  storeHash: string,
  recipients: string[],
): MessageContext {
  return { storeHash, recipients, appLink: appLinkFor(deps.config, storeHash) };
}
