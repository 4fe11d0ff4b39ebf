import { Box, Grid, GridItem } from '@bigcommerce/big-design';
import { useRef, useState } from 'react';

import type {
  ConnectionResponse,
  ConnectionTestResponse,
  ConnectionTestView,
  ConnectionView,
  SessionResponse,
} from '../../server/http/api-types';
import { manageRefusal } from '../access';
import { ApiError, asApiError, apiDelete, apiPost, useApi, useApiSession, useSessionDetails } from '../api';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { ConnectionForm } from '../components/ConnectionForm';
import { ConnectionTestPanel, type KeyNotice } from '../components/ConnectionTestPanel';
import { DisconnectModal } from '../components/DisconnectModal';
import { IomSchemaPanel } from '../components/IomSchemaPanel';
import { LoadingState } from '../components/LoadingState';
import { PageLayout } from '../components/PageLayout';
import { errorMessages, useConnectionForm } from '../components/useConnectionForm';
import { hasUnsavedChanges } from '../connection-form';

const CONNECTION_PATH = '/api/connection';

interface ConnectionWorkspaceProps {
  saved: ConnectionView | null;
  /** Puts the server's answer into the shared cache (the Overview reads it too). */
  onSaved: (connection: ConnectionView | null) => void;
  onTested: (result: ConnectionTestResponse) => void;
  /** The signed-in user's permissions (GET /api/session). */
  access: SessionResponse;
}

/** The form and the test results side by side, and everything the buttons do. */
function ConnectionWorkspace({ saved, onSaved, onTested, access }: ConnectionWorkspaceProps) {
  const session = useApiSession();
  const readOnlyReason = manageRefusal(
    access,
    saved ? 'change or disconnect the IOM connection' : 'connect IOM',
  );
  const form = useConnectionForm(saved);
  const { activity, setActivity } = form;
  const [testing, setTesting] = useState(false);
  const [keyNotice, setKeyNotice] = useState<KeyNotice | null>(null);
  const [confirmingDisconnect, setConfirmingDisconnect] = useState(false);
  const [disconnectError, setDisconnectError] = useState<ApiError | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  /**
   * Runs the checks on the saved connection, then ends the activity. `after` sees the result (null if
   * the test could not run) in the same render as the result itself.
   */
  const runTest = async (
    failureHeader: string,
    after?: (result: ConnectionTestView | null) => void,
  ): Promise<void> => {
    setTesting(true);
    const result = await form.test(failureHeader);
    if (result) onTested(result);
    after?.(result);
    setTesting(false);
    setActivity(null);
    // After the results render: bring the verdict into view and have it read out.
    if (result) requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const saveAndTest = async () => {
    setKeyNotice(null);
    const answer = await form.save();
    if (!answer) return;
    onSaved(answer.connection);
    form.reset(answer.connection);
    await runTest('The connection was saved, but the test could not run');
  };

  const test = async () => {
    setActivity('test');
    form.setFeedback(null);
    setKeyNotice(null);
    await runTest('The connection could not be tested');
  };

  const createAlternateKey = async () => {
    setActivity('create-key');
    setKeyNotice(null);
    try {
      await apiPost<{ status: string }>(session, '/api/connection/alternate-key');
    } catch (error) {
      const apiError = asApiError(error);
      setKeyNotice({
        type: 'error',
        header: 'The alternate key could not be created',
        messages: errorMessages(apiError).map((message) => message.text),
      });
      setActivity(null);
      return;
    }
    await runTest('The alternate key was requested, but the test could not run again', (result) => {
      const keyCheck = result?.checks.find((check) => check.id === 'alternate-key');
      setKeyNotice(
        keyCheck?.status === 'pass'
          ? {
              type: 'success',
              header: 'Alternate key created',
              messages: [
                'IOM now keys orders by their BigCommerce order, so a retry can never create a duplicate.',
              ],
            }
          : {
              type: 'success',
              header: 'Alternate key requested',
              messages: [
                'Dataverse builds the key in the background, which can take a few minutes on a large Order table. Test the connection again later to see it active.',
              ],
            },
      );
    });
  };

  const reactivateAlternateKey = async () => {
    setActivity('reactivate-key');
    setKeyNotice(null);
    try {
      await apiPost<{ status: string }>(session, '/api/connection/alternate-key/reactivate');
    } catch (error) {
      setKeyNotice({
        type: 'error',
        header: 'The alternate key could not be reactivated',
        messages: errorMessages(asApiError(error)).map((message) => message.text),
      });
      setActivity(null);
      return;
    }
    await runTest('The alternate key was reactivated, but the test could not run again', (result) => {
      const keyCheck = result?.checks.find((check) => check.id === 'alternate-key');
      setKeyNotice(
        keyCheck?.status === 'pass'
          ? {
              type: 'success',
              header: 'Alternate key reactivated',
              messages: [
                'Dataverse rebuilt the key, so IOM keys orders by their BigCommerce order again and a retry can never create a duplicate.',
              ],
            }
          : keyCheck?.action === 'reactivate-alternate-key'
            ? {
                type: 'error',
                header: 'The alternate key failed again',
                messages: [
                  'Dataverse could not build the key this time either. This usually means existing orders share an external order id: ask a Dataverse admin to find and fix them, then reactivate the key again.',
                ],
              }
            : {
                type: 'success',
                header: 'Alternate key reactivation requested',
                messages: [
                  'Dataverse rebuilds the key in the background, which can take a few minutes on a large Order table. Test the connection again later to see it active.',
                ],
              },
      );
    });
  };

  const disconnect = async () => {
    if (!saved) return;
    setActivity('disconnect');
    setDisconnectError(null);
    try {
      await apiDelete(session, CONNECTION_PATH);
    } catch (error) {
      setDisconnectError(asApiError(error));
      setActivity(null);
      return;
    }
    onSaved(null);
    form.reset(null);
    setKeyNotice(null);
    setConfirmingDisconnect(false);
    form.setFeedback({
      type: 'success',
      header: 'IOM disconnected',
      messages: [
        {
          text: `IOM Connector no longer sends orders to ${saved.environmentUrl}, and the client secret was deleted. Enter the details again to reconnect.`,
        },
      ],
    });
    setActivity(null);
  };

  return (
    <>
      <Grid
        gridColumns={{ mobile: 'minmax(0, 1fr)', desktop: 'minmax(0, 1fr) minmax(0, 1fr)' }}
        gridGap="1rem"
      >
        <GridItem>
          <ConnectionForm
            activity={activity}
            feedback={form.feedback}
            fieldErrors={form.fieldErrors}
            onChange={form.change}
            onDisconnect={() => {
              setDisconnectError(null);
              setConfirmingDisconnect(true);
            }}
            onSaveAndTest={() => void saveAndTest()}
            onTest={() => void test()}
            readOnlyReason={readOnlyReason}
            saved={saved}
            unsavedChanges={hasUnsavedChanges(form.values, saved)}
            values={form.values}
          />
        </GridItem>
        <GridItem>
          <ConnectionTestPanel
            busy={activity !== null}
            createKeyRefusal={manageRefusal(
              access,
              'create the alternate key (it changes IOM’s Order table)',
            )}
            hasSavedConnection={saved !== null}
            creatingKey={activity === 'create-key'}
            keyNotice={keyNotice}
            onCreateAlternateKey={() => void createAlternateKey()}
            onReactivateAlternateKey={() => void reactivateAlternateKey()}
            reactivatingKey={activity === 'reactivate-key'}
            result={saved?.lastTest ?? null}
            summaryRef={summaryRef}
            testing={testing}
          />
        </GridItem>
      </Grid>
      {saved !== null && (
        <Box marginTop="medium">
          <IomSchemaPanel profile={saved.fulfillmentProfile ?? null} />
        </Box>
      )}
      <DisconnectModal
        disconnecting={activity === 'disconnect'}
        environmentUrl={saved?.environmentUrl ?? ''}
        error={disconnectError}
        isOpen={confirmingDisconnect && saved !== null}
        onCancel={() => {
          if (activity !== 'disconnect') setConfirmingDisconnect(false);
        }}
        onConfirm={() => void disconnect()}
      />
    </>
  );
}

/** Connect the store to IOM, and see check by check whether the connection works. */
export function ConnectionPage() {
  const { data, error, isValidating, mutate } = useApi<ConnectionResponse>(CONNECTION_PATH);
  const details = useSessionDetails();
  const save = (connection: ConnectionView | null) => {
    void mutate({ connection }, { revalidate: false });
  };
  const recordTest = ({ fulfillmentProfile, ...result }: ConnectionTestResponse) => {
    void mutate(
      (current) =>
        current?.connection
          ? {
              connection: {
                ...current.connection,
                lastTest: result,
                // A test that stopped early discovered nothing: keep what the last one found.
                fulfillmentProfile: fulfillmentProfile ?? current.connection.fulfillmentProfile ?? null,
              },
            }
          : current,
      { revalidate: false },
    );
  };
  return (
    <PageLayout>
      {error && (
        <ApiErrorMessage
          error={error}
          header="The IOM connection could not be loaded"
          onRetry={() => void mutate()}
          retrying={isValidating}
        />
      )}
      {details.error && (
        <ApiErrorMessage
          error={details.error}
          header="Your permissions could not be loaded"
          onRetry={() => void details.mutate()}
          retrying={details.isValidating}
        />
      )}
      {data && details.data ? (
        <ConnectionWorkspace
          access={details.data}
          onSaved={save}
          onTested={recordTest}
          saved={data.connection}
        />
      ) : (
        !error && !details.error && <LoadingState label="Loading the IOM connection…" />
      )}
    </PageLayout>
  );
}
