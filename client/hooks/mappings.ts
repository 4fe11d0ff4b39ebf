/**
 * The Mappings page's resources: SKU ↔ IOM product mappings (page by page, with their products), the
 * SKUs IOM matches automatically, the CSV export and import, and IOM carrier → BigCommerce carrier
 * mappings. Pages never name an API path.
 */
import type { SWRResponse } from 'swr';
import useSWRInfinite, { type SWRInfiniteResponse } from 'swr/infinite';

import type {
  CarrierMappingPutResponse,
  CarrierMappingsResponse,
  CarrierTargetView,
  SettingsResponse,
  SkuMappingResponse,
} from '../../server/http/api-types';
import type {
  SkuAutoMatchResponse,
  SkuImportResponse,
  SkuMappingsPageResponse,
} from '../../server/http/mappings-api-types';
import { apiDelete, apiPut, apiTextRequest, useApi, type ApiError, type ApiSession } from '../api';
import type { OutboundSettingsChanges } from './relay';

const SKU_PATH = '/api/mappings/sku';
const CARRIER_PATH = '/api/mappings/carrier';

function skuPagePath(q: string, after: string | null): string {
  const params = new URLSearchParams();
  if (q.trim()) params.set('q', q.trim());
  if (after) params.set('after', after);
  const query = params.toString();
  return query ? `${SKU_PATH}?${query}` : SKU_PATH;
}

/** GET /api/mappings/sku page by page (`setSize(size + 1)` loads the next); `q` filters by SKU. */
export function useSkuMappings(q: string): SWRInfiniteResponse<SkuMappingsPageResponse, ApiError> {
  return useSWRInfinite<SkuMappingsPageResponse, ApiError>(
    (index: number, previous: SkuMappingsPageResponse | null) => {
      if (index === 0) return skuPagePath(q, null);
      if (!previous?.next) return null;
      return skuPagePath(q, previous.next);
    },
    { revalidateAll: true, revalidateFirstPage: false },
  );
}

/** GET /api/mappings/sku/auto: the SKUs of recent orders IOM matches by product number, and those it does not. */
export function useSkuAutoMatches(): SWRResponse<SkuAutoMatchResponse, ApiError> {
  return useApi<SkuAutoMatchResponse>(`${SKU_PATH}/auto`, {
    revalidateOnFocus: false,
    shouldRetryOnError: false,
  });
}

/** PUT /api/mappings/sku/{sku}: map the SKU to the IOM product; orders waiting for it are queued again. */
export function saveSkuMapping(
  session: ApiSession,
  sku: string,
  productId: string,
): Promise<SkuMappingResponse> {
  return apiPut<SkuMappingResponse>(session, `${SKU_PATH}/${encodeURIComponent(sku)}`, { productId });
}

/** DELETE /api/mappings/sku/{sku}: the SKU is matched by product number again. */
export function deleteSkuMapping(session: ApiSession, sku: string): Promise<void> {
  return apiDelete(session, `${SKU_PATH}/${encodeURIComponent(sku)}`);
}

/** GET /api/mappings/sku/export: every mapping as CSV (sku,iom_product_id,iom_product_number). */
export function exportSkuMappings(session: ApiSession): Promise<string> {
  return apiTextRequest(session, 'GET', `${SKU_PATH}/export`, { as: 'text' });
}

/** POST /api/mappings/sku/import: all rows saved, or none and a 400 whose `fields` name each bad cell. */
export function importSkuMappings(session: ApiSession, csv: string): Promise<SkuImportResponse> {
  return apiTextRequest<SkuImportResponse>(session, 'POST', `${SKU_PATH}/import`, {
    body: csv,
    contentType: 'text/csv',
    as: 'json',
  });
}

/** GET /api/mappings/carrier: the built-in carrier defaults and the merchant's overrides. */
export function useCarrierMappings(): SWRResponse<CarrierMappingsResponse, ApiError> {
  return useApi<CarrierMappingsResponse>(CARRIER_PATH);
}

/** PUT /api/mappings/carrier/{iomCarrier} (admins): shipments waiting for the carrier are then written. */
export function saveCarrierMapping(
  session: ApiSession,
  iomCarrier: string,
  target: CarrierTargetView,
): Promise<CarrierMappingPutResponse> {
  return apiPut<CarrierMappingPutResponse>(
    session,
    `${CARRIER_PATH}/${encodeURIComponent(iomCarrier)}`,
    target,
  );
}

/** DELETE /api/mappings/carrier/{iomCarrier} (admins): back to the built-in default, if there is one. */
export function deleteCarrierMapping(session: ApiSession, iomCarrier: string): Promise<void> {
  return apiDelete(session, `${CARRIER_PATH}/${encodeURIComponent(iomCarrier)}`);
}

/** PUT /api/settings with the status mappings only: which BigCommerce statuses are imported, and the
 *  outbound status map and locks; field errors are named `statusAllowList…` and `outbound.…`. */
export function saveStatusMappings(
  session: ApiSession,
  changes: { statusAllowList?: number[]; outbound?: OutboundSettingsChanges },
): Promise<SettingsResponse> {
  return apiPut<SettingsResponse>(session, '/api/settings', changes);
}
