import { Box, Button, Flex, Form, Panel, Text } from '@bigcommerce/big-design';
import { useId, useState, type FormEvent } from 'react';

import { manageRefusal } from '../access';
import { asApiError, useApiSession, useSessionDetails, type ApiError } from '../api';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { BackfillProgress } from '../components/backfill/BackfillProgress';
import { LoadingState } from '../components/LoadingState';
import { PageLayout } from '../components/PageLayout';
import { TextField } from '../components/TextField';
import { cancelBackfill, startBackfill, useBackfill } from '../hooks/backfill';
import { Notice } from '../components/Notice';

function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A local calendar day as the ISO instant of its start, or of its last millisecond. */
function dayBound(day: string, end: boolean): string {
  return new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}`).toISOString();
}

/**
 * Backfill: send the orders created in a date range that IOM does not have yet (placed before the app
 * was installed, or while syncing was off), with its progress and a cancel that asks first.
 */
export function BackfillPage() {
  const formId = useId();
  const progressId = useId();
  const session = useApiSession();
  const details = useSessionDetails();
  const backfill = useBackfill();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState(() => localDay(new Date()));
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<ApiError | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<ApiError | null>(null);
  const [touched, setTouched] = useState(false);

  const refusal = details.data ? manageRefusal(details.data, 'start or cancel a backfill') : null;
  const running = backfill.data?.status === 'running';
  const fieldError = (field: string) => startError?.fields.find((f) => f.field === field)?.message;
  const fromError =
    (touched && !from ? 'is required: the first day of orders to send' : '') ||
    (from && to && from > to ? 'must not be after “To”' : '') ||
    fieldError('from');

  const start = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched(true);
    if (!from || (to && from > to)) return;
    setStarting(true);
    setStartError(null);
    try {
      const started = await startBackfill(session, {
        from: dayBound(from, false),
        ...(to ? { to: dayBound(to, true) } : {}),
      });
      await backfill.mutate(started, { revalidate: true });
    } catch (error) {
      setStartError(asApiError(error));
    }
    setStarting(false);
  };

  const cancel = async () => {
    setCancelling(true);
    setCancelError(null);
    try {
      const cancelled = await cancelBackfill(session);
      await backfill.mutate(cancelled, { revalidate: true });
    } catch (error) {
      setCancelError(asApiError(error));
    }
    setCancelling(false);
  };

  let progress;
  if (backfill.data) {
    progress = (
      <BackfillProgress
        backfill={backfill.data}
        cancelError={cancelError}
        cancelling={cancelling}
        onCancel={cancel}
        refusal={refusal}
      />
    );
  } else if (backfill.error) {
    progress = (
      <ApiErrorMessage
        error={backfill.error}
        header="The backfill's progress could not be loaded"
        onRetry={() => void backfill.mutate()}
        retrying={backfill.isValidating}
      />
    );
  } else if (backfill.data === null) {
    progress = (
      <Text color="secondary60" margin="none">
        No backfill has run yet. Start one above to send older orders to IOM.
      </Text>
    );
  } else {
    progress = <LoadingState label="Loading the backfill…" />;
  }

  return (
    <PageLayout>
      <Panel
        aria-labelledby={formId}
        description="Send the orders created in a date range that IOM does not have yet: orders placed before IOM Connector was installed, or while syncing was off. Orders IOM already has are not sent again; the import filter in Settings still applies."
        header="Backfill"
        headerId={formId}
        margin="none"
        role="region"
      >
        <Form aria-label="Backfill date range" fullWidth noValidate onSubmit={(e) => void start(e)}>
          <Flex alignItems="flex-end" flexDirection="row" flexGap="0.75rem" flexWrap="wrap">
            <Box style={{ flex: '0 1 12rem' }}>
              <TextField
                disabled={running}
                error={fromError || undefined}
                label="From"
                max={to || undefined}
                name="from"
                onChange={(event) => setFrom(event.target.value)}
                required
                type="date"
                value={from}
              />
            </Box>
            <Box style={{ flex: '0 1 12rem' }}>
              <TextField
                disabled={running}
                error={fieldError('to')}
                label="To"
                min={from || undefined}
                name="to"
                onChange={(event) => setTo(event.target.value)}
                type="date"
                value={to}
              />
            </Box>
            <Box marginBottom="large">
              <Button
                disabled={refusal !== null || running || starting}
                isLoading={starting}
                mobileWidth="auto"
                type="submit"
              >
                Start backfill
              </Button>
            </Box>
          </Flex>
        </Form>
        {refusal && (
          <Text color="secondary60" margin="none">
            {refusal}
          </Text>
        )}
        {running && !refusal && (
          <Text color="secondary60" margin="none">
            One backfill runs at a time: cancel this one or wait until it finishes to start another.
          </Text>
        )}
        {startError && (
          <Notice
            inline
            header="The backfill could not be started"
            marginTop="medium"
            messages={[{ text: startError.message }]}
            type="error"
          />
        )}
      </Panel>
      <Panel
        aria-labelledby={progressId}
        header="Progress"
        headerId={progressId}
        margin="none"
        marginTop="medium"
        role="region"
      >
        {progress}
      </Panel>
    </PageLayout>
  );
}
