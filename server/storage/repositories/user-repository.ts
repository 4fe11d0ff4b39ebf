import { randomBytes } from 'node:crypto';
import type { DocumentData, DocumentStore } from '../document-store';
import type { UserRecord, UserRepository } from '../types';
import { docId } from './document-ids';
import { DocumentFields } from './document-fields';
import { deleteMatching, scanPages } from './paging';

const COLLECTION = 'users';

/** Upsert gives up after this many rounds of racing a concurrent remove (each round needs a remove). */
const MAX_UPSERT_ROUNDS = 5;

function toRecord(data: DocumentData): UserRecord {
  const fields = new DocumentFields(data, `${COLLECTION}/${String(data.storeHash)}:${String(data.userId)}`);
  return {
    storeHash: fields.string('storeHash'),
    userId: fields.number('userId'),
    email: fields.string('email'),
    role: fields.oneOf('role', ['owner', 'admin', 'user']),
    sessionVersion: fields.string('sessionVersion'),
    createdAt: fields.string('createdAt'),
    lastSeenAt: fields.string('lastSeenAt'),
  };
}

const idOf = (storeHash: string, userId: number) => docId(storeHash, userId);

/** Users per store. A user document is created with a fresh random sessionVersion and keeps it. */
export function createUserRepository(documents: DocumentStore): UserRepository {
  const get = async (storeHash: string, userId: number): Promise<UserRecord | null> => {
    const data = await documents.get(COLLECTION, idOf(storeHash, userId));
    return data === null ? null : toRecord(data);
  };

  const listForStore = async (storeHash: string): Promise<UserRecord[]> => {
    const users: UserRecord[] = [];
    for await (const page of scanPages(documents, COLLECTION, { storeHash }, 'userId')) {
      users.push(...page.map(toRecord));
    }
    return users;
  };

  /** Ownership moved to `ownerId`: whoever else is still stored as owner becomes a user. */
  const demoteOtherOwners = async (storeHash: string, ownerId: number): Promise<void> => {
    const former = (await listForStore(storeHash)).filter((u) => u.role === 'owner' && u.userId !== ownerId);
    await Promise.all(
      former.map((u) => documents.update(COLLECTION, idOf(storeHash, u.userId), { role: 'user' })),
    );
  };

  return {
    get,

    async upsert(user, now) {
      const at = now.toISOString();
      const id = idOf(user.storeHash, user.userId);
      const decision = user.role;
      const decide = typeof decision === 'function' ? decision : () => decision;
      for (let round = 0; round < MAX_UPSERT_ROUNDS; round++) {
        const current = await get(user.storeHash, user.userId);
        if (current === null) {
          const record: UserRecord = {
            storeHash: user.storeHash,
            userId: user.userId,
            email: user.email,
            role: decide(null),
            sessionVersion: randomBytes(16).toString('base64url'),
            createdAt: at,
            lastSeenAt: at,
          };
          if (await documents.create(COLLECTION, id, { ...record })) {
            if (record.role === 'owner') await demoteOtherOwners(user.storeHash, user.userId);
            return record;
          }
          continue;
        }
        const role = decide(current.role);
        // Field-level update: a concurrent upsert cannot replace the sessionVersion.
        const patch: DocumentData = { email: user.email, lastSeenAt: at };
        if (role !== current.role) patch.role = role;
        if (await documents.update(COLLECTION, id, patch)) {
          if (role === 'owner' && current.role !== 'owner')
            await demoteOtherOwners(user.storeHash, user.userId);
          const updated = await get(user.storeHash, user.userId);
          if (updated !== null) return updated;
        }
      }
      throw new Error(
        `User ${user.userId} of store ${user.storeHash} was removed during every upsert attempt`,
      );
    },

    async setRole(storeHash, userId, role) {
      if (!(await documents.update(COLLECTION, idOf(storeHash, userId), { role }))) return null;
      return get(storeHash, userId);
    },

    async remove(storeHash, userId) {
      await documents.delete(COLLECTION, idOf(storeHash, userId));
    },

    async removeAllForStore(storeHash) {
      return deleteMatching(documents, COLLECTION, { where: { storeHash }, orderBy: 'userId' }, (data) =>
        idOf(storeHash, Number(data.userId)),
      );
    },

    listForStore,
  };
}
