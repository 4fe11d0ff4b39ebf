/** The dashboard's resource: GET /api/dashboard, in the browser's time zone. Pages never name an API path. */
import type { SWRResponse } from 'swr';

import type { DashboardResponse } from '../../server/http/dashboard-api-types';
import { useApi, type ApiError } from '../api';

/** The browser's IANA time zone (where "today" begins for the merchant); UTC when it cannot tell. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function dashboardPath(timeZone: string): string {
  return `/api/dashboard?${new URLSearchParams({ tz: timeZone }).toString()}`;
}

/** GET /api/dashboard, refreshed every 30 s while the page is open. */
export function useDashboard(
  config: { refreshInterval?: number } = {},
): SWRResponse<DashboardResponse, ApiError> {
  return useApi<DashboardResponse>(dashboardPath(browserTimeZone()), {
    refreshInterval: config.refreshInterval ?? 30_000,
  });
}
