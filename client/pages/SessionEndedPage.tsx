import { Text } from '@bigcommerce/big-design';

import type { ApiError } from '../api';
import { StatusPage } from '../components/StatusPage';

/** The session is over (the server said why); only the control panel can start a new one. */
export function SessionEndedPage({ reason }: { reason: ApiError }) {
  return (
    <StatusPage
      heading="Your session has ended"
      message="Reopen IOM Connector from Apps in your BigCommerce control panel."
      variant="unauthorized"
    >
      <Text color="secondary60" margin="none">
        Reason: {reason.message}
      </Text>
      {reason.requestId && (
        <Text color="secondary60" margin="none" marginTop="xxSmall">
          Request ID: {reason.requestId}
        </Text>
      )}
    </StatusPage>
  );
}
