import type { FulfillmentProfile, SchemaOverrides } from '../../iom/fulfillment-profile';
import type { DocumentData, DocumentStore } from '../document-store';
import type { ConnectionRecord, ConnectionRepository, ConnectionTestRecord, SecretCipher } from '../types';
import { docId } from './document-ids';
import { DocumentFields, toJsonField } from './document-fields';
import { openSecret, sealSecret } from './sealed-secrets';

const COLLECTION = 'connections';

/** The discovered profile and the overrides as stored fields (JSON text, null for none); absent ones are left out. */
function schemaFields(schema: {
  fulfillmentProfile?: FulfillmentProfile | null;
  schemaOverrides?: SchemaOverrides;
}): DocumentData {
  const out: DocumentData = {};
  if (schema.fulfillmentProfile !== undefined)
    out.fulfillmentProfile =
      schema.fulfillmentProfile === null ? null : toJsonField({ ...schema.fulfillmentProfile });
  if (schema.schemaOverrides !== undefined) out.schemaOverrides = toJsonField({ ...schema.schemaOverrides });
  return out;
}

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
      // None stored (null or, in older documents, absent) reads as none (the field left out).
      ...(data.fulfillmentProfile === undefined || data.fulfillmentProfile === null
        ? {}
        : { fulfillmentProfile: fields.object('fulfillmentProfile') as unknown as FulfillmentProfile }),
      ...(data.schemaOverrides === undefined || data.schemaOverrides === null
        ? {}
        : { schemaOverrides: fields.stringRecord('schemaOverrides') }),
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
        fulfillmentProfile: null,
        schemaOverrides: null,
        ...schemaFields(connection),
      });
    },

    async saveSchema(storeHash, schema) {
      await documents.update(COLLECTION, docId(storeHash), schemaFields(schema));
    },

    async pauseRelay(storeHash, pause) {
      await documents.update(COLLECTION, docId(storeHash), { relayPause: toJsonField({ ...pause }) });
    },

    async delete(storeHash) {
      await documents.delete(COLLECTION, docId(storeHash));
    },
  };
}
