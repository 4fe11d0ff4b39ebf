import { z } from 'zod';
import { probeAccessToken } from '../../bigcommerce/token-probe';
import type { AppDeps } from '../../deps';
import { purgeStore } from '../../lifecycle/purge-store';
import { done, retry, type JobOutcome } from '../outcome';
import { jobKind, type JobContext } from '../runner';

export const confirmUninstallPayload = z.object({
  /** The store's `uninstallRequestedAt` this job confirms; a newer request or a reinstall supersedes it. */
  requestedAt: z.string().min(1),
});

/** How long, and how often, an unconfirmed uninstall is re-checked with BigCommerce. */
export interface UninstallConfirmationTuning {
  /** After this long with the token still working, the uninstall is taken as forged and undone. */
  windowMs: number;
  /** Waits between checks; the last one repeats. */
  delaysMs: readonly number[];
}

export const DEFAULT_UNINSTALL_CONFIRMATION: UninstallConfirmationTuning = {
  windowMs: 10 * 60 * 1000,
  delaysMs: [1_000, 3_000, 10_000, 30_000, 60_000],
};

/**
 * One check of an unconfirmed uninstall (see lifecycle/uninstall.ts): purge once BigCommerce has
 * revoked the token; restore the store if the token still works after the window; keep checking
 * while BigCommerce can't answer (an uninstall is never dropped for want of an answer).
 */
export function confirmUninstallTask(deps: AppDeps) {
  return jobKind(confirmUninstallPayload, async ({ requestedAt }, ctx: JobContext): Promise<JobOutcome> => {
    const tuning = deps.tuning.uninstallConfirmation;
    const store = await deps.storage.stores.get(ctx.storeHash);
    if (!store || store.status !== 'installed' || store.uninstallRequestedAt !== requestedAt) {
      return done(); // purged already, re-installed, or restored: nothing left to confirm
    }
    const now = ctx.now();
    const wait = tuning.delaysMs[Math.min(ctx.attempt, tuning.delaysMs.length - 1)] ?? 60_000;
    const token = store.accessToken
      ? await probeAccessToken(
          {
            apiUrl: deps.config.bigcommerce.apiUrl,
            storeHash: store.hash,
            accessToken: store.accessToken,
            onResponse: deps.metrics.responseObserver('bigcommerce'),
          },
          ctx.log,
        )
      : 'revoked';
    if (token === 'revoked') {
      await purgeStore(deps, store.hash, now);
      return done();
    }
    if (token === 'unknown')
      return retry('BigCommerce could not be asked whether the app was uninstalled', wait);
    const pendingMs = now.getTime() - Date.parse(requestedAt);
    if (pendingMs < tuning.windowMs) return retry('BigCommerce has not revoked the access token yet', wait);
    await deps.storage.stores.clearUninstallRequest(store.hash, requestedAt, now);
    ctx.log.warn(
      { security: true, requestedAt, pendingMs },
      'SECURITY: an /uninstall callback was not confirmed by BigCommerce (the access token still works), so the store was restored; someone may have replayed or forged a signed payload',
    );
    return done();
  });
}
