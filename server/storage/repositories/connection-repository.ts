import type { DocumentData, DocumentStore } from '../document-store';
import type { ConnectionRecord, ConnectionRepository, ConnectionTestRecord, SecretCipher } from '../types';
import { docId } from './document-ids';
import { DocumentFields, toJsonField } from './document-fields';
import { openSecret, sealSecret } from './sealed-secrets';

const COLLECTION = 'connections';

/** One IOM connection per store; the client secret and the intake URL (it carries a signature) are sealed at rest. */
export function createConnectionRepository(
  documents: DocumentStore,
  cipher: SecretCipher,
): ConnectionRepository {
  const toRecord = (data: DocumentData): ConnectionRecord => {
    const fields = new DocumentFields(data, `${COLLECTION}/${String(data.storeHash)}`);
    const storeHash = fields.string('storeHash');
    return {
      storeHash,
      environmentUrl: fields.string('environmentUrl'),
      tenantId: fields.string('tenantId'),
      clientId: fields.string('clientId'),
      clientSecret: openSecret(cipher, fields.string('clientSecret'), `clientSecret of store ${storeHash}`),
      intakeMode: fields.oneOf('intakeMode', ['dataverse', 'intake-provider']),
      intakeUrl: openSecret(cipher, fields.nullableString('intakeUrl'), `intakeUrl of store ${storeHash}`),
      lastTest: fields.nullableObject('lastTest') as ConnectionTestRecord | null,
      updatedAt: fields.string('updatedAt'),
      relayPause:
        data.relayPause === undefined || data.relayPause === null
          ? null
          : (fields.object('relayPause') as { reason: string; at: string }),
    };
  };

  return {
    async get(storeHash) {
      const data = await documents.get(COLLECTION, docId(storeHash));
      return data === null ? null : toRecord(data);
    },

    async put(connection) {
      await documents.set(COLLECTION, docId(connection.storeHash), {
        storeHash: connection.storeHash,
        environmentUrl: connection.environmentUrl,
        tenantId: connection.tenantId,
        clientId: connection.clientId,
        clientSecret: sealSecret(cipher, connection.clientSecret),
        intakeMode: connection.intakeMode,
        intakeUrl: sealSecret(cipher, connection.intakeUrl),
        lastTest: connection.lastTest === null ? null : toJsonField({ ...connection.lastTest }),
        updatedAt: connection.updatedAt,
        relayPause: null,
      });
    },

    async pauseRelay(storeHash, pause) {
      await documents.update(COLLECTION, docId(storeHash), { relayPause: toJsonField({ ...pause }) });
    },

    async delete(storeHash) {
      await documents.delete(COLLECTION, docId(storeHash));
    },
  };
}
