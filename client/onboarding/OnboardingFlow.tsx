import { Box, Stepper } from '@bigcommerce/big-design';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useSWRConfig } from 'swr';
import styled from 'styled-components';
import { theme } from '@bigcommerce/big-design-theme';

import type {
  ConnectionResponse,
  ConnectionTestResponse,
  ConnectionView,
  SessionResponse,
  SettingsResponse,
} from '../../server/http/api-types';
import { manageRefusal } from '../access';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { LoadingState } from '../components/LoadingState';
import { ONBOARDING_STATUS_PATH } from '../hooks/onboarding';
import { useConnection, useSettings } from '../hooks/relay';
import { useSessionDetails } from '../api';
import { ConnectStep } from './ConnectStep';
import { DefaultsStep } from './DefaultsStep';
import { FilterStep } from './FilterStep';
import { PreviewStep } from './PreviewStep';
import { TestStep } from './TestStep';
import { ONBOARDING_STEPS, firstOpenStep, type OnboardingStepId } from './steps';

interface OnboardingFlowProps {
  /** Syncing has started: show the dashboard. */
  onDone: () => void;
}

interface FlowProps extends OnboardingFlowProps {
  connection: ConnectionView | null;
  settings: SettingsResponse;
  access: SessionResponse;
}

/** The steps, one on screen at a time, with the progress above them. */
function Flow({ connection, settings, access, onDone }: FlowProps) {
  const { mutate } = useSWRConfig();
  const [step, setStep] = useState<OnboardingStepId>(() => firstOpenStep(connection, settings.settings));
  const index = ONBOARDING_STEPS.findIndex((candidate) => candidate.id === step);
  // The pressed button leaves with its step: the focus goes to the step that replaced it, not the body.
  const stepRef = useRef<HTMLDivElement>(null);
  const shownStep = useRef(step);
  useEffect(() => {
    if (shownStep.current === step) return;
    shownStep.current = step;
    const active = document.activeElement;
    if (!active || active === document.body) stepRef.current?.focus({ preventScroll: true });
  }, [step]);
  const go = (next: OnboardingStepId) => {
    setStep(next);
    window.scrollTo?.({ top: 0 });
  };
  const putConnection = (next: ConnectionView | null) =>
    void mutate('/api/connection', { connection: next }, { revalidate: false });
  const putSettings = (next: SettingsResponse) => void mutate('/api/settings', next, { revalidate: false });
  // The result goes into the cached connection (the one just saved, not this render's copy).
  const recordTest = ({ fulfillmentProfile, ...result }: ConnectionTestResponse) =>
    void mutate<ConnectionResponse>(
      '/api/connection',
      (current) =>
        current?.connection
          ? {
              connection: {
                ...current.connection,
                lastTest: result,
                fulfillmentProfile: fulfillmentProfile ?? current.connection.fulfillmentProfile ?? null,
              },
            }
          : current,
      { revalidate: false },
    );

  let body: ReactNode;
  switch (step) {
    case 'connect':
      body = (
        <ConnectStep
          onSaved={putConnection}
          onTested={(result) => {
            recordTest(result);
            go('test');
          }}
          readOnlyReason={manageRefusal(access, 'connect IOM')}
          saved={connection}
        />
      );
      break;
    case 'test':
      body = (
        <TestStep
          createKeyRefusal={manageRefusal(access, 'create the alternate key (it changes IOM’s Order table)')}
          onBack={() => go('connect')}
          onNext={() => go('defaults')}
          onTested={recordTest}
          result={connection?.lastTest ?? null}
        />
      );
      break;
    case 'defaults':
      body = (
        <DefaultsStep
          onBack={() => go('test')}
          onSaved={(next) => {
            putSettings(next);
            go('filter');
          }}
          settings={settings.settings}
        />
      );
      break;
    case 'filter':
      body = (
        <FilterStep
          onBack={() => go('defaults')}
          onSaved={(next) => {
            putSettings(next);
            go('preview');
          }}
          saved={settings}
        />
      );
      break;
    case 'preview':
      body = (
        <PreviewStep
          onBack={() => go('filter')}
          onStarted={(next) => {
            putSettings(next);
            void mutate(ONBOARDING_STATUS_PATH);
            onDone();
          }}
        />
      );
      break;
  }

  return (
    <>
      <Progress>
        <Stepper
          aria-label="Set-up progress"
          currentStep={index}
          steps={ONBOARDING_STEPS.map((candidate) => candidate.label)}
        />
        <span aria-live="polite" style={VISUALLY_HIDDEN}>
          {`Step ${index + 1} of ${ONBOARDING_STEPS.length}: ${ONBOARDING_STEPS[index]?.label ?? ''}`}
        </span>
      </Progress>
      <div ref={stepRef} style={{ outline: 'none' }} tabIndex={-1}>
        {body}
      </div>
    </>
  );
}

/** BigDesign draws the steps still to come in secondary50 (3:1 on white); secondary60 reads at 7:1. */
const Progress = styled(Box)`
  & [color='secondary50'] {
    color: ${theme.colors.secondary60};
  }
`;

const VISUALLY_HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

/** Install to first order in IOM: connect, test, defaults, import filter, preview and Start syncing. */
export function OnboardingFlow({ onDone }: OnboardingFlowProps) {
  const connection = useConnection();
  const settings = useSettings();
  const details = useSessionDetails();
  const error = connection.error ?? settings.error ?? details.error;
  if (error) {
    return (
      <ApiErrorMessage
        error={error}
        header="The set-up could not be loaded"
        onRetry={() => {
          void connection.mutate();
          void settings.mutate();
          void details.mutate();
        }}
        retrying={connection.isValidating || settings.isValidating || details.isValidating}
      />
    );
  }
  if (!connection.data || !settings.data || !details.data)
    return <LoadingState label="Loading the set-up…" />;
  return (
    <Flow
      access={details.data}
      connection={connection.data.connection}
      onDone={onDone}
      settings={settings.data}
    />
  );
}
