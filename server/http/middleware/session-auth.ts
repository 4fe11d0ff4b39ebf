import type { RequestHandler } from 'express';
import type { AppDeps } from '../../deps';
import { UnauthorizedError } from '../../errors';
import { locals } from '../locals';

/**
 * Requires `Authorization: Bearer <session token>` and checks on every request that the user still
 * has access (not removed, store still installed). Scopes the request to the token's store: handlers
 * read the store only from the session, never from the URL or body.
 */
export function requireSession(deps: Pick<AppDeps, 'sessions' | 'storage' | 'clock'>): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      throw new UnauthorizedError(
        'session_missing',
        'This request has no session token (Authorization: Bearer …). Open IOM Connector from Apps in your BigCommerce control panel.',
      );
    }
    const claims = await deps.sessions.verify(match[1], deps.clock());
    const ctx = locals(res);
    ctx.storeHash = claims.storeHash;
    ctx.userId = claims.userId;
    const [store, user] = await Promise.all([
      deps.storage.stores.get(claims.storeHash),
      deps.storage.users.get(claims.storeHash, claims.userId),
    ]);
    if (!store || store.status !== 'installed') {
      throw new UnauthorizedError(
        'session_revoked',
        'IOM Connector was uninstalled from this store, so this session has ended. Reinstall it from Apps › Marketplace.',
      );
    }
    if (!user || user.sessionVersion !== claims.sessionVersion) {
      throw new UnauthorizedError(
        'session_revoked',
        'Your access to IOM Connector was removed by the store owner, so this session has ended.',
      );
    }
    ctx.session = { store, user, expiresAt: claims.expiresAt };
    ctx.log = ctx.log.child({ storeHash: store.hash, userId: user.userId });
    next();
  };
}
