import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { LoadingState } from '../components/LoadingState';
import { PageLayout } from '../components/PageLayout';
import { isSetUp, useOnboardingStatus } from '../hooks/onboarding';
import { DashboardPage } from './DashboardPage';
import { OnboardingPage } from './OnboardingPage';

/** The dashboard, or the onboarding flow while the store is not set up (IOM not connected, or syncing never started). */
export function HomePage() {
  const status = useOnboardingStatus();
  if (status.data) return isSetUp(status.data) ? <DashboardPage /> : <OnboardingPage />;
  return (
    <PageLayout>
      {status.error ? (
        <ApiErrorMessage
          error={status.error}
          header="IOM Connector could not load your store’s set-up"
          onRetry={() => void status.mutate()}
          retrying={status.isValidating}
        />
      ) : (
        <LoadingState label="Loading…" />
      )}
    </PageLayout>
  );
}
