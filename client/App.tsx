import { SessionGate } from './components/SessionGate';
import { Router, type Route } from './components/Router';
import { ConnectionPage } from './pages/ConnectionPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OrderPage } from './pages/OrderPage';
import { OrdersPage } from './pages/OrdersPage';
import { AttentionPage } from './pages/AttentionPage';
import { BackfillPage } from './pages/BackfillPage';
import { HomePage } from './pages/HomePage';
import { MappingsPage } from './pages/MappingsPage';
import { OnboardingPage } from './pages/OnboardingPage';
import { SessionEndedPage } from './pages/SessionEndedPage';
import { SettingsPage } from './pages/SettingsPage';
import { UsersPage } from './pages/UsersPage';
import type { Session } from './session';

/** Every in-app page, one line each. */
const routes: readonly Route[] = [
  // The dashboard, or the onboarding flow while the store is not set up yet.
  { pattern: '/', render: () => <HomePage /> },
  { pattern: '/welcome', render: () => <OnboardingPage /> },
  { pattern: '/orders', render: () => <OrdersPage /> },
  { pattern: '/orders/:id', render: ({ id }) => <OrderPage id={id ?? ''} /> },
  { pattern: '/attention', render: () => <AttentionPage /> },
  { pattern: '/mappings', render: () => <MappingsPage /> },
  { pattern: '/backfill', render: () => <BackfillPage /> },
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
