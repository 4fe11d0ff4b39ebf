import { PageLayout } from '../components/PageLayout';
import { useNavigate } from '../components/Router';
import { OnboardingFlow } from '../onboarding/OnboardingFlow';

/** The first-run flow (also at /welcome): from connecting IOM to Start syncing; then the dashboard. */
export function OnboardingPage() {
  const navigate = useNavigate();
  return (
    <PageLayout>
      <OnboardingFlow onDone={() => navigate('/')} />
    </PageLayout>
  );
}
