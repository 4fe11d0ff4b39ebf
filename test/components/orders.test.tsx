/**
 * @jest-environment ./test/helpers/jsdom-environment.js
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { OrderPage } from '../../client/pages/OrderPage';
import { OrdersPage } from '../../client/pages/OrdersPage';
import type { Harness } from '../helpers/harness';
import { renderPage, setApiOrigin } from '../helpers/render-page';
import { placeSyncedOrder, startSyncingHarness, STORE } from '../helpers/relay';

jest.setTimeout(60_000);

let h: Harness;
let token: string;
const placed: Array<{ id: number; salesOrderId: string }> = [];
/** An order of ten days ago IOM Connector already has (as after a backfill). */
const OLD_ORDER = 90_001;
const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
const localDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

beforeAll(async () => {
  ({ h, token } = await startSyncingHarness({ settings: { outbound: { pollIntervalSeconds: 3600 } } }));
  for (let i = 0; i < 3; i++) {
    const { order, salesOrderId } = await placeSyncedOrder(h, { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });
    placed.push({ id: order.id, salesOrderId });
  }
  await h.deps.storage.orderLinks.put({
    storeHash: STORE,
    orderId: OLD_ORDER,
    iomSalesOrderId: null,
    syncState: 'skipped',
    lastDateModified: tenDaysAgo.toISOString(),
    shipmentLinks: {},
    lastError: null,
    updatedAt: new Date().toISOString(),
    orderCreatedAt: tenDaysAgo.toISOString(),
    skipReason: 'Placed before the go-live date.',
  });
  setApiOrigin(h.appUrl);
});
afterAll(() => h.close());

const orderLinks = () => screen.queryAllByRole('link', { name: /^Order \d+$/ });

test('pages through the orders with a small page and "Load more", and the count agrees with it', async () => {
  renderPage(<OrdersPage pageSize={2} />, { token, path: '/orders' });
  await waitFor(() => expect(orderLinks()).toHaveLength(2));
  expect(screen.getByText('2 orders shown')).toBeTruthy();
  await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
  await waitFor(() => expect(orderLinks()).toHaveLength(4));
  expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  expect(screen.getByText('4 orders')).toBeTruthy();
});

test('filters by creation date: ten days ago finds the old order only; a reversed range is refused', async () => {
  renderPage(<OrdersPage />, { token, path: '/orders' });
  await waitFor(() => expect(orderLinks()).toHaveLength(4));
  const day = localDay(tenDaysAgo);
  await userEvent.type(screen.getByLabelText('Created from'), day);
  await userEvent.type(screen.getByLabelText('Created to'), day);
  await userEvent.click(screen.getByRole('button', { name: 'Search' }));
  await waitFor(() => expect(orderLinks().map((l) => l.textContent)).toEqual([`#${OLD_ORDER}`]));
  expect(screen.getByText('1 order')).toBeTruthy();

  await userEvent.clear(screen.getByLabelText('Created from'));
  await userEvent.type(screen.getByLabelText('Created from'), localDay(new Date()));
  expect(await screen.findByText('must not be after “Created to”')).toBeTruthy();
  expect(screen.getByLabelText('Created from').getAttribute('aria-invalid')).toBe('true');

  await userEvent.click(screen.getByRole('button', { name: 'Clear dates' }));
  await waitFor(() => expect(orderLinks()).toHaveLength(4));
  await userEvent.type(screen.getByLabelText('Created from'), localDay(new Date()));
  await userEvent.click(screen.getByRole('button', { name: 'Search' }));
  await waitFor(() =>
    expect(orderLinks().map((l) => l.textContent)).toEqual([...placed].reverse().map((o) => `#${o.id}`)),
  );
});

test('the order page links to the order in BigCommerce and in IOM, counts its events right, and re-syncs', async () => {
  const { id, salesOrderId } = placed[0]!;
  renderPage(<OrderPage id={String(id)} />, { token, path: `/orders/${id}` });
  const bigcommerce = await screen.findByRole('link', { name: 'Open in BigCommerce (opens in a new tab)' });
  // The sandbox's control panel stands in for store-<hash>.mybigcommerce.com/manage (GET /api/session).
  const href = bigcommerce.getAttribute('href')!;
  expect(href).toBe(`${h.sim.url}/store-${STORE}/manage/orders/${id}`);
  expect(bigcommerce.getAttribute('target')).toBe('_blank');
  const iom = await screen.findByRole('link', { name: 'Open in IOM (opens in a new tab)' });
  expect(iom.getAttribute('href')).toBe(
    `${h.iom.environmentUrl.replace(/\/+$/, '')}/main.aspx?etn=salesorder&id=${salesOrderId}&pagetype=entityrecord`,
  );
  // The link opens the simulated control panel's Orders view at that order.
  const opened = await act(() => fetch(href, { redirect: 'manual' }));
  expect(opened.status).toBe(302);
  expect(opened.headers.get('location')).toBe(`/control-panel?view=orders&store=${STORE}&order=${id}`);
  const inIom = await act(() => fetch(iom.getAttribute('href')!, { redirect: 'manual' }));
  expect(inIom.status).toBe(302);
  expect(inIom.headers.get('location')).toMatch(new RegExp(`#so-${salesOrderId}$`));

  const timeline = screen.getByRole('region', { name: 'Timeline' });
  const count = within(timeline).getByText(/^\d+ events?$/).textContent!;
  const rows = within(timeline).getAllByRole('row').length - 1;
  expect(count).toBe(`${rows} ${rows === 1 ? 'event' : 'events'}`);

  await userEvent.click(screen.getByRole('button', { name: 'Re-sync' }));
  expect(await screen.findByText('Re-sync queued')).toBeTruthy();
  await waitFor(() => expect(within(timeline).getByText(/asked to re-sync the order/)).toBeTruthy());
});
