/** The backfill's resource and its writes: GET, POST and DELETE /api/backfill. Pages never name an API path. */
import type { SWRResponse } from 'swr';

import type { BackfillResponse } from '../../server/http/api-types';
import { apiDelete, apiPost, useApi, type ApiError, type ApiSession } from '../api';

const BACKFILL_PATH = '/api/backfill';

/** The newest backfill of the store, or null when none has run. */
export type BackfillState = BackfillResponse | null;

/**
 * GET /api/backfill (null while none has run), refreshed every 2 s while one is running.
 */
export function useBackfill(): SWRResponse<BackfillState, ApiError> {
  return useApi<BackfillState>(BACKFILL_PATH, {
    refreshInterval: (data) => (data?.status === 'running' ? 2_000 : 0),
  });
}

/** POST /api/backfill (admins): re-read the orders created in [from, to] (`to` defaults to now). */
export function startBackfill(
  session: ApiSession,
  range: { from: string; to?: string },
): Promise<BackfillResponse> {
  return apiPost<BackfillResponse>(session, BACKFILL_PATH, range);
}

/** DELETE /api/backfill (admins): stop reading pages; orders already queued still sync. */
export function cancelBackfill(session: ApiSession): Promise<BackfillResponse> {
  return apiDelete<BackfillResponse>(session, BACKFILL_PATH);
}
