/**
 * The needs-attention inbox: its groups, retrying a group (or chosen orders) in one action, and the IOM
 * product search its SKU fix uses. Pages never name an API path.
 */
import type { SWRConfiguration, SWRResponse } from 'swr';

import type { AttentionResponse } from '../../server/http/api-types';
import type {
  AttentionRetryBody,
  AttentionRetryResponse,
  ProductSearchResponse,
} from '../../server/http/attention-api-types';
import { apiPost, useApi, type ApiError, type ApiSession } from '../api';

/** GET /api/attention: orders that need the merchant, grouped by cause. */
export function useAttention(
  config?: SWRConfiguration<AttentionResponse, ApiError>,
): SWRResponse<AttentionResponse, ApiError> {
  return useApi<AttentionResponse>('/api/attention', config);
}

/** POST /api/attention/retry (202): queue again every order of a group, or the orders named. */
export function retryAttention(
  session: ApiSession,
  body: AttentionRetryBody,
): Promise<AttentionRetryResponse> {
  return apiPost<AttentionRetryResponse>(session, '/api/attention/retry', body);
}

/** Shortest text a product search is sent for. */
export const PRODUCT_SEARCH_MIN = 2;

/** GET /api/iom/products?search=: active IOM products whose name or number contains `text` (not sent
 *  for less than PRODUCT_SEARCH_MIN characters). The previous answer stays while the next loads. */
export function useProductSearch(text: string): SWRResponse<ProductSearchResponse, ApiError> {
  const search = text.trim();
  return useApi<ProductSearchResponse>(
    search.length >= PRODUCT_SEARCH_MIN ? `/api/iom/products?search=${encodeURIComponent(search)}` : null,
    { keepPreviousData: true, revalidateOnFocus: false, shouldRetryOnError: false },
  );
}
