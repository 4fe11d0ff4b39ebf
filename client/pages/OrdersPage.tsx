import { Badge, Box, Button, Link, Panel, Table, Tabs, Text } from '@bigcommerce/big-design';
import { useId, useState } from 'react';

import type { OrderLinkView, OrderSyncState, OrdersResponse } from '../../server/http/api-types';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { RelativeTime } from '../components/DateTime';
import { LoadingState } from '../components/LoadingState';
import { LoadMore } from '../components/LoadMore';
import { PageLayout } from '../components/PageLayout';
import { useNavigate } from '../components/Router';
import { SearchForm } from '../components/SearchForm';
import { TextField } from '../components/TextField';
import { useAttention, useOrders, type OrdersFilter } from '../hooks/relay';
import { countOf, orderProblem, plural, STATE_BADGES, STATE_FILTERS, STATE_LABELS } from '../orders';
import { Notice } from '../components/Notice';

/** Poll quickly while an order on screen is on its way, slowly otherwise. */
function refreshInterval(pages: OrdersResponse[] | undefined): number {
  const orders = pages?.flatMap((page) => page.orders) ?? [];
  return orders.length === 0 || orders.some((order) => order.state === 'pending') ? 2_000 : 15_000;
}

function OrderLink({ orderId }: { orderId: number }) {
  const navigate = useNavigate();
  const path = `/orders/${orderId}`;
  return (
    <Link
      aria-label={`Order ${orderId}`}
      href={path}
      onClick={(event) => {
        event.preventDefault();
        navigate(path);
      }}
    >
      #{orderId}
    </Link>
  );
}

/** Below the tablet breakpoint only the order, its state and its problem fit. */
const TABLET_UP = { mobile: 'none', tablet: 'table-cell' } as const;

const COLUMNS = [
  {
    header: 'Order',
    hash: 'orderId',
    render: (order: OrderLinkView) => <OrderLink orderId={order.orderId} />,
  },
  {
    header: 'State',
    hash: 'state',
    render: (order: OrderLinkView) => (
      <Badge label={STATE_LABELS[order.state]} variant={STATE_BADGES[order.state]} />
    ),
  },
  {
    header: 'Customer',
    display: TABLET_UP,
    hash: 'customerEmail',
    render: (order: OrderLinkView) => (
      <Text as="span" style={{ overflowWrap: 'anywhere' }}>
        {order.customerEmail ?? '—'}
      </Text>
    ),
  },
  {
    header: 'Created',
    display: TABLET_UP,
    hash: 'orderCreatedAt',
    render: (order: OrderLinkView) =>
      order.orderCreatedAt ? <RelativeTime iso={order.orderCreatedAt} /> : <Text as="span">—</Text>,
  },
  {
    header: 'IOM sales order',
    display: TABLET_UP,
    hash: 'iomSalesOrderId',
    render: (order: OrderLinkView) => (
      <Text as="span" style={{ overflowWrap: 'anywhere' }}>
        {order.iomSalesOrderId ?? '—'}
      </Text>
    ),
  },
  {
    header: 'Problem',
    hash: 'problem',
    render: (order: OrderLinkView) => (
      <Text as="span" color={order.attention ? 'danger' : 'secondary70'}>
        {orderProblem(order) ?? '—'}
      </Text>
    ),
  },
  {
    header: 'Updated',
    display: TABLET_UP,
    hash: 'updatedAt',
    render: (order: OrderLinkView) => <RelativeTime iso={order.updatedAt} />,
  },
];

function emptyText(filter: OrdersFilter): string {
  const dated = filter.from || filter.to ? ' created in those dates' : '';
  if (filter.q)
    return `No order${dated} matches “${filter.q}”${filter.state ? ` in ${STATE_LABELS[filter.state]}` : ''}.`;
  if (filter.state) return `No order${dated} is ${STATE_LABELS[filter.state].toLowerCase()}.`;
  if (dated) return 'No order was created in those dates.';
  return 'No orders yet. Orders appear here as they are placed in BigCommerce while syncing is on.';
}

/** The start of a local calendar day (`2026-12-01`) as an ISO instant; `end` gives its last millisecond. */
function localDayBound(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

interface DateRange {
  from: string;
  to: string;
}

/** How many orders need the merchant, by cause, with the fix; leads to the Needs attention tab. */
function AttentionSummary({ onShow }: { onShow: () => void }) {
  const { data } = useAttention();
  // Inbound problems hold an order back from IOM; outbound ones hold IOM's updates back from BigCommerce.
  const total = data ? data.total + data.outboundTotal : 0;
  if (!data || total === 0) return null;
  return (
    <Notice
      actions={data.total > 0 ? [{ text: 'Show them', onClick: onShow }] : []}
      header={total === 1 ? '1 order needs attention' : `${total} orders need attention`}
      marginBottom="medium"
      messages={data.groups.map((group) => ({
        text: `${countOf(group.count, 'order')}${group.direction === 'outbound' ? ' (IOM → BigCommerce)' : ''}: ${group.message} ${group.fix}`,
      }))}
      type="warning"
    />
  );
}

/**
 * The store's orders as IOM Connector sees them, by sync state, with search, a creation-date range and
 * "Load more" (keyset pages of `pageSize`).
 */
export function OrdersPage({ pageSize }: { pageSize?: number } = {}) {
  const headerId = useId();
  const listId = useId();
  const [state, setState] = useState<OrderSyncState | 'all'>('all');
  const [query, setQuery] = useState('');
  const [q, setQ] = useState('');
  const [dates, setDates] = useState<DateRange>({ from: '', to: '' });
  const [range, setRange] = useState<DateRange>({ from: '', to: '' });
  const rangeError = dates.from && dates.to && dates.from > dates.to ? 'must not be after “Created to”' : '';
  const filter: OrdersFilter = {
    state: state === 'all' ? undefined : state,
    q: q || undefined,
    from: localDayBound(range.from, false),
    to: localDayBound(range.to, true),
  };
  const orders = useOrders(filter, { refreshInterval, pageSize });
  const fieldError = (field: string) => orders.error?.fields.find((f) => f.field === field)?.message;
  const pages = orders.data;
  const list = pages?.flatMap((page) => page.orders) ?? [];
  const hasMore = Boolean(pages?.at(-1)?.next);

  const search = () => {
    if (rangeError) return;
    setQ(query.trim());
    setRange(dates);
  };
  const clearDates = () => {
    setDates({ from: '', to: '' });
    setRange({ from: '', to: '' });
  };

  let body;
  if (pages) {
    body = (
      <>
        <Table
          columns={COLUMNS}
          emptyComponent={<Text margin="none">{emptyText(filter)}</Text>}
          itemName={`${plural(list.length, 'order')}${hasMore ? ' shown' : ''}`}
          items={list}
          keyField="orderId"
          stickyHeader
        />
        {orders.error && (
          <ApiErrorMessage
            error={orders.error}
            header="More orders could not be loaded"
            onRetry={() => void orders.mutate()}
            retrying={orders.isValidating}
          />
        )}
        {hasMore && <LoadMore list={orders} />}
      </>
    );
  } else if (orders.error) {
    body = (
      <ApiErrorMessage
        error={orders.error}
        header="The orders could not be loaded"
        onRetry={() => void orders.mutate()}
        retrying={orders.isValidating}
      />
    );
  } else {
    body = <LoadingState label="Loading orders…" />;
  }

  return (
    <PageLayout>
      <Panel aria-labelledby={headerId} header="Orders" headerId={headerId} margin="none" role="region">
        {state !== 'needs_attention' && <AttentionSummary onShow={() => setState('needs_attention')} />}
        <Tabs
          activeTab={state}
          aria-label="Filter by sync state"
          items={STATE_FILTERS.map(({ id, title }) => ({ id, title, ariaControls: listId }))}
          onTabClick={(id) => setState(id as OrderSyncState | 'all')}
        />
        <Box marginTop="medium">
          <SearchForm
            actions={
              (range.from || range.to) && (
                <Button mobileWidth="auto" onClick={clearDates} type="button" variant="subtle">
                  Clear dates
                </Button>
              )
            }
            label="Search orders"
            onQueryChange={setQuery}
            onSearch={search}
            placeholder="1024 or jane@example.com"
            query={query}
            queryLabel="Order id or customer e-mail"
          >
            <Box style={{ flex: '0 1 10rem' }}>
              <TextField
                error={rangeError || fieldError('from')}
                label="Created from"
                max={dates.to || undefined}
                name="from"
                onChange={(event) => setDates((d) => ({ ...d, from: event.target.value }))}
                type="date"
                value={dates.from}
              />
            </Box>
            <Box style={{ flex: '0 1 10rem' }}>
              <TextField
                error={fieldError('to')}
                label="Created to"
                min={dates.from || undefined}
                name="to"
                onChange={(event) => setDates((d) => ({ ...d, to: event.target.value }))}
                type="date"
                value={dates.to}
              />
            </Box>
          </SearchForm>
        </Box>
        <div id={listId} role="tabpanel">
          {body}
        </div>
      </Panel>
    </PageLayout>
  );
}
