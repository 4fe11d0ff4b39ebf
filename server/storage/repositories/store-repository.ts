import type { DocumentData, DocumentStore } from '../document-store';
import type { SecretCipher, StoreRecord, StoreRepository } from '../types';
import { docId } from './document-ids';
import { DocumentFields } from './document-fields';
import { openSecret, sealSecret } from './sealed-secrets';

const COLLECTION = 'stores';

/** Stores, keyed by store hash; the access token, webhook secret and push secret are sealed at rest. */
export function createStoreRepository(documents: DocumentStore, cipher: SecretCipher): StoreRepository {
  const toRecord = (data: DocumentData): StoreRecord => {
    const fields = new DocumentFields(data, `${COLLECTION}/${String(data.hash)}`);
    const hash = fields.string('hash');
    return {
      hash,
      accessToken: openSecret(cipher, fields.nullableString('accessToken'), `accessToken of store ${hash}`),
      scope: fields.string('scope'),
      ownerId: fields.number('ownerId'),
      ownerEmail: fields.string('ownerEmail'),
      status: fields.oneOf('status', ['installed', 'uninstalled']),
      webhookSecret: openSecret(
        cipher,
        fields.nullableString('webhookSecret'),
        `webhookSecret of store ${hash}`,
      ),
      installedAt: fields.string('installedAt'),
      uninstalledAt: fields.nullableString('uninstalledAt'),
      // Absent on stores saved before uninstall confirmation existed.
      uninstallRequestedAt: typeof data.uninstallRequestedAt === 'string' ? data.uninstallRequestedAt : null,
      // Absent on stores saved before the push endpoint existed.
      pushSecret: openSecret(
        cipher,
        typeof data.pushSecret === 'string' ? data.pushSecret : null,
        `pushSecret of store ${hash}`,
      ),
      updatedAt: fields.string('updatedAt'),
    };
  };

  return {
    async get(hash) {
      const data = await documents.get(COLLECTION, docId(hash));
      return data === null ? null : toRecord(data);
    },

    async saveInstall(install, now) {
      const at = now.toISOString();
      // A re-authorization (scope change) keeps the push secret IOM is configured with.
      const existing = await documents.get(COLLECTION, docId(install.hash));
      const sealedPushSecret = typeof existing?.pushSecret === 'string' ? existing.pushSecret : null;
      const record: StoreRecord = {
        hash: install.hash,
        accessToken: install.accessToken,
        scope: install.scope,
        ownerId: install.ownerId,
        ownerEmail: install.ownerEmail,
        status: 'installed',
        webhookSecret: install.webhookSecret,
        installedAt: at,
        uninstalledAt: null,
        uninstallRequestedAt: null,
        pushSecret: openSecret(cipher, sealedPushSecret, `pushSecret of store ${install.hash}`),
        updatedAt: at,
      };
      await documents.set(COLLECTION, docId(install.hash), {
        ...record,
        accessToken: sealSecret(cipher, record.accessToken),
        webhookSecret: sealSecret(cipher, record.webhookSecret),
        pushSecret: sealedPushSecret,
      });
      return record;
    },

    async markUninstalled(hash, now) {
      const at = now.toISOString();
      await documents.update(COLLECTION, docId(hash), {
        accessToken: null,
        webhookSecret: null,
        pushSecret: null,
        status: 'uninstalled',
        uninstalledAt: at,
        uninstallRequestedAt: null,
        updatedAt: at,
      });
    },

    async updateOwner(hash, owner, now) {
      await documents.update(COLLECTION, docId(hash), {
        ownerId: owner.id,
        ownerEmail: owner.email,
        updatedAt: now.toISOString(),
      });
    },

    async requestUninstall(hash, now) {
      const at = now.toISOString();
      await documents.update(COLLECTION, docId(hash), { uninstallRequestedAt: at, updatedAt: at });
    },

    async clearUninstallRequest(hash, requestedAt, now) {
      const data = await documents.get(COLLECTION, docId(hash));
      if (data === null || data.uninstallRequestedAt !== requestedAt) return false;
      await documents.update(COLLECTION, docId(hash), {
        uninstallRequestedAt: null,
        updatedAt: now.toISOString(),
      });
      return true;
    },

    async setPushSecret(hash, secret, now) {
      return documents.update(COLLECTION, docId(hash), {
        pushSecret: sealSecret(cipher, secret),
        updatedAt: now.toISOString(),
      });
    },
  };
}
