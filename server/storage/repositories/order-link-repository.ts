import type { DocumentData, DocumentStore } from '../document-store';
import type { AttentionReason, LineLink, OrderLinkRecord, OrderLinkRepository, SyncState } from '../types';
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

/** `date_created|orderId` (unique, sorts by creation); null while the order has not been read. */
function createdKey(link: OrderLinkRecord): string | null {
  return link.orderCreatedAt ? `${link.orderCreatedAt}|${String(link.orderId).padStart(16, '0')}` : null;
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
    customerEmail: optional(data, 'customerEmail', () => fields.nullableString('customerEmail')),
    statusId: optional(data, 'statusId', () => fields.number('statusId')),
    orderCreatedAt: optional(data, 'orderCreatedAt', () => fields.nullableString('orderCreatedAt')),
    attention: optional(
      data,
      'attention',
      () => fields.nullableObject('attention') as AttentionReason | null,
    ),
    skipReason: optional(data, 'skipReason', () => fields.nullableString('skipReason')),
    lineLinks:
      data.lineLinks === undefined || data.lineLinks === null
        ? []
        : (JSON.parse(fields.string('lineLinks')) as LineLink[]),
    metafieldWritten: data.metafieldWritten === true,
    syncedAt: optional(data, 'syncedAt', () => fields.nullableString('syncedAt')),
    intakeRequestId: optional(data, 'intakeRequestId', () => fields.nullableString('intakeRequestId')),
    stateHash: optional(data, 'stateHash', () => fields.nullableString('stateHash')),
  };
}

/** Links stored before a field existed read it as null. */
function optional<T>(data: DocumentData, field: string, read: () => T): T | null {
  return data[field] === undefined || data[field] === null ? null : read();
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
        iomSalesOrderId: link.iomSalesOrderId === null ? null : link.iomSalesOrderId.toLowerCase(),
        syncState: link.syncState,
        lastDateModified: link.lastDateModified,
        shipmentLinks: toJsonField(link.shipmentLinks),
        lastError: link.lastError,
        updatedAt: link.updatedAt,
        sortKey: sortKey(link),
        createdKey: createdKey(link),
        customerEmail: link.customerEmail ?? null,
        statusId: link.statusId ?? null,
        orderCreatedAt: link.orderCreatedAt ?? null,
        attention: link.attention ? JSON.stringify(link.attention) : null,
        skipReason: link.skipReason ?? null,
        lineLinks: JSON.stringify(link.lineLinks ?? []),
        // 1 while the IOM id still has to be written to BigCommerce (queried; 0 otherwise).
        metafieldWritten: link.metafieldWritten === true,
        metafieldPending: link.iomSalesOrderId !== null && link.metafieldWritten !== true ? 1 : 0,
        syncedAt: link.syncedAt ?? null,
        intakeRequestId: link.intakeRequestId ?? null,
        stateHash: link.stateHash ?? null,
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

    async list(storeHash, opts) {
      const where: Record<string, string> = { storeHash };
      if (opts.customerEmail !== undefined) where.customerEmail = opts.customerEmail.toLowerCase();
      return readPage(
        documents,
        { collection: COLLECTION, where, cursorField: 'sortKey', direction: 'desc', ...opts },
        toRecord,
      );
    },

    async findByIomSalesOrderId(storeHash, iomSalesOrderId) {
      const rows = await documents.query(COLLECTION, {
        where: { storeHash, iomSalesOrderId: iomSalesOrderId.toLowerCase() },
        orderBy: 'orderId',
        limit: 1,
      });
      return rows[0] === undefined ? null : toRecord(rows[0]);
    },

    async listMetafieldBacklog(storeHash, limit) {
      const rows = await documents.query(COLLECTION, {
        where: { storeHash, metafieldPending: 1 },
        orderBy: 'sortKey',
        limit,
      });
      return rows.map(toRecord);
    },

    async countByStateInRange(storeHash, minOrderId, maxOrderId) {
      const counts: Record<SyncState, number> = { pending: 0, synced: 0, needs_attention: 0, skipped: 0 };
      let after = minOrderId - 1;
      for (;;) {
        const rows = await documents.query(COLLECTION, {
          where: { storeHash },
          orderBy: 'orderId',
          range: { op: '>', value: after },
          limit: 500,
        });
        for (const row of rows) {
          const id = Number(row.orderId);
          if (id > maxOrderId) return counts;
          const state = row.syncState as SyncState;
          if (state in counts) counts[state] += 1;
          after = id;
        }
        if (rows.length < 500) return counts;
      }
    },

    async countByState(storeHash, syncState) {
      return documents.count(COLLECTION, { where: { storeHash, syncState }, orderBy: 'sortKey' });
    },

    async countSynced(storeHash, window) {
      return documents.count(COLLECTION, {
        where: { storeHash },
        orderBy: 'syncedAt',
        from: window.from,
        before: window.before,
      });
    },

    async latest(storeHash) {
      const rows = await documents.query(COLLECTION, {
        where: { storeHash },
        orderBy: 'orderId',
        direction: 'desc',
        limit: 1,
      });
      return rows[0] === undefined ? null : toRecord(rows[0]);
    },

    async listByCreated(storeHash, opts) {
      // One range only (the primitive's rule): the upper bound (or the cursor) is the range, the lower
      // bound is applied to the page read, which then ends the list.
      const where: Record<string, string> = { storeHash };
      if (opts.syncState !== undefined) where.syncState = opts.syncState;
      const upper = opts.after ?? (opts.before === undefined ? null : opts.before);
      const rows = await documents.query(COLLECTION, {
        where,
        orderBy: 'createdKey',
        direction: 'desc',
        range: upper === null ? { op: '>', value: '' } : { op: '<', value: upper },
        limit: opts.limit + 1,
      });
      const inRange =
        opts.from === undefined ? rows : rows.filter((row) => String(row.createdKey) >= opts.from!);
      const items = inRange.slice(0, opts.limit);
      const last = items[items.length - 1];
      const next = inRange.length > opts.limit && last !== undefined ? String(last.createdKey) : null;
      return { items: items.map(toRecord), next };
    },

    async markMetafieldWritten(storeHash, orderIds) {
      for (const orderId of orderIds) {
        await documents.update(COLLECTION, docId(storeHash, orderId), {
          metafieldWritten: true,
          metafieldPending: 0,
        });
      }
    },
  };
}
