import { OverviewPage } from './OverviewPage';

// Placeholder while the dashboard and the onboarding flow are being built (issue 9).
export function HomePage() {
  return <OverviewPage />;
}
