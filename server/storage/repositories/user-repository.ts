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
    role: fields.oneOf('role', ['owner', 'user']),
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

  return {
    get,

    async upsert(user, now) {
      const at = now.toISOString();
      const id = idOf(user.storeHash, user.userId);
      for (let round = 0; round < MAX_UPSERT_ROUNDS; round++) {
        const record: UserRecord = {
          ...user,
          sessionVersion: randomBytes(16).toString('base64url'),
          createdAt: at,
          lastSeenAt: at,
        };
        if (await documents.create(COLLECTION, id, { ...record })) return record;
        // Field-level update: a concurrent upsert cannot replace the sessionVersion.
        const updated = await documents.update(COLLECTION, id, {
          email: user.email,
          role: user.role,
          lastSeenAt: at,
        });
        const current = updated ? await get(user.storeHash, user.userId) : null;
        if (current !== null) return current;
      }
      throw new Error(
        `User ${user.userId} of store ${user.storeHash} was removed during every upsert attempt`,
      );
    },

    async remove(storeHash, userId) {
      await documents.delete(COLLECTION, idOf(storeHash, userId));
    },

    async removeAllForStore(storeHash) {
      return deleteMatching(documents, COLLECTION, { where: { storeHash }, orderBy: 'userId' }, (data) =>
        idOf(storeHash, Number(data.userId)),
      );
    },

    async listForStore(storeHash) {
      const users: UserRecord[] = [];
      for await (const page of scanPages(documents, COLLECTION, { storeHash }, 'userId')) {
        users.push(...page.map(toRecord));
      }
      return users;
    },
  };
}
