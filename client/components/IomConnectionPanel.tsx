import { Box, Button, Panel, Text, type BadgeProps } from '@bigcommerce/big-design';
import { useId, type ReactNode } from 'react';

import type { ConnectionResponse, ConnectionView } from '../../server/http/api-types';
import { manageRefusal } from '../access';
import { useApi, useSessionDetails } from '../api';
import { ApiErrorMessage } from './ApiErrorMessage';
import { RelativeTime } from './DateTime';
import { LoadingState } from './LoadingState';
import { useNavigate } from './Router';

const CONNECTION_PAGE = '/connection';

interface PanelContent {
  header: string;
  badge?: BadgeProps;
  body: ReactNode;
  button?: { text: string; variant: 'primary' | 'secondary' };
}

function Url({ children }: { children: string }) {
  return (
    <Text as="span" bold style={{ overflowWrap: 'anywhere' }}>
      {children}
    </Text>
  );
}

function notConnected(): PanelContent {
  return {
    header: 'Next step: connect IOM',
    badge: { label: 'Not connected', variant: 'warning' },
    body: (
      <>
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
      </>
    ),
    button: { text: 'Connect IOM', variant: 'primary' },
  };
}

function savedButNotWorking(connection: ConnectionView): PanelContent {
  const { lastTest } = connection;
  return {
    header: 'Next step: connect IOM',
    badge: lastTest
      ? { label: 'Test failed', variant: 'danger' }
      : { label: 'Not tested', variant: 'warning' },
    body: (
      <Text margin="none">
        A connection to <Url>{connection.environmentUrl}</Url> is saved,{' '}
        {lastTest ? (
          <>
            but its last test (<RelativeTime iso={lastTest.testedAt} />) found problems. Open it to see which
            checks failed and how to fix them.
          </>
        ) : (
          'but it has not been tested since it last changed. Open it and run the test.'
        )}{' '}
        No orders are relayed until every check passes.
      </Text>
    ),
    button: { text: 'Finish connecting', variant: 'primary' },
  };
}

function connected(connection: ConnectionView, testedAt: string, warnings: number): PanelContent {
  return {
    header: 'IOM connection',
    badge: { label: 'Connected', variant: 'success' },
    body: (
      <Text margin="none">
        Connected to <Url>{connection.environmentUrl}</Url>. Last tested <RelativeTime iso={testedAt} />:{' '}
        {warnings === 0
          ? 'every check passed.'
          : `no check failed, ${warnings === 1 ? 'one warning' : `${warnings} warnings`} to review.`}
      </Text>
    ),
    button: { text: 'Manage connection', variant: 'secondary' },
  };
}

/** The Overview's word on IOM: what to do next while it is not connected, and where it is once it is. */
export function IomConnectionPanel() {
  const headerId = useId();
  const navigate = useNavigate();
  const { data, error, isValidating, mutate } = useApi<ConnectionResponse>('/api/connection');
  const details = useSessionDetails();

  let content: PanelContent;
  if (data) {
    const connection = data.connection;
    const lastTest = connection?.lastTest;
    if (!connection) content = notConnected();
    else if (lastTest?.ok) {
      const warnings = lastTest.checks.filter((check) => check.status === 'warn').length;
      content = connected(connection, lastTest.testedAt, warnings);
    } else content = savedButNotWorking(connection);
    // A user who may not connect IOM is told whom to ask instead of being sent to do it.
    const refusal = details.data ? manageRefusal(details.data, 'connect IOM') : null;
    if (refusal && content.button?.variant === 'primary') {
      content = {
        ...content,
        body: (
          <>
            {content.body}
            <Text margin="none" marginTop="medium">
              {refusal}
            </Text>
          </>
        ),
        button: { text: 'View the connection', variant: 'secondary' },
      };
    }
  } else {
    content = {
      header: 'IOM connection',
      body: error ? (
        <ApiErrorMessage
          error={error}
          header="The IOM connection could not be loaded"
          onRetry={() => void mutate()}
          retrying={isValidating}
        />
      ) : (
        <LoadingState label="Checking the IOM connection…" />
      ),
    };
  }

  return (
    <Panel
      aria-labelledby={headerId}
      badge={content.badge}
      header={content.header}
      headerId={headerId}
      margin="none"
      role="region"
    >
      {content.body}
      {content.button && (
        <Button marginTop="large" onClick={() => navigate(CONNECTION_PAGE)} variant={content.button.variant}>
          {content.button.text}
        </Button>
      )}
    </Panel>
  );
}
