import { Box, Button, Modal, Panel, Text } from '@bigcommerce/big-design';
import { useId, useState } from 'react';

import type { SessionResponse } from '../../../server/http/api-types';
import { manageRefusal } from '../../access';
import { asApiError, useApiSession, type ApiError } from '../../api';
import { disconnectIom, purgeStore } from '../../hooks/settings';
import { DisconnectModal } from '../DisconnectModal';
import { TextField } from '../TextField';
import { DialogName } from '../DialogName';
import { Notice } from '../Notice';

/** What "disconnect and purge" deletes, named in the panel and in the confirmation. */
const PURGED = [
  'the IOM connection and its client secret',
  'SKU, carrier and status mappings',
  'every order’s link to IOM and its timeline',
  'queued and scheduled jobs',
  'all settings on this page',
];

interface PurgePanelProps {
  access: SessionResponse;
  /** The saved connection's environment, or null when IOM is not connected. */
  environmentUrl: string | null;
  /** After a disconnect or a purge: the page reloads what changed. */
  onDone: (what: 'disconnected' | 'purged') => void;
}

/** Disconnect IOM (data kept) or disconnect and purge (data deleted; the store stays installed). */
export function PurgePanel({ access, environmentUrl, onDone }: PurgePanelProps) {
  const session = useApiSession();
  const headerId = useId();
  const storeName = access.store.hash;
  const refusal = manageRefusal(access, 'disconnect IOM or purge the store’s data');
  const [dialog, setDialog] = useState<'disconnect' | 'purge' | null>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [typedError, setTypedError] = useState<string | null>(null);
  const matches = typed.trim() === 'PURGE' || typed.trim().toLowerCase() === storeName.toLowerCase();

  const close = () => {
    if (busy) return;
    setDialog(null);
    setTyped('');
    setError(null);
    setTypedError(null);
  };

  const run = async (what: 'disconnect' | 'purge') => {
    setBusy(true);
    setError(null);
    try {
      if (what === 'purge') await purgeStore(session, typed.trim());
      else await disconnectIom(session);
      setBusy(false);
      setDialog(null);
      setTyped('');
      onDone(what === 'purge' ? 'purged' : 'disconnected');
      return;
    } catch (caught) {
      const apiError = asApiError(caught);
      const field = apiError.fields.find((f) => f.field === 'confirm');
      if (field) setTypedError(`The confirmation ${field.message}`);
      else setError(apiError);
    }
    setBusy(false);
  };

  return (
    <Panel
      aria-labelledby={headerId}
      description="Stop sending orders to IOM. Disconnecting keeps the orders, mappings and settings; purging deletes them."
      header="Disconnect and purge"
      headerId={headerId}
      margin="none"
      role="region"
    >
      {refusal && <Notice marginBottom="medium" messages={[{ text: refusal }]} type="info" />}
      <Box style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }}>
        <Button
          disabled={refusal !== null || environmentUrl === null}
          onClick={() => setDialog('disconnect')}
          type="button"
          variant="secondary"
        >
          Disconnect IOM
        </Button>
        <Button
          actionType="destructive"
          disabled={refusal !== null}
          onClick={() => setDialog('purge')}
          type="button"
        >
          Disconnect and purge…
        </Button>
      </Box>
      <DisconnectModal
        disconnecting={busy}
        environmentUrl={environmentUrl ?? ''}
        error={error}
        isOpen={dialog === 'disconnect'}
        onCancel={close}
        onConfirm={() => void run('disconnect')}
      />
      <Modal
        actions={[
          { text: 'Cancel', variant: 'subtle', onClick: close, disabled: busy },
          {
            text: 'Purge',
            actionType: 'destructive',
            onClick: () => void run('purge'),
            isLoading: busy,
            disabled: !matches,
          },
        ]}
        closeOnEscKey={!busy}
        header={`Disconnect and purge ${storeName}?`}
        isOpen={dialog === 'purge'}
        onClose={close}
        variant="dialog"
      >
        <DialogName name={`Disconnect and purge ${storeName}?`} />
        <Text>This deletes, for good:</Text>
        <ul style={{ margin: '0 0 1rem', paddingLeft: '1.25rem' }}>
          {PURGED.map((item) => (
            <li key={item}>
              <Text as="span">{item}</Text>
            </li>
          ))}
        </ul>
        <Text>
          Orders already in IOM stay there. The app stays installed and starts again at connecting IOM.
        </Text>
        <TextField
          autoComplete="off"
          error={typedError ?? undefined}
          label={`Type ${storeName} or PURGE to confirm`}
          name="purgeConfirmation"
          onChange={(event) => {
            setTyped(event.target.value);
            setTypedError(null);
          }}
          value={typed}
        />
        {error && (
          <Notice
            inline
            header="Nothing was purged"
            marginTop="medium"
            messages={[
              { text: error.message },
              ...(error.requestId ? [{ text: `Request ID: ${error.requestId}` }] : []),
            ]}
            type="error"
          />
        )}
      </Modal>
    </Panel>
  );
}
