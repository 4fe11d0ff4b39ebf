import type { DocumentStore } from '../document-store';
import type { ReceiptRepository } from '../types';
import { docId } from './document-ids';
import { deleteMatching } from './paging';
import type { VersionedDocuments } from './versioned-documents';

const COLLECTION = 'receipts';

/**
 * Webhook delivery receipts (dedupe by payload hash). The first delivery creates the receipt; an
 * expired receipt is renewed by exactly one caller through a compare-and-set transition.
 *
 * Known, accepted race: if `purgeExpired` deletes an expired receipt between a renewal's claim and its
 * write, and a third delivery re-creates it in that instant, two deliveries are reported as new. The
 * delivery pipeline is idempotent, so this costs one redundant run.
 */
export function createReceiptRepository(
  documents: DocumentStore,
  versioned: VersionedDocuments,
): ReceiptRepository {
  return {
    async seen(storeHash, hash, now) {
      const receipt = await documents.get(COLLECTION, docId(storeHash, hash));
      // The same expiry rule as recordOnce: a receipt expiring at or before now is gone.
      return receipt !== null && String(receipt.expiresAt) > now.toISOString();
    },

    async receivedAt(storeHash, hash, now) {
      const receipt = await documents.get(COLLECTION, docId(storeHash, hash));
      if (receipt === null || String(receipt.expiresAt) <= now.toISOString()) return null;
      // A receipt written before receipts kept their time counts as received long ago.
      return typeof receipt.receivedAt === 'string' ? receipt.receivedAt : new Date(0).toISOString();
    },

    async recordOnce(storeHash, hash, now, ttlMs) {
      const id = docId(storeHash, hash);
      const at = now.toISOString();
      const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
      const receipt = { id, storeHash, hash, expiresAt, receivedAt: at };
      if (await versioned.create(COLLECTION, id, receipt)) return true;
      const renewed = await versioned.transition(
        COLLECTION,
        id,
        (current) => (String(current.expiresAt) <= at ? { expiresAt, receivedAt: at } : null),
        // One attempt: the only competing transition is another renewal of the same expired receipt.
        { now, maxAttempts: 1 },
      );
      if (renewed.status === 'missing') return versioned.create(COLLECTION, id, receipt);
      return renewed.status === 'written';
    },

    async purgeExpired(now) {
      const purged = await deleteMatching(
        documents,
        COLLECTION,
        { orderBy: 'expiresAt', range: { op: '<=', value: now.toISOString() } },
        (data) => String(data.id),
      );
      await versioned.purgeOldClaims(now);
      return purged;
    },
  };
}
