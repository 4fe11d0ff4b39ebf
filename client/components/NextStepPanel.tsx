import { Box, Panel, Text } from '@bigcommerce/big-design';
import { useId } from 'react';

/** Says plainly that IOM is not connected yet and what connecting it will take; no action exists yet. */
export function NextStepPanel() {
  const headerId = useId();
  return (
    <Panel
      aria-labelledby={headerId}
      badge={{ label: 'Not connected', variant: 'warning' }}
      header="Next step: connect IOM"
      headerId={headerId}
      margin="none"
      role="region"
    >
      <Text>
        IOM Connector is installed but not yet connected to Dynamics 365 Intelligent Order Management, so no
        orders are relayed. Connecting IOM is the next step of onboarding. For it you will need:
      </Text>
      <Box as="ul" margin="none" paddingLeft="large">
        <li>
          <Text margin="none">the URL of the Dataverse environment where IOM runs;</Text>
        </li>
        <li>
          <Text margin="none">
            a Microsoft Entra app registration with access to it: tenant ID, client ID and client secret.
          </Text>
        </li>
      </Box>
    </Panel>
  );
}
