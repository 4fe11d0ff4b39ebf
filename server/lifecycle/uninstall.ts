import type { AppDeps } from '../deps';
import { probeAccessToken } from '../bigcommerce/token-probe';
import { acceptSignedPayload } from './callback-payload';
import { purgeStore } from './purge-store';

/** The job that confirms an uninstall BigCommerce had not yet carried out when it called us. */
export const CONFIRM_UNINSTALL_JOB = 'store.confirm-uninstall';

export type UninstallOutcome = 'purged' | 'confirming' | 'not-installed';

/**
 * GET /uninstall (server to server). A valid, unused payload is not enough to delete a store: first
 * BigCommerce must confirm that the store's access token is revoked. If it is, the store is purged
 * now. If the token still works (BigCommerce may revoke a moment after calling) or BigCommerce can't
 * be reached, the relay pauses for the store and a job keeps checking: it purges once the token is
 * revoked, or restores the store (with a security warning) if the token still works after the
 * confirmation window. A genuine uninstall is never lost; a forged one deletes nothing.
 */
export async function uninstall(
  deps: AppDeps,
  signedPayload: unknown,
): Promise<{ storeHash: string; outcome: UninstallOutcome }> {
  const now = deps.clock();
  const payload = await acceptSignedPayload(deps, signedPayload, now);
  const { storage } = deps;
  const storeHash = payload.storeHash;
  const log = deps.logger.child({ storeHash, userId: payload.user.id });
  const store = await storage.stores.get(storeHash);
  if (!store || store.status !== 'installed' || !store.accessToken) {
    log.info('uninstall callback for a store that is not installed; nothing to do');
    return { storeHash, outcome: 'not-installed' };
  }
  const token = await probeAccessToken(
    {
      apiUrl: deps.config.bigcommerce.apiUrl,
      storeHash,
      accessToken: store.accessToken,
      onResponse: deps.metrics.responseObserver('bigcommerce'),
    },
    log,
  );
  if (token === 'revoked') {
    await purgeStore(deps, storeHash, now);
    return { storeHash, outcome: 'purged' };
  }
  if (store.uninstallRequestedAt === null) await storage.stores.requestUninstall(storeHash, now);
  const requested = (await storage.stores.get(storeHash))?.uninstallRequestedAt ?? now.toISOString();
  const [firstDelay = 1_000] = deps.tuning.uninstallConfirmation.delaysMs;
  await storage.jobs.enqueue(
    {
      storeHash,
      kind: CONFIRM_UNINSTALL_JOB,
      key: 'uninstall',
      payload: { requestedAt: requested },
      runAt: new Date(now.getTime() + firstDelay),
    },
    now,
  );
  log.warn(
    { tokenState: token },
    'uninstall callback received but BigCommerce has not revoked the access token yet: orders to IOM are paused until a job confirms the uninstall',
  );
  return { storeHash, outcome: 'confirming' };
}
