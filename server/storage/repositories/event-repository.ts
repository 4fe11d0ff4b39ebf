import { randomUUID } from 'node:crypto';
import type { DocumentData, DocumentStore } from '../document-store';
import type { EventDirection, EventRepository, OrderEventRecord } from '../types';
import { docId } from './document-ids';
import { DocumentFields, toJsonField } from './document-fields';
import { readPage } from './paging';

const COLLECTION = 'events';
const DIRECTIONS: readonly EventDirection[] = ['inbound', 'outbound', 'system'];

let appended = 0;

/**
 * A unique key that sorts by time, then by append order within this process (a counter), then by a
 * random suffix that separates processes appending in the same millisecond.
 */
function sequenceKey(at: string): string {
  appended += 1;
  return `${at}|${appended.toString(36).padStart(10, '0')}|${randomUUID().slice(0, 8)}`;
}

function toRecord(data: DocumentData): OrderEventRecord {
  const fields = new DocumentFields(data, `${COLLECTION}/${String(data.seq)}`);
  const eventData = fields.nullableObject('data');
  return {
    id: fields.string('seq'),
    at: fields.string('at'),
    storeHash: fields.string('storeHash'),
    orderId: fields.number('orderId'),
    direction: fields.oneOf('direction', DIRECTIONS),
    type: fields.string('type'),
    message: fields.string('message'),
    ...(eventData === null ? {} : { data: eventData }),
  };
}

/** The append-only timeline of each order; the event id is its sequence key. */
export function createEventRepository(documents: DocumentStore): EventRepository {
  return {
    async append(event, now) {
      const at = now.toISOString();
      const seq = sequenceKey(at);
      await documents.set(COLLECTION, docId(event.storeHash, event.orderId, seq), {
        seq,
        at,
        storeHash: event.storeHash,
        orderId: event.orderId,
        direction: event.direction,
        type: event.type,
        message: event.message,
        data: event.data === undefined ? null : toJsonField(event.data),
      });
      return { ...event, id: seq, at };
    },

    async listForOrder(storeHash, orderId, opts) {
      return readPage(
        documents,
        {
          collection: COLLECTION,
          where: { storeHash, orderId },
          cursorField: 'seq',
          direction: 'asc',
          ...opts,
        },
        toRecord,
      );
    },

    async listForStore(storeHash, opts) {
      const where: Record<string, string> = { storeHash };
      if (opts.type !== undefined) where.type = opts.type;
      return readPage(
        documents,
        {
          collection: COLLECTION,
          where,
          cursorField: 'seq',
          direction: 'desc',
          limit: opts.limit,
          after: opts.after,
        },
        toRecord,
      );
    },

    async countForStore(storeHash, opts) {
      // The sequence key starts with the ISO time, so `since` bounds it from below.
      return documents.count(COLLECTION, {
        where: { storeHash, type: opts.type },
        orderBy: 'seq',
        from: opts.since,
      });
    },
  };
}
