/**
 * The relay's resources, one SWR hook each (settings, IOM master data, orders, one order, its preview,
 * the needs-attention inbox, the IOM push secret), and the writes that go with them. Pages never name an API path.
 */
import type { SWRConfiguration, SWRResponse } from 'swr';
import useSWRInfinite, { type SWRInfiniteResponse } from 'swr/infinite';

import type {
  ConnectionResponse,
  MasterDataResponse,
  OrderDetailResponse,
  OrdersResponse,
  OrderSyncState,
  OutboundSettingsView,
  PreviewResponse,
  PushSecretResponse,
  SettingsResponse,
  SettingsView,
} from '../../server/http/api-types';
import { apiPost, apiPut, useApi, type ApiError, type ApiSession } from '../api';

const SETTINGS_PATH = '/api/settings';

/** GET /api/connection: the store's IOM connection, or `connection: null` while IOM is not connected. */
export function useConnection(): SWRResponse<ConnectionResponse, ApiError> {
  return useApi<ConnectionResponse>('/api/connection');
}

/** GET /api/settings: which orders are sent to IOM and with which IOM references. */
export function useSettings(): SWRResponse<SettingsResponse, ApiError> {
  return useApi<SettingsResponse>(SETTINGS_PATH);
}

/** PUT /api/settings with only the fields that change; a 400 carries `fields` for each bad one. */
export function saveSettings(session: ApiSession, changes: Partial<SettingsView>): Promise<SettingsResponse> {
  return apiPut<SettingsResponse>(session, SETTINGS_PATH, changes);
}

/** The outbound settings a PUT may change: any of them, and any entries of the status map. */
export type OutboundSettingsChanges = Partial<Omit<OutboundSettingsView, 'statusMap'>> & {
  statusMap?: Partial<OutboundSettingsView['statusMap']>;
};

/** PUT /api/settings with only outbound changes; field errors are named `outbound.…`. */
export function saveOutboundSettings(
  session: ApiSession,
  changes: OutboundSettingsChanges,
): Promise<SettingsResponse> {
  return apiPut<SettingsResponse>(session, SETTINGS_PATH, { outbound: changes });
}

const PUSH_SECRET_PATH = '/api/push-secret';

/** GET /api/push-secret (owner and admins; the first look creates it). Pass `enabled: false` for others. */
export function usePushSecret(enabled: boolean): SWRResponse<PushSecretResponse, ApiError> {
  return useApi<PushSecretResponse>(enabled ? PUSH_SECRET_PATH : null, { revalidateOnFocus: false });
}

/** POST /api/push-secret/rotate: a new secret; the old one stops working at once. */
export function rotatePushSecret(session: ApiSession): Promise<PushSecretResponse> {
  return apiPost<PushSecretResponse>(session, `${PUSH_SECRET_PATH}/rotate`);
}

export type MasterDataKind = 'accounts' | 'price-lists' | 'units' | 'warehouses';

/** GET /api/iom/{kind}: the rows of an IOM table to pick from. Pass `enabled: false` to not ask (yet). */
export function useMasterData(
  kind: MasterDataKind,
  enabled = true,
): SWRResponse<MasterDataResponse, ApiError> {
  return useApi<MasterDataResponse>(enabled ? `/api/iom/${kind}` : null, { revalidateOnFocus: false });
}

export interface OrdersFilter {
  state?: OrderSyncState;
  /** An order id or a customer e-mail address. */
  q?: string;
  /** Orders created at or after this ISO-8601 time (the list is then newest created first). */
  from?: string;
  /** Orders created at or before this ISO-8601 time. */
  to?: string;
}

export const ORDERS_PAGE_SIZE = 50;

/** The GET /api/orders path of one page of the list. */
export function ordersPath(filter: OrdersFilter, after: string | null, limit = ORDERS_PAGE_SIZE): string {
  const params = new URLSearchParams();
  if (filter.state) params.set('state', filter.state);
  const q = filter.q?.trim();
  if (q) params.set('q', q);
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  params.set('limit', String(limit));
  if (after) params.set('after', after);
  return `/api/orders?${params.toString()}`;
}

/**
 * GET /api/orders page by page ("Load more" calls `setSize(size + 1)`); every loaded page is
 * revalidated, so states change in place while the list is open.
 */
export function useOrders(
  filter: OrdersFilter,
  config?: {
    refreshInterval?: number | ((pages: OrdersResponse[] | undefined) => number);
    /** Orders per page (default ORDERS_PAGE_SIZE). */
    pageSize?: number;
  },
): SWRInfiniteResponse<OrdersResponse, ApiError> {
  const { pageSize, ...swrConfig } = config ?? {};
  return useSWRInfinite<OrdersResponse, ApiError>(
    (index: number, previous: OrdersResponse | null) => {
      if (index === 0) return ordersPath(filter, null, pageSize);
      if (!previous?.next) return null;
      return ordersPath(filter, previous.next, pageSize);
    },
    { revalidateAll: true, revalidateFirstPage: false, ...swrConfig },
  );
}

function orderPath(orderId: number | string): string {
  return `/api/orders/${encodeURIComponent(String(orderId))}`;
}

/** GET /api/orders/{id}: the order's link to IOM, its sync job, what came back from IOM (`outbound`:
 *  shipments, IOM's records, attention) and its timeline. */
export function useOrder(
  orderId: string,
  config?: SWRConfiguration<OrderDetailResponse, ApiError>,
): SWRResponse<OrderDetailResponse, ApiError> {
  return useApi<OrderDetailResponse>(orderPath(orderId), config);
}

/** GET /api/orders/{id}/preview, only once `enabled` (it reads BigCommerce and IOM; writes nothing). */
export function usePreview(orderId: string, enabled: boolean): SWRResponse<PreviewResponse, ApiError> {
  return useApi<PreviewResponse>(enabled ? `${orderPath(orderId)}/preview` : null, {
    revalidateOnFocus: false,
  });
}

/** The 202 of POST /api/orders/{id}/sync; `outbound`: IOM's side is read again too (IOM has the order). */
export interface ResyncResult {
  queued: boolean;
  orderId: number;
  outbound: boolean;
}

/** POST /api/orders/{id}/sync (202): queue the order to be sent again, whatever its state, and (once IOM
 *  has it) what IOM fulfilled to be written back to BigCommerce. */
export function resyncOrder(session: ApiSession, orderId: number | string): Promise<ResyncResult> {
  return apiPost<ResyncResult>(session, `${orderPath(orderId)}/sync`);
}

/** Moved to hooks/attention.ts; re-exported for the pages that import it from here. */
export { useAttention } from './attention';
