import { Badge, Box, Button, Flex, Link, Panel, Table, Text } from '@bigcommerce/big-design';
import { useId, useState } from 'react';

import type { OrderDetailResponse, PreviewResponse, TimelineEventView } from '../../server/http/api-types';
import { asApiError, useApiSession, useSessionDetails } from '../api';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { DateTime, RelativeTime } from '../components/DateTime';
import { DetailList, type Detail } from '../components/DetailList';
import { LoadingState } from '../components/LoadingState';
import { OrderShipmentsPanel } from '../components/OrderShipmentsPanel';
import { PageLayout } from '../components/PageLayout';
import { useNavigate } from '../components/Router';
import { resyncOrder, useConnection, useOrder, usePreview } from '../hooks/relay';
import { controlPanelOrderUrl, iomSalesOrderUrl, plural, STATE_BADGES, STATE_LABELS } from '../orders';
import { Notice, type NoticeItem } from '../components/Notice';

interface Outcome {
  type: 'success' | 'error';
  header: string;
  messages: NoticeItem[];
}

/** How long the page keeps polling after a re-sync was asked for. */
const WATCH_AFTER_RESYNC_MS = 30_000;

function pollInterval(data: OrderDetailResponse | undefined, watching: boolean): number {
  if (
    watching ||
    data?.order.state === 'pending' ||
    data?.job?.state === 'due' ||
    data?.job?.state === 'running'
  )
    return 2_000;
  return 0;
}

function BackToOrders() {
  const navigate = useNavigate();
  return (
    <Box marginBottom="medium">
      <Link
        href="/orders"
        onClick={(event) => {
          event.preventDefault();
          navigate('/orders');
        }}
      >
        ← All orders
      </Link>
    </Box>
  );
}

/** Which way an event went: orders go to IOM, fulfillment comes back. */
const DIRECTION_LABELS: Record<TimelineEventView['direction'], string> = {
  inbound: 'BigCommerce → IOM',
  outbound: 'IOM → BigCommerce',
  system: 'IOM Connector',
};

const TIMELINE_COLUMNS = [
  {
    header: 'Time',
    hash: 'at',
    render: (event: TimelineEventView) => <DateTime iso={event.at} />,
  },
  {
    header: 'Direction',
    hash: 'direction',
    render: (event: TimelineEventView) => (
      <Text as="span" color="secondary60">
        {DIRECTION_LABELS[event.direction]}
      </Text>
    ),
  },
  {
    header: 'Event',
    hash: 'message',
    render: (event: TimelineEventView) => <Text as="span">{event.message}</Text>,
  },
];

/** An address outside the app: opens in a new tab (the app runs in the control panel's iframe). */
function ExternalLink({ href, children }: { href: string; children: string }) {
  return (
    <Link
      aria-label={`${children} (opens in a new tab)`}
      external
      href={href}
      rel="noopener noreferrer"
      target="_blank"
    >
      {children}
    </Link>
  );
}

/** The order in the BigCommerce control panel and, once IOM has it, the sales order in IOM. */
function OrderElsewhere({ orderId, iomSalesOrderId }: { orderId: string; iomSalesOrderId: string | null }) {
  const session = useSessionDetails();
  const connection = useConnection();
  const controlPanelUrl = session.data?.store.controlPanelUrl;
  const environmentUrl = connection.data?.connection?.environmentUrl;
  if (!controlPanelUrl) return null;
  return (
    <Flex as="p" flexDirection="row" flexGap="1.25rem" flexWrap="wrap" margin="none" marginBottom="medium">
      <ExternalLink href={controlPanelOrderUrl(controlPanelUrl, orderId)}>Open in BigCommerce</ExternalLink>
      {iomSalesOrderId && environmentUrl && (
        <ExternalLink href={iomSalesOrderUrl(environmentUrl, iomSalesOrderId)}>Open in IOM</ExternalLink>
      )}
    </Flex>
  );
}

function OrderSummary({ detail }: { detail: OrderDetailResponse }) {
  const { order, job } = detail;
  const details: Detail[] = [
    { term: 'State', value: <Badge label={STATE_LABELS[order.state]} variant={STATE_BADGES[order.state]} /> },
    { term: 'IOM sales order', value: order.iomSalesOrderId ?? 'Not created yet' },
    { term: 'Customer', value: order.customerEmail ?? '—' },
    { term: 'Synced', value: order.syncedAt ? <RelativeTime iso={order.syncedAt} /> : 'Not yet' },
    { term: 'Updated', value: <RelativeTime iso={order.updatedAt} /> },
  ];
  if (order.skipReason) details.push({ term: 'Skipped because', value: order.skipReason });
  if (job) {
    const next =
      job.dueAt && job.state === 'due' ? (
        <>
          {' '}
          — next attempt <RelativeTime iso={job.dueAt} />
        </>
      ) : null;
    details.push({
      term: 'Sync job',
      value: (
        <>
          {job.state}, {job.attempts} {job.attempts === 1 ? 'attempt' : 'attempts'}
          {next}
          {job.lastError ? `. Last error: ${job.lastError}` : ''}
        </>
      ),
    });
  }
  return <DetailList details={details} />;
}

function PreviewPanel({ orderId }: { orderId: string }) {
  const headerId = useId();
  const preview = usePreview(orderId, true);
  let body;
  if (preview.data) {
    const data: PreviewResponse = preview.data;
    body = (
      <>
        <Notice
          header={data.sendable ? 'Ready to send' : 'Would not be sent as it is'}
          marginBottom="medium"
          messages={[
            {
              text: data.skipReason
                ? data.skipReason
                : `BigCommerce total ${data.totals.bigcommerceTotalIncTax}; IOM would total ${data.totals.expectedIomTotal}.`,
            },
          ]}
          type={data.sendable ? 'success' : 'warning'}
        />
        {data.problems.length > 0 && (
          <Box marginBottom="medium">
            <Text bold>Problems</Text>
            <Box as="ul" margin="none" paddingLeft="large">
              {data.problems.map((problem, index) => (
                <li key={`${problem.code}-${index}`}>
                  <Text margin="none">
                    {problem.message}{' '}
                    <Text as="span" color="secondary60">
                      {problem.fix}
                    </Text>
                  </Text>
                </li>
              ))}
            </Box>
          </Box>
        )}
        {data.notes.length > 0 && (
          <Box as="ul" marginBottom="medium" paddingLeft="large">
            {data.notes.map((note) => (
              <li key={note}>
                <Text color="secondary60" margin="none">
                  {note}
                </Text>
              </li>
            ))}
          </Box>
        )}
        <Text bold>Sales order body</Text>
        <Box
          as="pre"
          backgroundColor="secondary10"
          borderRadius="normal"
          padding="medium"
          style={{ overflow: 'auto', maxHeight: '24rem', fontSize: '0.8125rem', margin: 0 }}
        >
          <code aria-label="Sales order body">{JSON.stringify(data.body, null, 2)}</code>
        </Box>
      </>
    );
  } else if (preview.error) {
    body = (
      <ApiErrorMessage
        error={preview.error}
        header="The preview could not be made"
        onRetry={() => void preview.mutate()}
        retrying={preview.isValidating}
      />
    );
  } else {
    body = <LoadingState label="Preparing the preview…" />;
  }
  return (
    <Panel
      aria-labelledby={headerId}
      description="What IOM Connector would send to IOM for this order now. Nothing is written."
      header="Preview"
      headerId={headerId}
      margin="none"
      marginTop="medium"
      role="region"
    >
      {body}
    </Panel>
  );
}

/** One order: its state in IOM, what needs fixing, its shipments back from IOM, its timeline; Re-sync and Preview. */
export function OrderPage({ id }: { id: string }) {
  const headerId = useId();
  const timelineId = useId();
  const session = useApiSession();
  const [watchUntil, setWatchUntil] = useState(0);
  const order = useOrder(id, { refreshInterval: (data) => pollInterval(data, Date.now() < watchUntil) });
  const [resyncing, setResyncing] = useState(false);
  const [notice, setNotice] = useState<Outcome | null>(null);
  const [showPreview, setShowPreview] = useState(false);

  const resync = async () => {
    setResyncing(true);
    setNotice(null);
    try {
      const queued = await resyncOrder(session, id);
      setNotice({
        type: 'success',
        header: 'Re-sync queued',
        messages: [
          {
            text: queued.outbound
              ? 'IOM Connector reads the order from BigCommerce again and sends it to IOM, and writes what IOM fulfilled back to BigCommerce.'
              : 'IOM Connector reads the order from BigCommerce again and sends it to IOM.',
          },
        ],
      });
      setWatchUntil(Date.now() + WATCH_AFTER_RESYNC_MS);
      await order.mutate();
    } catch (error) {
      const apiError = asApiError(error);
      setNotice({
        type: 'error',
        header: 'The order could not be re-synced',
        messages: [
          { text: apiError.message },
          ...(apiError.requestId ? [{ text: `Request ID: ${apiError.requestId}` }] : []),
        ],
      });
    }
    setResyncing(false);
  };

  const actions = (
    <Flex flexDirection="row" flexGap="0.75rem" flexWrap="wrap" marginBottom="medium">
      <Button disabled={resyncing} isLoading={resyncing} onClick={() => void resync()} type="button">
        Re-sync
      </Button>
      <Button
        aria-expanded={showPreview}
        onClick={() => setShowPreview((current) => !current)}
        type="button"
        variant="secondary"
      >
        {showPreview ? 'Hide preview' : 'Preview'}
      </Button>
    </Flex>
  );

  let body;
  if (order.data) {
    const detail = order.data;
    const { attention } = detail.order;
    body = (
      <>
        <OrderElsewhere iomSalesOrderId={detail.order.iomSalesOrderId} orderId={id} />
        {attention && (
          <Notice
            actions={[{ text: 'Retry now', onClick: () => void resync(), isLoading: resyncing }]}
            header={attention.message}
            marginBottom="medium"
            messages={[
              { text: attention.fix },
              ...(attention.skus?.length ? [{ text: `SKUs: ${attention.skus.join(', ')}` }] : []),
            ]}
            type="error"
          />
        )}
        {!attention && detail.order.lastError && (
          <Notice
            header="The last attempt failed"
            marginBottom="medium"
            messages={[{ text: detail.order.lastError }]}
            type="warning"
          />
        )}
        <OrderSummary detail={detail} />
      </>
    );
  } else if (order.error) {
    body = (
      <ApiErrorMessage
        error={order.error}
        header={`Order ${id} could not be loaded`}
        onRetry={() => void order.mutate()}
        retrying={order.isValidating}
      />
    );
  } else {
    body = <LoadingState label={`Loading order ${id}…`} />;
  }

  return (
    <PageLayout>
      <BackToOrders />
      <Panel
        aria-labelledby={headerId}
        badge={
          order.data
            ? { label: STATE_LABELS[order.data.order.state], variant: STATE_BADGES[order.data.order.state] }
            : undefined
        }
        header={`Order #${id}`}
        headerId={headerId}
        margin="none"
        role="region"
      >
        {actions}
        {notice && (
          <Notice
            role="alert"
            header={notice.header}
            marginBottom="medium"
            messages={notice.messages}
            type={notice.type}
          />
        )}
        {body}
      </Panel>
      {showPreview && <PreviewPanel orderId={id} />}
      {order.data && <OrderShipmentsPanel outbound={order.data.outbound} />}
      {order.data && (
        <Panel
          aria-labelledby={timelineId}
          header="Timeline"
          headerId={timelineId}
          margin="none"
          marginTop="medium"
          role="region"
        >
          <Table
            columns={TIMELINE_COLUMNS}
            emptyComponent={<Text margin="none">Nothing has happened to this order yet.</Text>}
            itemName={plural(order.data.timeline.length, 'event')}
            items={order.data.timeline}
            keyField="id"
          />
        </Panel>
      )}
    </PageLayout>
  );
}
