import { IomConnectionPanel } from '../components/IomConnectionPanel';
import { PageLayout } from '../components/PageLayout';

/** The next step with IOM first (store details and scopes are not what a merchant needs to see here). */
export function OverviewPage() {
  return (
    <PageLayout>
      <IomConnectionPanel />
    </PageLayout>
  );
}
