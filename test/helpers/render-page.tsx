/**
 * Renders one page (or any component) of the client in jsdom with a real session: the SWR fetcher and
 * the writes go over HTTP to the app of a harness (real server, real simulators), as in the iframe.
 *
 *   const h = await startHarness(); const token = await ownerSession(h);
 *   setApiOrigin(h.appUrl);
 *   renderPage(<OrdersPage />, { token, path: '/orders' });
 *   await screen.findByRole('table', { name: /orders/i });
 */
import { configure, render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { SWRConfig } from 'swr';

import { SessionGate } from '../../client/components/SessionGate';
import { Router } from '../../client/components/Router';
import { SessionEndedPage } from '../../client/pages/SessionEndedPage';
import { Session } from '../../client/session';

// The pages read a real app over HTTP on a 2-core machine that runs other suites beside this one:
// findBy… and waitFor wait up to 5 s (Testing Library's default, 1 s, is made for mocked fetches).
configure({ asyncUtilTimeout: 5_000 });

/** Where relative API paths go (see test/helpers/jsdom-environment.js). */
export function setApiOrigin(origin: string): void {
  (globalThis as { __API_ORIGIN__?: string }).__API_ORIGIN__ = origin;
}

export interface RenderPageOptions {
  token: string;
  /** The in-app path the page is on (for useCurrentPath and links); default `/`. */
  path?: string;
  expiresAt?: string;
  /** Other pages reachable with useNavigate, e.g. `{ '/orders/:id': ({ id }) => <OrderPage id={id} /> }`. */
  routes?: Record<string, (params: Readonly<Record<string, string>>) => ReactNode>;
}

export interface RenderedPage extends RenderResult {
  session: Session;
}

export function renderPage(ui: ReactNode, options: RenderPageOptions): RenderedPage {
  const path = options.path ?? '/';
  const session = new Session({
    token: options.token,
    expiresAt: options.expiresAt ?? new Date(Date.now() + 3_600_000).toISOString(),
    path,
  });
  const extra = Object.entries(options.routes ?? {}).map(([pattern, render]) => ({ pattern, render }));
  const result = render(
    // A fresh SWR cache per render: nothing read in one test shows up in the next.
    <SWRConfig value={{ provider: () => new Map() }}>
      <SessionGate endedPage={(reason) => <SessionEndedPage reason={reason} />} session={session}>
        <Router
          initialPath={path}
          notFound={(p) => <p>No page at {p}</p>}
          routes={[{ pattern: path.split('?')[0] ?? '/', render: () => ui }, ...extra]}
        />
      </SessionGate>
    </SWRConfig>,
  );
  return Object.assign(result, { session });
}
