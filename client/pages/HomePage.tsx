import { DashboardPage } from './DashboardPage';

// Placeholder while the onboarding flow is being built (issue 9): the dashboard, or onboarding while the
// store is not set up yet.
export function HomePage() {
  return <DashboardPage />;
}
