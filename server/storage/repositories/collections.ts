import type { CollectionSchema } from '../document-store';

/**
 * Every collection the repositories use, with the field lists each is queried by (equality fields
 * first, the order field last). On Firestore, the multi-field entries are the composite indexes a
 * production project must declare; SQLite builds expression indexes from all of them.
 */
export const COLLECTIONS = {
  stores: [],
  users: [['storeHash', 'userId']],
  userRemovals: [],
  connections: [],
  settings: [],
  mappings: [['storeHash', 'kind', 'source']],
  orderLinks: [
    ['storeHash', 'syncState', 'sortKey'],
    ['storeHash', 'sortKey'],
    ['storeHash', 'customerEmail', 'sortKey'],
    ['storeHash', 'metafieldPending', 'sortKey'],
    ['storeHash', 'orderId'],
    ['storeHash', 'iomSalesOrderId', 'orderId'],
    ['storeHash', 'syncedAt'],
    ['storeHash', 'createdKey'],
    ['storeHash', 'syncState', 'createdKey'],
  ],
  events: [
    ['storeHash', 'orderId', 'seq'],
    ['storeHash', 'seq'],
    ['storeHash', 'type', 'seq'],
  ],
  outboundOrders: [
    ['storeHash', 'needsAttention', 'orderId'],
    ['storeHash', 'attentionCode', 'orderId'],
    ['storeHash', 'attentionCarrier', 'orderId'],
  ],
  syncCursors: [['storeHash', 'name']],
  jobs: [['dueAt'], ['kind', 'dueAt'], ['lane', 'dueAt'], ['kind', 'lane', 'dueAt'], ['storeHash', 'id']],
  receipts: [['expiresAt']],
  /** One document per state transition of a versioned document (see versioned-documents.ts). */
  transitionClaims: [['createdAt']],
  /** Deployment-wide documents, e.g. the APP_SECRET_KEY check value (see key-check.ts). */
  meta: [],
} as const satisfies CollectionSchema;

export type CollectionName = keyof typeof COLLECTIONS;
