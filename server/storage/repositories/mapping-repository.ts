import type { DocumentData, DocumentStore } from '../document-store';
import type { MappingKind, MappingRecord, MappingRepository } from '../types';
import { docId } from './document-ids';
import { DocumentFields } from './document-fields';
import { readPage } from './paging';

const COLLECTION = 'mappings';
const KINDS: readonly MappingKind[] = ['sku', 'carrier', 'status', 'warehouse'];

function toRecord(data: DocumentData): MappingRecord {
  const fields = new DocumentFields(data, `${COLLECTION}/${String(data.storeHash)}:${String(data.source)}`);
  return {
    storeHash: fields.string('storeHash'),
    kind: fields.oneOf('kind', KINDS),
    source: fields.string('source'),
    target: fields.string('target'),
    updatedAt: fields.string('updatedAt'),
  };
}

/** Mappings per store and kind, keyed by source and listed in source order. */
export function createMappingRepository(documents: DocumentStore): MappingRepository {
  return {
    async get(storeHash, kind, source) {
      const data = await documents.get(COLLECTION, docId(storeHash, kind, source));
      return data === null ? null : toRecord(data);
    },

    async put(mapping) {
      await documents.set(COLLECTION, docId(mapping.storeHash, mapping.kind, mapping.source), {
        storeHash: mapping.storeHash,
        kind: mapping.kind,
        source: mapping.source,
        target: mapping.target,
        updatedAt: mapping.updatedAt,
      });
    },

    async delete(storeHash, kind, source) {
      await documents.delete(COLLECTION, docId(storeHash, kind, source));
    },

    async list(storeHash, kind, opts) {
      return readPage(
        documents,
        {
          collection: COLLECTION,
          where: { storeHash, kind },
          cursorField: 'source',
          direction: 'asc',
          ...opts,
        },
        toRecord,
      );
    },
  };
}
