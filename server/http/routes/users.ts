import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { AppError, NotFoundError, ValidationError, describeIssues } from '../../errors';
import type { UserRecord, UserRole } from '../../storage/types';
import type { UserResponse, UserRoleBody, UsersResponse, UserView } from '../api-types';
import { locals, sessionOf } from '../locals';
import { requirePermission } from '../permissions';

const ROLE_ORDER: Record<UserRole, number> = { owner: 0, admin: 1, user: 2 };

const roleBodySchema = z.object({
  role: z.enum(['admin', 'user'], { error: 'must be "admin" or "user"' }),
}) satisfies z.ZodType<UserRoleBody>;

/** The store's users and their roles in the app. Mounted under /api (session required). */
export function userRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/users', async (_req, res) => {
    const { store } = sessionOf(res);
    const users = await deps.storage.users.listForStore(store.hash);
    users.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.email.localeCompare(b.email));
    const body: UsersResponse = { users: users.map(view) };
    res.setHeader('Cache-Control', 'no-store').json(body);
  });

  router.put(
    '/users/:userId',
    requirePermission(deps, 'manageUsers', 'make users app admins'),
    async (req, res) => {
      const { store } = sessionOf(res);
      const rawId = String(req.params.userId);
      const parsed = roleBodySchema.safeParse(req.body);
      if (!parsed.success)
        throw new ValidationError(`The role change is not valid: ${describeIssues(parsed.error.issues)}.`);
      const target = await findUser(deps, store.hash, rawId);
      if (target.role === 'owner') {
        throw new AppError(
          409,
          'owner_role',
          `${target.email} is the store owner, who always manages IOM Connector; that role cannot be changed here. Ownership itself moves in BigCommerce.`,
          { retriable: false },
        );
      }
      const updated = await deps.storage.users.setRole(store.hash, target.userId, parsed.data.role);
      if (!updated) throw notFound(rawId);
      locals(res).log.info(
        { targetUserId: updated.userId, from: target.role, to: updated.role },
        'user role changed',
      );
      const body: UserResponse = { user: view(updated) };
      res.json(body);
    },
  );

  return router;
}

async function findUser(deps: AppDeps, storeHash: string, rawId: string): Promise<UserRecord> {
  const userId = /^[1-9][0-9]{0,15}$/.test(rawId) ? Number(rawId) : NaN;
  const user = Number.isSafeInteger(userId) ? await deps.storage.users.get(storeHash, userId) : null;
  if (!user) throw notFound(rawId);
  return user;
}

function notFound(rawId: string): NotFoundError {
  return new NotFoundError(
    `There is no user ${rawId} in this store's IOM Connector. A user appears here once they have opened the app.`,
  );
}

function view(user: UserRecord): UserView {
  return { id: user.userId, email: user.email, role: user.role, lastSeenAt: user.lastSeenAt };
}
