import type { ApiError } from '../api';
import { Notice, type NoticeItem } from './Notice';

interface ApiErrorMessageProps {
  /** What could not be done, e.g. "Store details could not be loaded". */
  header: string;
  error: ApiError;
  onRetry: () => void;
  retrying: boolean;
}

/** An inline error with the server's message, its request id (for support) and a Retry button. */
export function ApiErrorMessage({ header, error, onRetry, retrying }: ApiErrorMessageProps) {
  const messages: NoticeItem[] = [{ text: error.message }];
  if (error.requestId) messages.push({ text: `Request ID: ${error.requestId}` });
  return (
    <Notice
      actions={[{ text: 'Retry', onClick: onRetry, isLoading: retrying }]}
      header={header}
      marginBottom="medium"
      messages={messages}
      type="error"
    />
  );
}
