import type { DocumentStore } from '../document-store';
import type { UserRemovalRepository } from '../types';
import { docId } from './document-ids';
import { DocumentFields } from './document-fields';

const COLLECTION = 'userRemovals';

/** The latest /remove_user per (store, user), so an old load payload of a removed user is refused. */
export function createUserRemovalRepository(documents: DocumentStore): UserRemovalRepository {
  return {
    async get(storeHash, userId) {
      const data = await documents.get(COLLECTION, docId(storeHash, userId));
      if (data === null) return null;
      const fields = new DocumentFields(data, `${COLLECTION}/${storeHash}:${userId}`);
      return {
        storeHash: fields.string('storeHash'),
        userId: fields.number('userId'),
        removedIat: fields.number('removedIat'),
        removedAt: fields.string('removedAt'),
      };
    },

    async record(removal) {
      const id = docId(removal.storeHash, removal.userId);
      const data = { ...removal };
      if (await documents.create(COLLECTION, id, data)) return;
      const current = await documents.get(COLLECTION, id);
      // Two removals of one user race only if BigCommerce sends both at once; the later iat wins.
      if (current === null || Number(current.removedIat) < removal.removedIat) {
        await documents.set(COLLECTION, id, data);
      }
    },
  };
}
