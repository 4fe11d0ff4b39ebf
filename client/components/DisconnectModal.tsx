import { Modal, Text } from '@bigcommerce/big-design';

import type { ApiError } from '../api';
import { DialogName } from './DialogName';
import { Notice } from './Notice';

interface DisconnectModalProps {
  isOpen: boolean;
  environmentUrl: string;
  disconnecting: boolean;
  error: ApiError | null;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before the saved connection (and its client secret) is deleted. */
export function DisconnectModal({
  isOpen,
  environmentUrl,
  disconnecting,
  error,
  onConfirm,
  onCancel,
}: DisconnectModalProps) {
  return (
    <Modal
      actions={[
        { text: 'Cancel', variant: 'subtle', onClick: onCancel, disabled: disconnecting },
        { text: 'Disconnect', actionType: 'destructive', onClick: onConfirm, isLoading: disconnecting },
      ]}
      closeOnEscKey={!disconnecting}
      header="Disconnect IOM?"
      isOpen={isOpen}
      onClose={onCancel}
      variant="dialog"
    >
      <DialogName name="Disconnect IOM?" />
      <Text>
        IOM Connector will stop sending orders to{' '}
        <Text as="span" bold style={{ overflowWrap: 'anywhere' }}>
          {environmentUrl}
        </Text>{' '}
        and will delete the saved client secret. Orders already in IOM stay there.
      </Text>
      <Text margin="none">You can connect again at any time.</Text>
      {error && (
        <Notice
          inline
          header="IOM could not be disconnected"
          marginTop="medium"
          messages={[
            { text: error.message },
            ...(error.requestId ? [{ text: `Request ID: ${error.requestId}` }] : []),
          ]}
          type="error"
        />
      )}
    </Modal>
  );
}
