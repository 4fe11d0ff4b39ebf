import type { AppDeps } from '../deps';
import type { StoreRecord } from '../storage/types';
import { BigCommerceClient } from './api-client';

/**
 * The REST client the relay uses for a store: the store's token, the process-wide quota view (a burst
 * drains at the store's quota), and short waits only, so a long rate-limit reset frees the worker
 * slot instead of holding it (the job is deferred until the window reopens).
 */
export function storeClient(
  deps: Pick<AppDeps, 'config' | 'logger' | 'relay' | 'metrics'>,
  store: StoreRecord,
): BigCommerceClient {
  if (!store.accessToken) throw new Error(`Store ${store.hash} has no access token`);
  return new BigCommerceClient({
    apiUrl: deps.config.bigcommerce.apiUrl,
    storeHash: store.hash,
    accessToken: store.accessToken,
    logger: deps.logger,
    quotas: deps.relay.quotas,
    maxWaitMs: 2_000,
    maxQuotaWaitMs: 2_000,
    timeoutMs: 15_000,
    onResponse: deps.metrics.responseObserver('bigcommerce'),
  });
}
