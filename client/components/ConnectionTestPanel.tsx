import { Badge, Box, Button, Flex, Panel, Text, type BadgeProps } from '@bigcommerce/big-design';
import {
  CheckCircleIcon,
  ErrorIcon,
  RemoveCircleOutlineIcon,
  WarningIcon,
} from '@bigcommerce/big-design-icons';
import { useId, type ReactNode, type Ref } from 'react';

import type {
  ConnectionCheckStatus,
  ConnectionCheckView,
  ConnectionTestView,
} from '../../server/http/api-types';
import { CHECK_STATUS_LABELS, summarizeTest } from '../connection-form';
import { RelativeTime } from './DateTime';
import { LoadingState } from './LoadingState';
import { Notice } from './Notice';

/** The outcome of "Create the alternate key" or "Reactivate the alternate key", shown under that check. */
export interface KeyNotice {
  type: 'success' | 'error';
  header: string;
  messages: string[];
}

interface ConnectionTestPanelProps {
  /** The newest result, or null if the saved connection (if any) has not been tested. */
  result: ConnectionTestView | null;
  hasSavedConnection: boolean;
  testing: boolean;
  creatingKey: boolean;
  reactivatingKey: boolean;
  busy: boolean;
  keyNotice: KeyNotice | null;
  onCreateAlternateKey: () => void;
  /** Why the user may not create or reactivate the alternate key (it changes IOM's schema), or null if they may. */
  createKeyRefusal: string | null;
  /** Has Dataverse build a Failed alternate-key index again (ReactivateEntityKey). */
  onReactivateAlternateKey: () => void;
  /** Receives focus after a test, so the outcome is in view and read out. */
  summaryRef: Ref<HTMLDivElement>;
}

/** The alternate-key actions a check can offer, with their button labels. */
const KEY_ACTIONS = {
  'create-alternate-key': 'Create the alternate key',
  'reactivate-alternate-key': 'Reactivate the alternate key',
} as const;

const STATUS_BADGES: Record<ConnectionCheckStatus, BadgeProps['variant']> = {
  pass: 'success',
  fail: 'danger',
  warn: 'warning',
  skip: 'secondary',
};

function StatusIcon({ status }: { status: ConnectionCheckStatus }) {
  switch (status) {
    case 'pass':
      return <CheckCircleIcon color="success" />;
    case 'fail':
      return <ErrorIcon color="danger" />;
    case 'warn':
      return <WarningIcon color="warning50" />;
    case 'skip':
      return <RemoveCircleOutlineIcon color="secondary50" />;
  }
}

interface CheckItemProps {
  check: ConnectionCheckView;
  last: boolean;
  children?: ReactNode;
}

function CheckItem({ check, last, children }: CheckItemProps) {
  return (
    <Flex
      as="li"
      borderBottom={last ? 'none' : 'box'}
      flexDirection="row"
      flexGap="0.75rem"
      paddingVertical="medium"
    >
      <Box aria-hidden="true" style={{ flexShrink: 0, lineHeight: 0 }}>
        <StatusIcon status={check.status} />
      </Box>
      <Box style={{ flex: '1 1 auto', minWidth: 0 }}>
        <Flex
          alignItems={{ mobile: 'flex-start', tablet: 'center' }}
          flexDirection={{ mobile: 'column', tablet: 'row' }}
          flexGap="0.25rem 0.75rem"
          justifyContent="space-between"
        >
          <Text as="span" bold margin="none" style={{ flex: '1 1 auto', minWidth: 0 }}>
            {check.label}
          </Text>
          <Badge
            label={CHECK_STATUS_LABELS[check.status]}
            style={{ flexShrink: 0 }}
            variant={STATUS_BADGES[check.status]}
          />
        </Flex>
        <Text
          // secondary60 on white is 7:1; secondary50 (3:1) failed WCAG AA for skipped checks.
          color="secondary60"
          margin="none"
          marginTop="xxSmall"
          style={{ overflowWrap: 'anywhere' }}
        >
          {check.message}
        </Text>
        {children}
      </Box>
    </Flex>
  );
}

/** What the last test found, check by check, with a one-line verdict on top. */
export function ConnectionTestPanel({
  result,
  hasSavedConnection,
  testing,
  creatingKey,
  reactivatingKey,
  busy,
  keyNotice,
  onCreateAlternateKey,
  createKeyRefusal,
  onReactivateAlternateKey,
  summaryRef,
}: ConnectionTestPanelProps) {
  const headerId = useId();
  const keyRefusalId = useId();
  let body: ReactNode;
  if (testing) {
    body = <LoadingState label="Testing the connection…" />;
  } else if (!result) {
    body = (
      <Text margin="none">
        {hasSavedConnection
          ? 'The saved connection has not been tested since it last changed. Use Test connection to run the checks.'
          : 'Not tested yet. Save and test runs the checks, from signing in to Microsoft Entra ID to the alternate key on orders (and the intake URL in intake-provider mode), and shows here what each one found and how to fix it.'}
      </Text>
    );
  } else {
    const summary = summarizeTest(result);
    body = (
      <>
        <Box ref={summaryRef} style={{ outline: 'none' }} tabIndex={-1}>
          <Notice
            role="alert"
            header={summary.header}
            marginBottom="small"
            messages={[{ text: summary.text }]}
            type={summary.type}
          />
        </Box>
        <Text color="secondary60" margin="none">
          Tested <RelativeTime iso={result.testedAt} />
        </Text>
        <Box
          aria-label="Connection checks"
          as="ol"
          margin="none"
          padding="none"
          role="list"
          style={{ listStyle: 'none' }}
        >
          {result.checks.map((check, index) => (
            <CheckItem check={check} key={check.id} last={index === result.checks.length - 1}>
              {check.action !== undefined && check.action in KEY_ACTIONS && (
                <Button
                  aria-describedby={createKeyRefusal ? keyRefusalId : undefined}
                  disabled={busy || createKeyRefusal !== null}
                  isLoading={check.action === 'create-alternate-key' ? creatingKey : reactivatingKey}
                  marginTop="small"
                  mobileWidth="auto"
                  onClick={
                    check.action === 'create-alternate-key' ? onCreateAlternateKey : onReactivateAlternateKey
                  }
                  type="button"
                  variant="secondary"
                >
                  {KEY_ACTIONS[check.action as keyof typeof KEY_ACTIONS]}
                </Button>
              )}
              {check.action !== undefined && check.id === 'alternate-key' && createKeyRefusal && (
                <Text color="secondary60" id={keyRefusalId} margin="none" marginTop="xSmall">
                  {createKeyRefusal}
                </Text>
              )}
              {check.id === 'alternate-key' && keyNotice && (
                <Notice
                  role="alert"
                  inline
                  header={keyNotice.header}
                  marginTop="small"
                  messages={keyNotice.messages.map((text) => ({ text }))}
                  type={keyNotice.type}
                />
              )}
            </CheckItem>
          ))}
        </Box>
      </>
    );
  }

  return (
    <Panel
      aria-labelledby={headerId}
      header="Connection test"
      headerId={headerId}
      margin="none"
      role="region"
    >
      {body}
    </Panel>
  );
}
