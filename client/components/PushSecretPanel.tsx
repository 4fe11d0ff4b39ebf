import { Button, Flex, Modal, Panel, Text } from '@bigcommerce/big-design';
import { useState } from 'react';

import type { SessionResponse } from '../../server/http/api-types';
import { manageRefusal } from '../access';
import { asApiError, useApiSession, type ApiError } from '../api';
import { rotatePushSecret, usePushSecret } from '../hooks/relay';
import { ApiErrorMessage } from './ApiErrorMessage';
import { DetailList } from './DetailList';
import { LoadingState } from './LoadingState';
import { DialogName } from './DialogName';
import { Notice } from './Notice';

/** The secret IOM signs its pushes (POST /iom/events) with: show, copy, rotate. Owner and admins only. */
export function PushSecretPanel({ access }: { access: SessionResponse }) {
  const session = useApiSession();
  const refusal = manageRefusal(access, 'see or rotate the IOM push secret');
  const secret = usePushSecret(refusal === null);
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [rotateError, setRotateError] = useState<ApiError | null>(null);
  const [rotated, setRotated] = useState(false);

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setShown(true);
      setCopied(false);
    }
  };

  const rotate = async () => {
    setRotating(true);
    setRotateError(null);
    try {
      const next = await rotatePushSecret(session);
      await secret.mutate(next, { revalidate: false });
      setConfirming(false);
      setRotated(true);
      setCopied(false);
    } catch (error) {
      setRotateError(asApiError(error));
    }
    setRotating(false);
  };

  let body;
  if (refusal !== null) {
    body = (
      <Notice
        header="Only the owner or an app admin sees the push secret"
        messages={[{ text: refusal }]}
        type="info"
      />
    );
  } else if (secret.data) {
    const value = secret.data.secret;
    body = (
      <>
        {rotated && (
          <Notice
            role="alert"
            header="New secret created"
            marginBottom="medium"
            messages={[{ text: 'The old secret no longer works: paste the new one into your IOM flow now.' }]}
            type="success"
          />
        )}
        <DetailList
          details={[
            { term: 'Endpoint', value: secret.data.url },
            { term: 'Header', value: secret.data.header },
            { term: 'Signature', value: secret.data.format },
            { term: 'Secret', value: shown ? value : '•'.repeat(24) },
          ]}
        />
        <Flex flexGap="0.5rem" marginTop="medium">
          <Button onClick={() => setShown((s) => !s)} variant="secondary">
            {shown ? 'Hide secret' : 'Show secret'}
          </Button>
          <Button onClick={() => void copy(value)} variant="secondary">
            {copied ? 'Copied' : 'Copy secret'}
          </Button>
          <Button actionType="destructive" onClick={() => setConfirming(true)} variant="subtle">
            Rotate secret
          </Button>
        </Flex>
        <Modal
          actions={[
            { text: 'Cancel', variant: 'subtle', onClick: () => setConfirming(false), disabled: rotating },
            { text: 'Rotate', actionType: 'destructive', onClick: () => void rotate(), isLoading: rotating },
          ]}
          closeOnEscKey={!rotating}
          header="Rotate the push secret?"
          isOpen={confirming}
          onClose={() => setConfirming(false)}
          variant="dialog"
        >
          <DialogName name="Rotate the push secret?" />
          <Text>
            The current secret stops working at once: IOM’s pushes are refused until the new secret is in your
            flow. Changes still arrive through the regular check of IOM, only later.
          </Text>
          {rotateError && (
            <Notice
              inline
              header="The secret was not rotated"
              marginTop="medium"
              messages={[
                { text: rotateError.message },
                ...(rotateError.requestId ? [{ text: `Request ID: ${rotateError.requestId}` }] : []),
              ]}
              type="error"
            />
          )}
        </Modal>
      </>
    );
  } else if (secret.error) {
    body = (
      <ApiErrorMessage
        error={secret.error}
        header="The push secret could not be loaded"
        onRetry={() => void secret.mutate()}
        retrying={secret.isValidating}
      />
    );
  } else {
    body = <LoadingState label="Loading the push secret…" />;
  }

  return (
    <Panel
      description="Optional: IOM (a provider action or a Power Automate flow) can tell IOM Connector at once that an order changed, signing each push with this secret."
      header="Push from IOM"
      marginTop="large"
    >
      {body}
    </Panel>
  );
}
