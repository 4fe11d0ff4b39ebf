import { Box, Button, Flex, Modal, ProgressBar, Text } from '@bigcommerce/big-design';
import { useEffect, useRef, useState } from 'react';

import type { BackfillResponse } from '../../../server/http/api-types';
import type { ApiError } from '../../api';
import { formatDateTime, RelativeTime } from '../DateTime';
import { DetailList } from '../DetailList';
import { countOf } from '../../orders';
import { DialogName } from '../DialogName';
import { Notice } from '../Notice';

/** "about 3 minutes", "less than a minute", "about 2 hours". */
export function formatEta(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${countOf(minutes, 'minute')}`;
  return `about ${countOf(Math.round(minutes / 60), 'hour')}`;
}

/** How much of what the backfill found is done (null while nothing has been found). */
export function backfillPercent(b: BackfillResponse): number | null {
  if (b.status !== 'running') return 100;
  if (b.seen === 0) return null;
  return Math.min(100, Math.round(((b.synced + b.failed + b.skipped) / b.seen) * 100));
}

const day = (iso: string) => formatDateTime(iso).replace(/ at .*$/, '');

interface BackfillProgressProps {
  backfill: BackfillResponse;
  /** Why this user may not cancel (null: they may). */
  refusal: string | null;
  onCancel: () => Promise<void>;
  cancelling: boolean;
  cancelError: ApiError | null;
}

/** The running (or last) backfill: a progress bar, its counts and time left; Cancel asks first. */
export function BackfillProgress({
  backfill,
  refusal,
  onCancel,
  cancelling,
  cancelError,
}: BackfillProgressProps) {
  const [confirming, setConfirming] = useState(false);
  // BigDesign's ProgressBar takes no name: give its progressbar element one.
  const nameProgressBar = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    nameProgressBar.current
      ?.querySelector('[role="progressbar"]')
      ?.setAttribute('aria-label', 'Backfill progress');
  });
  const percent = backfillPercent(backfill);
  const done = backfill.synced + backfill.failed + backfill.skipped;
  const running = backfill.status === 'running';
  const eta =
    running && backfill.etaSeconds !== null
      ? `${formatEta(backfill.etaSeconds)} left`
      : running
        ? 'Estimating the time left…'
        : null;

  return (
    <Box>
      {backfill.status === 'done' && (
        <Notice
          role="alert"
          header={backfill.error ? 'The backfill stopped early' : 'The backfill finished'}
          marginBottom="medium"
          messages={[
            {
              text: backfill.error
                ? backfill.error
                : `${countOf(backfill.seen, 'order')} found, ${countOf(backfill.queued, 'order')} queued for IOM.`,
            },
          ]}
          type={backfill.error ? 'warning' : 'success'}
        />
      )}
      {backfill.status === 'cancelled' && (
        <Notice
          role="alert"
          header="The backfill was cancelled"
          marginBottom="medium"
          messages={[
            { text: 'No further orders are read; the orders already queued are still sent to IOM.' },
          ]}
          type="info"
        />
      )}
      <Text margin="none" marginBottom="xSmall">
        Orders created {day(backfill.from)} to {day(backfill.to)}
        {' · '}started <RelativeTime iso={backfill.startedAt} />
      </Text>
      <Box marginBottom="xSmall" ref={nameProgressBar}>
        {percent === null ? <ProgressBar /> : <ProgressBar percent={percent} />}
      </Box>
      <Flex flexDirection="row" flexWrap="wrap" justifyContent="space-between" marginBottom="medium">
        <Text margin="none" role="status">
          {countOf(done, 'order')} of {backfill.seen.toLocaleString('en-US')} done
          {running ? ' so far' : ''}
          {percent !== null ? ` (${percent} %)` : ''}
        </Text>
        {eta && (
          <Text color="secondary60" margin="none">
            {eta}
          </Text>
        )}
      </Flex>
      <DetailList
        details={[
          {
            term: 'Found in BigCommerce',
            value: `${countOf(backfill.seen, 'order')} (${countOf(backfill.pages, 'page')} read)`,
          },
          { term: 'Queued for IOM', value: countOf(backfill.queued, 'order') },
          { term: 'In IOM', value: countOf(backfill.synced, 'order') },
          { term: 'Skipped by the import filter', value: countOf(backfill.skipped, 'order') },
          { term: 'Need attention', value: countOf(backfill.failed, 'order') },
        ]}
      />
      {running && (
        <Box marginTop="medium">
          <Button
            actionType="destructive"
            disabled={refusal !== null || cancelling}
            isLoading={cancelling}
            onClick={() => setConfirming(true)}
            type="button"
            variant="secondary"
          >
            Cancel backfill
          </Button>
          {refusal && (
            <Text color="secondary60" margin="none" marginTop="xSmall">
              {refusal}
            </Text>
          )}
        </Box>
      )}
      <Modal
        actions={[
          {
            text: 'Keep it running',
            variant: 'subtle',
            onClick: () => setConfirming(false),
            disabled: cancelling,
          },
          {
            text: 'Cancel backfill',
            actionType: 'destructive',
            isLoading: cancelling,
            onClick: () => void onCancel().then(() => setConfirming(false)),
          },
        ]}
        closeOnEscKey={!cancelling}
        header="Cancel the backfill?"
        isOpen={confirming && running}
        onClose={() => setConfirming(false)}
        variant="dialog"
      >
        <DialogName name="Cancel the backfill?" />
        <Text margin="none">
          IOM Connector stops reading older orders from BigCommerce. The {countOf(backfill.queued, 'order')}{' '}
          already queued are still sent to IOM. You can start a new backfill afterwards.
        </Text>
        {cancelError && (
          <Notice
            inline
            header="The backfill could not be cancelled"
            marginTop="medium"
            messages={[{ text: cancelError.message }]}
            type="error"
          />
        )}
      </Modal>
    </Box>
  );
}
