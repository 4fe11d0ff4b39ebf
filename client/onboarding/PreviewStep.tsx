import { Badge, Box, Button, Grid, GridItem, Panel, Radio, Text } from '@bigcommerce/big-design';
import { useId, useState } from 'react';

import type { PreviewResponse, SettingsResponse } from '../../server/http/api-types';
import type { RecentOrderView } from '../../server/http/onboarding-api-types';
import { asApiError, useApiSession } from '../api';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { formatDateTime } from '../components/DateTime';
import { LoadingState } from '../components/LoadingState';
import { StickyActions } from '../components/StickyActions';
import { useRecentOrders } from '../hooks/onboarding';
import { saveSettings, usePreview } from '../hooks/relay';
import { Notice } from '../components/Notice';

/** "108.00 USD" from BigCommerce's "108.0000". */
function money(amount: string, currency: string): string {
  const value = Number(amount);
  return `${Number.isFinite(value) ? value.toFixed(2) : amount} ${currency}`;
}

function OrderChoice({
  orders,
  chosen,
  onChoose,
}: {
  orders: RecentOrderView[];
  chosen: number | null;
  onChoose: (id: number) => void;
}) {
  return (
    <Box aria-label="Recent BigCommerce orders" role="radiogroup">
      {orders.map((order) => (
        <Radio
          checked={chosen === order.id}
          description={`${order.customerEmail || 'Guest'} · ${money(order.total, order.currency)} · ${order.status} · ${formatDateTime(order.createdAt)}`}
          key={order.id}
          label={`Order #${order.id}`}
          name="previewOrder"
          onChange={() => onChoose(order.id)}
          value={String(order.id)}
        />
      ))}
    </Box>
  );
}

/** The sales order IOM would get for one order, and what would stop it. */
function PreviewResult({ preview }: { preview: PreviewResponse }) {
  const lines = Array.isArray(preview.body.order_details) ? preview.body.order_details.length : null;
  return (
    <Box aria-label={`Preview of order #${preview.orderId}`} role="region">
      <Box marginBottom="small">
        <Badge
          label={preview.sendable ? 'Ready to send' : 'Would not be sent as it is'}
          variant={preview.sendable ? 'success' : 'warning'}
        />
      </Box>
      <Text margin="none">
        IOM would get sales order{' '}
        <Text as="span" bold>
          {preview.externalOrderId}
        </Text>
        {lines !== null ? ` with ${lines} line${lines === 1 ? '' : 's'}` : ''}, total{' '}
        {preview.totals.expectedIomTotal} (BigCommerce: {preview.totals.bigcommerceTotalIncTax}).
      </Text>
      {preview.skipReason && (
        <Notice
          header="The import filter would skip this order"
          marginTop="small"
          messages={[{ text: preview.skipReason }]}
          type="info"
        />
      )}
      {preview.problems.length > 0 && (
        <Notice
          header={`${preview.problems.length} problem${preview.problems.length === 1 ? '' : 's'} to fix first`}
          marginTop="small"
          messages={preview.problems.map((problem) => ({ text: `${problem.message} ${problem.fix}` }))}
          type="warning"
        />
      )}
      {preview.notes.map((note) => (
        <Text color="secondary60" key={note} margin="none" marginTop="xSmall">
          {note}
        </Text>
      ))}
    </Box>
  );
}

interface PreviewStepProps {
  onStarted: (response: SettingsResponse) => void;
  onBack: () => void;
}

/** Step 5: a recent order as IOM would get it; then Start syncing. */
export function PreviewStep({ onStarted, onBack }: PreviewStepProps) {
  const session = useApiSession();
  const headerId = useId();
  const recent = useRecentOrders();
  const [chosen, setChosen] = useState<number | null>(null);
  const orderId = chosen ?? recent.data?.orders[0]?.id ?? null;
  const preview = usePreview(String(orderId ?? ''), orderId !== null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);

  const start = async () => {
    setStarting(true);
    setStartError(null);
    try {
      onStarted(await saveSettings(session, { syncEnabled: true }));
    } catch (error) {
      const apiError = asApiError(error);
      setStartError(
        apiError.fields.length > 0
          ? apiError.fields.map((field) => `${field.field}: ${field.message}`).join('; ')
          : apiError.message,
      );
      setStarting(false);
    }
  };

  let orders;
  if (recent.error) {
    orders = (
      <ApiErrorMessage
        error={recent.error}
        header="BigCommerce’s orders could not be loaded"
        onRetry={() => void recent.mutate()}
        retrying={recent.isValidating}
      />
    );
  } else if (!recent.data) {
    orders = <LoadingState label="Loading your newest BigCommerce orders…" />;
  } else if (recent.data.orders.length === 0) {
    orders = (
      <Notice
        actions={[{ text: 'Refresh', onClick: () => void recent.mutate(), isLoading: recent.isValidating }]}
        header="No orders in this store yet"
        messages={[
          { text: 'Place a test order in BigCommerce, then refresh to see it as IOM would get it.' },
        ]}
        type="info"
      />
    );
  } else {
    orders = <OrderChoice chosen={orderId} onChoose={setChosen} orders={recent.data.orders} />;
  }

  return (
    <Panel
      aria-labelledby={headerId}
      header="Preview an order, then go live"
      headerId={headerId}
      margin="none"
      role="region"
    >
      <Grid
        gridColumns={{ mobile: 'minmax(0, 1fr)', desktop: 'minmax(0, 1fr) minmax(0, 1.5fr)' }}
        gridGap="1.5rem"
      >
        <GridItem>{orders}</GridItem>
        <GridItem>
          {orderId === null ? (
            <Text color="secondary60">
              Nothing is sent while you preview: it only reads BigCommerce and IOM.
            </Text>
          ) : preview.error ? (
            <ApiErrorMessage
              error={preview.error}
              header={`Order #${orderId} could not be previewed`}
              onRetry={() => void preview.mutate()}
              retrying={preview.isValidating}
            />
          ) : preview.data ? (
            <PreviewResult preview={preview.data} />
          ) : (
            <LoadingState label={`Previewing order #${orderId}…`} />
          )}
        </GridItem>
      </Grid>
      {startError && (
        <Notice
          header="Syncing was not started"
          marginTop="medium"
          messages={[{ text: startError }]}
          type="error"
        />
      )}
      <StickyActions>
        <Button isLoading={starting} onClick={() => void start()} type="button">
          Start syncing
        </Button>
        <Button disabled={starting} onClick={onBack} type="button" variant="subtle">
          Back
        </Button>
        <Text color="secondary60" margin="none">
          From then on, every new order that passes the filter goes to IOM by itself.
        </Text>
      </StickyActions>
    </Panel>
  );
}
