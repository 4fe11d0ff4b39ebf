import { OverviewPage } from './OverviewPage';

// Placeholder while the dashboard is being built (issue 9); replaced by the page itself.
export function DashboardPage() {
  return <OverviewPage />;
}
