import { registerOrderExtension, registeredStores } from '../bigcommerce/app-extensions';
import { storeClient } from '../bigcommerce/store-client';
import type { AppDeps } from '../deps';
import { ensureStoreSchedules } from '../relay/schedules';
import { AppError, UnauthorizedError } from '../errors';
import type { IssuedSession } from '../security/session-token';
import { acceptSignedPayload } from './callback-payload';
import { roleOnLoad } from './roles';

export interface LoadResult {
  storeHash: string;
  userId: number;
  path: string;
  session: IssuedSession;
}

/**
 * GET /load (https://developer.bigcommerce.com/docs/integrations/apps/guide/callbacks): verify the
 * signed payload and accept it once, refuse a payload issued before the user was removed, add the
 * user if BigCommerce lets someone new open the app (multi-user), and mint the app's own session
 * token. The payload's `url` (e.g. `/orders/106` from the order action menu item) is the first page.
 */
export async function load(deps: AppDeps, signedPayload: unknown): Promise<LoadResult> {
  const now = deps.clock();
  const payload = await acceptSignedPayload(deps, signedPayload, now);
  const removal = await deps.storage.userRemovals.get(payload.storeHash, payload.user.id);
  if (removal && payload.iat < removal.removedIat) {
    throw new UnauthorizedError(
      'signed_payload_revoked',
      'Your access to IOM Connector was removed by the store owner. Ask the store owner to give you access again, then open the app from Apps › My Apps.',
      {
        detail: `load payload issued at ${payload.iat} for user ${payload.user.id}, who was removed at ${removal.removedIat}`,
      },
    );
  }
  const store = await deps.storage.stores.get(payload.storeHash);
  if (!store || store.status !== 'installed') {
    throw new AppError(
      403,
      'not_installed',
      `IOM Connector is not installed on store ${payload.storeHash}. Install it from Apps › Marketplace in your BigCommerce control panel.`,
      { retriable: false },
    );
  }
  if (store.ownerId !== payload.owner.id || store.ownerEmail !== payload.owner.email) {
    await deps.storage.stores.updateOwner(payload.storeHash, payload.owner, now);
  }
  const user = await deps.storage.users.upsert(
    {
      storeHash: payload.storeHash,
      userId: payload.user.id,
      email: payload.user.email,
      // The payload names the current owner (ownership can move after install).
      role: (stored) => roleOnLoad(stored, payload.user.id === payload.owner.id),
    },
    now,
  );
  deps.logger.info({ storeHash: payload.storeHash, userId: user.userId }, 'app loaded');
  const session = await deps.sessions.issue(
    { storeHash: payload.storeHash, userId: user.userId, sessionVersion: user.sessionVersion },
    now,
  );
  await ensureStoreSchedules(deps, payload.storeHash);
  if (store.accessToken) {
    // Registered at install unless that failed; a load the process has not seen it for checks once.
    await registerOrderExtension({
      client: storeClient(deps, store),
      grantedScope: store.scope,
      log: deps.logger.child({ storeHash: payload.storeHash }),
      known: registeredStores(deps.storage),
      force: false,
    });
  }
  return { storeHash: payload.storeHash, userId: user.userId, path: payload.path, session };
}
