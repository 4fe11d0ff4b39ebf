/**
 * What the signed-in user may do, as GET /api/session reports it, and the sentence that says why a
 * control is disabled (the same words the API answers a refused request with).
 */
import type { SessionResponse } from '../server/http/api-types';

/** Why the user may not `action` (a verb phrase), or null if they may. */
export function manageRefusal(session: SessionResponse, action: string): string | null {
  if (session.permissions.manageConnection) return null;
  return `Only the store owner or an app admin can ${action}. Ask ${session.owner.email} to make you an admin in IOM Connector › Users.`;
}

export const ROLE_LABELS: Record<SessionResponse['user']['role'], string> = {
  owner: 'Owner',
  admin: 'App admin',
  user: 'User',
};
