import { Text } from '@bigcommerce/big-design';

import { StatusPage } from '../components/StatusPage';

/** The page was opened without a valid session bootstrap (e.g. directly, not from the control panel). */
export function LaunchErrorPage({ problem }: { problem: string }) {
  return (
    <StatusPage
      heading="Open this app from your BigCommerce control panel"
      message="IOM Connector runs inside your BigCommerce control panel. Go to Apps › My Apps and open IOM Connector there."
      variant="unauthorized"
    >
      <Text color="secondary60" margin="none">
        Details: {problem}
      </Text>
    </StatusPage>
  );
}
