import type { DocumentStore } from '../document-store';
import type { SettingsRepository } from '../types';
import { docId } from './document-ids';
import { DocumentFields, toJsonField } from './document-fields';

const COLLECTION = 'settings';

/** One settings document per store, stored as JSON (its shape is validated by the feature reading it). */
export function createSettingsRepository(documents: DocumentStore): SettingsRepository {
  return {
    async get(storeHash) {
      const data = await documents.get(COLLECTION, docId(storeHash));
      return data === null ? null : new DocumentFields(data, `${COLLECTION}/${storeHash}`).object('settings');
    },

    async put(storeHash, settings, now) {
      await documents.set(COLLECTION, docId(storeHash), {
        storeHash,
        settings: toJsonField(settings),
        updatedAt: now.toISOString(),
      });
    },

    async delete(storeHash) {
      await documents.delete(COLLECTION, docId(storeHash));
    },
  };
}
