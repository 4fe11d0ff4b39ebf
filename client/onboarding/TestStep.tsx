import { Box, Button, Text } from '@bigcommerce/big-design';
import { useId, useRef, useState } from 'react';

import type { ConnectionTestResponse, ConnectionTestView } from '../../server/http/api-types';
import { asApiError, useApiSession, type ApiError } from '../api';
import { ConnectionTestPanel, type KeyNotice } from '../components/ConnectionTestPanel';
import { StickyActions } from '../components/StickyActions';
import { createAlternateKey, reactivateAlternateKey, testConnection } from '../hooks/onboarding';
import { blockingChecks, connectionWorks } from './steps';
import { Notice } from '../components/Notice';

interface TestStepProps {
  result: ConnectionTestView | null;
  /** Why the user may not create the alternate key, or null. */
  createKeyRefusal: string | null;
  onTested: (result: ConnectionTestResponse) => void;
  onBack: () => void;
  onNext: () => void;
}

/** Step 2: every check of the saved connection; Continue only once no check fails. */
export function TestStep({ result, createKeyRefusal, onTested, onBack, onNext }: TestStepProps) {
  const session = useApiSession();
  const [activity, setActivity] = useState<'test' | 'create-key' | 'reactivate-key' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [keyNotice, setKeyNotice] = useState<KeyNotice | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const blockedId = useId();
  const blocking = blockingChecks(result);
  const works = connectionWorks(result);

  const retest = async (kind: 'test' | 'create-key' | 'reactivate-key') => {
    setActivity(kind);
    setError(null);
    setKeyNotice(null);
    try {
      if (kind === 'create-key') await createAlternateKey(session);
      if (kind === 'reactivate-key') await reactivateAlternateKey(session);
      const next = await testConnection(session);
      onTested(next);
      if (kind !== 'test') {
        const key = next.checks.find((check) => check.id === 'alternate-key');
        setKeyNotice({
          type: 'success',
          header: key?.status === 'pass' ? 'Alternate key active' : 'Alternate key requested',
          messages: [
            key?.status === 'pass'
              ? 'IOM now keys orders by their BigCommerce order, so a retry can never create a duplicate.'
              : 'Dataverse builds the key in the background; test again in a few minutes to see it active.',
          ],
        });
      }
    } catch (caught) {
      setError(asApiError(caught));
    }
    setActivity(null);
  };

  return (
    <Box>
      <ConnectionTestPanel
        busy={activity !== null}
        createKeyRefusal={createKeyRefusal}
        creatingKey={activity === 'create-key'}
        hasSavedConnection
        keyNotice={keyNotice}
        onCreateAlternateKey={() => void retest('create-key')}
        onReactivateAlternateKey={() => void retest('reactivate-key')}
        reactivatingKey={activity === 'reactivate-key'}
        result={result}
        summaryRef={summaryRef}
        testing={activity === 'test'}
      />
      {error && (
        <Notice
          header="The connection could not be tested"
          marginTop="medium"
          messages={[{ text: error.message }]}
          type="error"
        />
      )}
      <StickyActions>
        <Button
          aria-describedby={works ? undefined : blockedId}
          disabled={!works || activity !== null}
          onClick={onNext}
          type="button"
        >
          Continue
        </Button>
        <Button
          disabled={activity !== null}
          isLoading={activity === 'test'}
          onClick={() => void retest('test')}
          type="button"
          variant="secondary"
        >
          Test again
        </Button>
        <Button disabled={activity !== null} onClick={onBack} type="button" variant="subtle">
          Change connection details
        </Button>
        {!works && (
          <Text color="secondary60" id={blockedId} margin="none">
            {blocking.length > 0
              ? `To go on, fix ${blocking.length === 1 ? 'the failed check' : 'the failed checks'} (${blocking.map((check) => check.label).join(', ')}) as its message above says, then test again.`
              : 'To go on, test the connection.'}
          </Text>
        )}
      </StickyActions>
    </Box>
  );
}
