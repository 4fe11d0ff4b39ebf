import type { DocumentStore } from '../document-store';
import type { MappingKind, StoreDataRepository } from '../types';
import { docId } from './document-ids';
import { deleteMatching, scanPages } from './paging';

const MAPPING_KINDS: readonly MappingKind[] = ['sku', 'carrier', 'status', 'warehouse'];

/**
 * Deletes what the relay keeps about a store's orders and its IOM connection (the merchant's
 * "disconnect and purge"): order links with each order's timeline and outbound record, mappings,
 * sync cursors, settings and the connection. The store, its users and its jobs are left to their
 * repositories.
 */
export function createStoreDataRepository(documents: DocumentStore): StoreDataRepository {
  return {
    async purge(storeHash) {
      let orders = 0;
      let events = 0;
      for await (const links of scanPages(documents, 'orderLinks', { storeHash }, 'sortKey')) {
        for (const link of links) {
          const orderId = Number(link.orderId);
          events += await deleteMatching(
            documents,
            'events',
            { where: { storeHash, orderId }, orderBy: 'seq' },
            (data) => docId(storeHash, orderId, String(data.seq)),
          );
          await documents.delete('outboundOrders', docId(storeHash, orderId));
          await documents.delete('orderLinks', docId(storeHash, orderId));
          orders += 1;
        }
      }
      let mappings = 0;
      for (const kind of MAPPING_KINDS) {
        mappings += await deleteMatching(
          documents,
          'mappings',
          { where: { storeHash, kind }, orderBy: 'source' },
          (data) => docId(storeHash, kind, String(data.source)),
        );
      }
      await deleteMatching(documents, 'syncCursors', { where: { storeHash }, orderBy: 'name' }, (data) =>
        docId(storeHash, String(data.name)),
      );
      const settings = (await documents.get('settings', docId(storeHash))) !== null;
      await documents.delete('settings', docId(storeHash));
      const connection = (await documents.get('connections', docId(storeHash))) !== null;
      await documents.delete('connections', docId(storeHash));
      return { orders, events, mappings, settings, connection };
    },
  };
}
