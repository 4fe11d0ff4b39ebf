/**
 * The first-run flow's resources and writes: how far the store is, its newest BigCommerce orders, and
 * saving and testing the IOM connection. Pages never name an API path.
 */
import type { SWRResponse } from 'swr';

import type {
  ConnectionInputBody,
  ConnectionResponse,
  ConnectionTestResponse,
} from '../../server/http/api-types';
import type { OnboardingStatusResponse, RecentOrdersResponse } from '../../server/http/onboarding-api-types';
import { apiPost, apiPut, useApi, type ApiError, type ApiSession } from '../api';

export const ONBOARDING_STATUS_PATH = '/api/onboarding';

/** GET /api/onboarding: whether IOM is connected and syncing has ever been started. */
export function useOnboardingStatus(): SWRResponse<OnboardingStatusResponse, ApiError> {
  return useApi<OnboardingStatusResponse>(ONBOARDING_STATUS_PATH);
}

/** The store is set up once IOM is connected and syncing has been started (onboarding is then done). */
export function isSetUp(status: OnboardingStatusResponse): boolean {
  return status.connected && status.syncStarted;
}

/** GET /api/bigcommerce/recent-orders: the store's newest orders, for the first preview. */
export function useRecentOrders(enabled = true): SWRResponse<RecentOrdersResponse, ApiError> {
  return useApi<RecentOrdersResponse>(enabled ? '/api/bigcommerce/recent-orders' : null, {
    revalidateOnFocus: false,
  });
}

/** PUT /api/connection: save the connection (a 400 names the fields that are wrong). */
export function saveConnection(session: ApiSession, body: ConnectionInputBody): Promise<ConnectionResponse> {
  return apiPut<ConnectionResponse>(session, '/api/connection', body);
}

/** POST /api/connection/test: run every check on the saved connection. */
export function testConnection(session: ApiSession): Promise<ConnectionTestResponse> {
  return apiPost<ConnectionTestResponse>(session, '/api/connection/test');
}

/** POST /api/connection/alternate-key: have Dataverse build the key on the external order id. */
export function createAlternateKey(session: ApiSession): Promise<{ status: string }> {
  return apiPost<{ status: string }>(session, '/api/connection/alternate-key');
}

/** POST /api/connection/alternate-key/reactivate: have Dataverse build a failed key again. */
export function reactivateAlternateKey(session: ApiSession): Promise<{ status: string }> {
  return apiPost<{ status: string }>(session, '/api/connection/alternate-key/reactivate');
}
