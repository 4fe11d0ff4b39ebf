import type { AppDeps } from '../deps';
import type { StoreRecord } from '../storage/types';

/** How long a store's webhook secret and status are trusted without reading the store again. */
export const WEBHOOK_STORE_CACHE_MS = 5_000;

export type WebhookStore = Pick<StoreRecord, 'hash' | 'status' | 'webhookSecret'>;

/**
 * The store fields a webhook delivery is checked against, read once per store every few seconds
 * instead of on every delivery (a read also opens the store's sealed secrets). Only installed stores
 * are remembered, and a delivery whose secret does not match reads the store again before it is
 * refused, so a new secret works at once; an old secret keeps working for at most
 * WEBHOOK_STORE_CACHE_MS after a rotation, an uninstall shows after as long (the tasks check the
 * store again before calling anyone).
 */
export function createWebhookStoreCache(
  deps: Pick<AppDeps, 'storage' | 'clock'>,
  ttlMs = WEBHOOK_STORE_CACHE_MS,
): (storeHash: string, options?: { fresh?: boolean }) => Promise<WebhookStore | null> {
  const cached = new Map<string, { store: WebhookStore; until: number }>();
  return async (storeHash, options = {}) => {
    const now = deps.clock().getTime();
    const hit = cached.get(storeHash);
    if (hit && hit.until > now && !options.fresh) return hit.store;
    const record = await deps.storage.stores.get(storeHash);
    const store = record && { hash: record.hash, status: record.status, webhookSecret: record.webhookSecret };
    if (store?.status === 'installed') cached.set(storeHash, { store, until: now + ttlMs });
    else cached.delete(storeHash);
    return store;
  };
}
