import type { DocumentData, DocumentStore } from '../document-store';
import type { OrderLinkRecord, OrderLinkRepository, SyncState } from '../types';
import { docId } from './document-ids';
import { DocumentFields, toJsonField } from './document-fields';
import { readPage } from './paging';

const COLLECTION = 'orderLinks';
const SYNC_STATES: readonly SyncState[] = ['pending', 'synced', 'needs_attention', 'skipped'];

/**
 * `updatedAt` is not unique, so pages are keyed by `updatedAt|orderId` (order id zero-padded so the
 * key sorts like the pair).
 */
function sortKey(link: OrderLinkRecord): string {
  return `${link.updatedAt}|${String(link.orderId).padStart(16, '0')}`;
}

function toRecord(data: DocumentData): OrderLinkRecord {
  const fields = new DocumentFields(data, `${COLLECTION}/${String(data.storeHash)}:${String(data.orderId)}`);
  return {
    storeHash: fields.string('storeHash'),
    orderId: fields.number('orderId'),
    iomSalesOrderId: fields.nullableString('iomSalesOrderId'),
    syncState: fields.oneOf('syncState', SYNC_STATES),
    lastDateModified: fields.nullableString('lastDateModified'),
    shipmentLinks: fields.stringRecord('shipmentLinks'),
    lastError: fields.nullableString('lastError'),
    updatedAt: fields.string('updatedAt'),
  };
}

/** BigCommerce order → IOM sales order links, listed per sync state, newest first. */
export function createOrderLinkRepository(documents: DocumentStore): OrderLinkRepository {
  return {
    async get(storeHash, orderId) {
      const data = await documents.get(COLLECTION, docId(storeHash, orderId));
      return data === null ? null : toRecord(data);
    },

    async put(link) {
      await documents.set(COLLECTION, docId(link.storeHash, link.orderId), {
        storeHash: link.storeHash,
        orderId: link.orderId,
        iomSalesOrderId: link.iomSalesOrderId,
        syncState: link.syncState,
        lastDateModified: link.lastDateModified,
        shipmentLinks: toJsonField(link.shipmentLinks),
        lastError: link.lastError,
        updatedAt: link.updatedAt,
        sortKey: sortKey(link),
      });
    },

    async listByState(storeHash, syncState, opts) {
      return readPage(
        documents,
        {
          collection: COLLECTION,
          where: { storeHash, syncState },
          cursorField: 'sortKey',
          direction: 'desc',
          ...opts,
        },
        toRecord,
      );
    },
  };
}
