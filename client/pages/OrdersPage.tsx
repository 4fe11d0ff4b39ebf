import {
  Badge,
  Box,
  Button,
  Flex,
  Form,
  Link,
  Message,
  Panel,
  Table,
  Tabs,
  Text,
} from '@bigcommerce/big-design';
import { useId, useState, type FormEvent } from 'react';

import type { OrderLinkView, OrderSyncState, OrdersResponse } from '../../server/http/api-types';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { RelativeTime } from '../components/DateTime';
import { LoadingState } from '../components/LoadingState';
import { PageLayout } from '../components/PageLayout';
import { useNavigate } from '../components/Router';
import { TextField } from '../components/TextField';
import { useAttention, useOrders, type OrdersFilter } from '../hooks/relay';
import { orderProblem, STATE_BADGES, STATE_FILTERS, STATE_LABELS } from '../orders';

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
  if (filter.q)
    return `No order matches “${filter.q}”${filter.state ? ` in ${STATE_LABELS[filter.state]}` : ''}.`;
  if (filter.state) return `No order is ${STATE_LABELS[filter.state].toLowerCase()}.`;
  return 'No orders yet. Orders appear here as they are placed in BigCommerce while syncing is on.';
}

/** How many orders need the merchant, by cause, with the fix; leads to the Needs attention tab. */
function AttentionSummary({ onShow }: { onShow: () => void }) {
  const { data } = useAttention();
  // Inbound problems hold an order back from IOM; outbound ones hold IOM's updates back from BigCommerce.
  const total = data ? data.total + data.outboundTotal : 0;
  if (!data || total === 0) return null;
  return (
    <Message
      actions={data.total > 0 ? [{ text: 'Show them', onClick: onShow }] : []}
      header={total === 1 ? '1 order needs attention' : `${total} orders need attention`}
      marginBottom="medium"
      messages={data.groups.map((group) => ({
        text: `${group.count === 1 ? '1 order' : `${group.count} orders`}${group.direction === 'outbound' ? ' (IOM → BigCommerce)' : ''}: ${group.message} ${group.fix}`,
      }))}
      type="warning"
    />
  );
}

/** The store's orders as IOM Connector sees them, by sync state, with search and "Load more". */
export function OrdersPage() {
  const headerId = useId();
  const listId = useId();
  const [state, setState] = useState<OrderSyncState | 'all'>('all');
  const [query, setQuery] = useState('');
  const [q, setQ] = useState('');
  const filter: OrdersFilter = { state: state === 'all' ? undefined : state, q: q || undefined };
  const orders = useOrders(filter, { refreshInterval });
  const pages = orders.data;
  const list = pages?.flatMap((page) => page.orders) ?? [];
  const hasMore = Boolean(pages?.at(-1)?.next);
  const loadingMore = orders.isValidating && pages !== undefined && orders.size > pages.length;

  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setQ(query.trim());
  };

  let body;
  if (pages) {
    body = (
      <>
        <Table
          columns={COLUMNS}
          emptyComponent={<Text margin="none">{emptyText(filter)}</Text>}
          itemName="Orders"
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
        {hasMore && (
          <Flex justifyContent="center" marginTop="medium">
            <Button
              disabled={loadingMore}
              isLoading={loadingMore}
              onClick={() => void orders.setSize(orders.size + 1)}
              type="button"
              variant="secondary"
            >
              Load more
            </Button>
          </Flex>
        )}
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
          <Form aria-label="Search orders" fullWidth noValidate onSubmit={search} role="search">
            <Flex alignItems="flex-end" flexDirection="row" flexGap="0.75rem">
              <Box style={{ flex: '1 1 16rem' }}>
                <TextField
                  label="Order id or customer e-mail"
                  name="q"
                  onChange={(event) => setQuery(event.target.value)}
                  placeholder="1024 or jane@example.com"
                  type="search"
                  value={query}
                />
              </Box>
              <Box marginBottom="large">
                <Button mobileWidth="auto" type="submit" variant="secondary">
                  Search
                </Button>
              </Box>
            </Flex>
          </Form>
        </Box>
        <div id={listId} role="tabpanel">
          {body}
        </div>
      </Panel>
    </PageLayout>
  );
}
