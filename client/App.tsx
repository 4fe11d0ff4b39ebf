import { SessionGate } from './components/SessionGate';
import { Router, type Route } from './components/Router';
import { ConnectionPage } from './pages/ConnectionPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OrderPage } from './pages/OrderPage';
import { OrdersPage } from './pages/OrdersPage';
import { OverviewPage } from './pages/OverviewPage';
import { SessionEndedPage } from './pages/SessionEndedPage';
import { SettingsPage } from './pages/SettingsPage';
import { UsersPage } from './pages/UsersPage';
import type { Session } from './session';

/** Every in-app page, one line each. */
const routes: readonly Route[] = [
  { pattern: '/', render: () => <OverviewPage /> },
  { pattern: '/orders', render: () => <OrdersPage /> },
  { pattern: '/orders/:id', render: ({ id }) => <OrderPage id={id ?? ''} /> },
  { pattern: '/settings', render: () => <SettingsPage /> },
  { pattern: '/connection', render: () => <ConnectionPage /> },
  { pattern: '/users', render: () => <UsersPage /> },
];

export function App({ session, initialPath }: { session: Session; initialPath: string }) {
  return (
    <SessionGate endedPage={(reason) => <SessionEndedPage reason={reason} />} session={session}>
      <Router initialPath={initialPath} notFound={(path) => <NotFoundPage path={path} />} routes={routes} />
    </SessionGate>
  );
}
