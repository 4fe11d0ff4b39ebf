import type { UserRole } from '../storage/types';

/**
 * The role a user has after opening the app (or installing it): the owner is whoever the signed
 * payload names as owner right now, since ownership can move. A former owner who is no longer the
 * owner becomes a plain user; an app admin stays an admin; everyone else is a user.
 */
export function roleOnLoad(stored: UserRole | null, isOwner: boolean): UserRole {
  if (isOwner) return 'owner';
  return stored === 'admin' ? 'admin' : 'user';
}
