import type { RequestHandler } from 'express';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import type { StoreRecord, UserRole } from '../storage/types';
import type { SessionPermissions } from './api-types';
import { sessionOf } from './locals';

/**
 * Who may do what, in one place.
 *
 * - `view` and `operate` (see orders, retry, re-sync, map SKUs, test the connection): every user.
 * - `manage` (the IOM connection and the settings that decide where orders go, disconnect, purge):
 *   the store owner and the users the owner made app admins.
 * - `manageUsers` (make a user an app admin or back): the store owner only.
 */
export type Permission = 'view' | 'operate' | 'manage' | 'manageUsers';

const ALLOWED: Record<Permission, readonly UserRole[]> = {
  view: ['owner', 'admin', 'user'],
  operate: ['owner', 'admin', 'user'],
  manage: ['owner', 'admin'],
  manageUsers: ['owner'],
};

export function can(role: UserRole, permission: Permission): boolean {
  return ALLOWED[permission].includes(role);
}

/** The permissions GET /api/session reports to the client. */
export function permissionsOf(role: UserRole): SessionPermissions {
  return { manageConnection: can(role, 'manage'), manageUsers: can(role, 'manageUsers') };
}

/** The store owner's email, as BigCommerce named it in the latest signed payload (kept by /load). */
export function ownerEmailOf(store: StoreRecord): string {
  return store.ownerEmail;
}

/** The 403 sentence: who can do it, and whom to ask. */
export function refusal(permission: Permission, action: string, ownerEmail: string): string {
  if (permission === 'manageUsers') return `Only the store owner (${ownerEmail}) can ${action}.`;
  return `Only the store owner or an app admin can ${action}. Ask ${ownerEmail} to make you an admin in IOM Connector › Users.`;
}

/**
 * Guards a route behind requireSession: a user without `permission` gets 403 `forbidden_role` saying
 * who can `action` (a verb phrase: "change the IOM connection").
 */
export function requirePermission(
  deps: Pick<AppDeps, 'storage'>,
  permission: Permission,
  action: string,
): RequestHandler {
  return async (_req, res, next) => {
    const { store, user } = sessionOf(res);
    if (can(user.role, permission)) {
      next();
      return;
    }
    throw new AppError(403, 'forbidden_role', refusal(permission, action, ownerEmailOf(store)), {
      retriable: false,
    });
  };
}
