import { useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { SWRConfig, type SWRConfiguration } from 'swr';

import { ApiError, ApiSessionContext, createFetcher } from '../api';
import type { Session } from '../session';

/** Retry automatically only where waiting can help; everything else waits for the Retry button. */
function shouldRetryOnError(error: Error): boolean {
  return error instanceof ApiError && error.isTransient;
}

interface SessionGateProps {
  session: Session;
  /** Shown instead of the app once the session is over. */
  endedPage: (reason: ApiError) => ReactNode;
  children: ReactNode;
}

/**
 * Gives the pages an SWR fetcher bound to the session (and the session itself, for writes), and replaces everything with the session-ended
 * page once the session is over (which unmounts every hook, so nothing keeps polling).
 */
export function SessionGate({ session, endedPage, children }: SessionGateProps) {
  const ended = useSyncExternalStore(session.subscribe, session.getEnded);
  const config = useMemo<SWRConfiguration>(
    () => ({ fetcher: createFetcher(session), shouldRetryOnError, errorRetryCount: 3 }),
    [session],
  );
  if (ended) return endedPage(ended);
  return (
    <ApiSessionContext.Provider value={session}>
      <SWRConfig value={config}>{children}</SWRConfig>
    </ApiSessionContext.Provider>
  );
}
