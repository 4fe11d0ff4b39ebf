import { z } from 'zod';
import type { DocumentData, DocumentStore } from '../document-store';
import type { OutboundRecord, OutboundRepository, SyncCursorRepository } from '../types';
import { docId } from './document-ids';
import { DocumentFields, toJsonField } from './document-fields';

const COLLECTION = 'outboundOrders';
const CURSORS = 'syncCursors';

const attentionSchema = z.object({
  code: z.string(),
  message: z.string(),
  fix: z.string(),
  skus: z.array(z.string()).optional(),
  carrier: z.string().optional(),
});

/** The stored state, read tolerantly: a field a newer build added reads as its empty value. */
const stateSchema = z.object({
  iomSalesOrderId: z.string(),
  shipments: z
    .record(
      z.string(),
      z.object({
        bigcommerceShipmentIds: z.array(z.number()),
        byHand: z.boolean(),
        trackingNumber: z.string(),
        carrier: z.string().nullable(),
        at: z.string(),
      }),
    )
    .default({}),
  pending: z.record(z.string(), z.string()).default({}),
  statusWritten: z.number().nullable().default(null),
  statusWrittenAt: z.string().nullable().default(null),
  cancel: z.enum(['none', 'requested', 'confirmed']).default('none'),
  iomFingerprint: z.string().nullable().default(null),
  iomLineNumbers: z.record(z.string(), z.number()).default({}),
  returns: z.record(z.string(), z.object({ at: z.string(), refundId: z.number().nullable() })).default({}),
  attention: attentionSchema.nullable().default(null),
  lockedAt: z.string().nullable().default(null),
  lastReconciledAt: z.string().nullable().default(null),
  summary: z.record(z.string(), z.unknown()).nullable().default(null),
});

function toRecord(data: DocumentData): OutboundRecord {
  const fields = new DocumentFields(data, `${COLLECTION}/${String(data.storeHash)}:${String(data.orderId)}`);
  const state = stateSchema.parse(fields.object('state'));
  return {
    storeHash: fields.string('storeHash'),
    orderId: fields.number('orderId'),
    updatedAt: fields.string('updatedAt'),
    ...state,
    summary: state.summary as OutboundRecord['summary'],
  };
}

/** What the outbound relay did to each BigCommerce order; written only by the outbound task. */
export function createOutboundRepository(documents: DocumentStore): OutboundRepository {
  return {
    async get(storeHash, orderId) {
      const data = await documents.get(COLLECTION, docId(storeHash, orderId));
      return data === null ? null : toRecord(data);
    },

    async put(record) {
      const { storeHash, orderId, updatedAt, ...state } = record;
      await documents.set(COLLECTION, docId(storeHash, orderId), {
        storeHash,
        orderId,
        updatedAt,
        needsAttention: record.attention ? 1 : 0,
        attentionCode: record.attention?.code ?? null,
        attentionCarrier: record.attention?.carrier ?? null,
        state: toJsonField(state),
      });
    },

    async countAttention(storeHash) {
      return documents.count(COLLECTION, { where: { storeHash, needsAttention: 1 }, orderBy: 'orderId' });
    },

    async listAttention(storeHash, opts) {
      const rows = await documents.query(COLLECTION, {
        // One equality filter besides the store, so each query has its own index.
        where:
          opts.carrier !== undefined
            ? { storeHash, attentionCarrier: opts.carrier }
            : opts.code !== undefined
              ? { storeHash, attentionCode: opts.code }
              : { storeHash, needsAttention: 1 },
        orderBy: 'orderId',
        ...(opts.afterOrderId === undefined ? {} : { range: { op: '>', value: opts.afterOrderId } }),
        limit: opts.limit,
      });
      return rows.map(toRecord);
    },
  };
}

/** Where each store's reading of a change feed stands (a Dataverse delta link, a modifiedon mark). */
export function createSyncCursorRepository(documents: DocumentStore): SyncCursorRepository {
  return {
    async get(storeHash, name) {
      const data = await documents.get(CURSORS, docId(storeHash, name));
      return data === null ? null : new DocumentFields(data, `${CURSORS}/${storeHash}`).object('value');
    },
    async put(storeHash, name, value, now) {
      await documents.set(CURSORS, docId(storeHash, name), {
        storeHash,
        name,
        value: toJsonField(value),
        updatedAt: now.toISOString(),
      });
    },
  };
}
