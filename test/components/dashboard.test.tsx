/**
 * @jest-environment ./test/helpers/jsdom-environment.js
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { DashboardPage } from '../../client/pages/DashboardPage';
import { jsonRequest, ownerSession, type Harness } from '../helpers/harness';
import { renderPage, setApiOrigin } from '../helpers/render-page';
import { expectOk, placeSyncedOrder, startSyncingHarness } from '../helpers/relay';

jest.setTimeout(60_000);

let h: Harness;
let token: string;
const placed: number[] = [];

beforeAll(async () => {
  ({ h, token } = await startSyncingHarness({ settings: { outbound: { pollIntervalSeconds: 3600 } } }));
  for (let i = 0; i < 3; i++)
    placed.push((await placeSyncedOrder(h, { lines: [{ sku: 'MUG-GRY', quantity: 1 }] })).order.id);
  setApiOrigin(h.appUrl);
});
afterAll(() => h.close());

const tile = (name: string) => {
  const group = screen.getByRole('group', { name: 'Order numbers' });
  return within(group).getByText(name).parentElement!;
};

test('three relayed orders: "3" synced today, three in the current bar, and the orders in recent activity', async () => {
  renderPage(<DashboardPage refreshInterval={0} />, { token, path: '/' });
  expect(await screen.findByText('Connected · syncing · 3 orders relayed today')).toBeTruthy();
  expect(tile('Synced today').textContent).toContain('3');
  expect(tile('Needs attention').textContent).toContain('Nothing to fix');
  expect(screen.getByText('5 of 5 active')).toBeTruthy();

  const chart = screen.getByRole('img', { name: /per hour, last 24 hours: 3 orders in total/ });
  const bars = within(chart).getAllByTestId('chart-bar');
  expect(bars).toHaveLength(24);
  expect(bars.at(-1)!.dataset.count).toBe('3');

  await userEvent.click(screen.getByRole('button', { name: 'Last 30 days' }));
  const daily = screen.getByRole('img', { name: /per day, last 30 days: 3 orders in total/ });
  expect(within(daily).getAllByTestId('chart-bar')).toHaveLength(30);
  expect(screen.getByRole('button', { name: 'Last 30 days' }).getAttribute('aria-pressed')).toBe('true');

  const activity = screen.getByRole('region', { name: 'Recent activity' });
  expect(within(activity).getAllByRole('link', { name: `Order ${placed[2]}` }).length).toBeGreaterThan(0);
  const health = screen.getByRole('region', { name: 'Health' });
  expect(within(health).getByRole('link', { name: `Order ${Math.max(...placed)}` })).toBeTruthy();
});

test('connected with syncing off says so and offers to start syncing, not that orders flow', async () => {
  await expectOk(jsonRequest(h, token, 'PUT', '/api/settings', { syncEnabled: false }));
  try {
    renderPage(<DashboardPage refreshInterval={0} />, { token, path: '/' });
    expect(await screen.findByText('Connected · syncing is off')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Start syncing' })).toBeTruthy();
  } finally {
    await expectOk(jsonRequest(h, token, 'PUT', '/api/settings', { syncEnabled: true }));
  }
});

test('a store without a connection is told to connect IOM, with an empty chart and no activity', async () => {
  const other = await ownerSession(h, 'othr9k2', 1111111);
  renderPage(<DashboardPage refreshInterval={0} />, { token: other, path: '/' });
  expect(await screen.findByText('Not connected to IOM')).toBeTruthy();
  expect(screen.getByRole('button', { name: 'Connect IOM' })).toBeTruthy();
  expect(screen.getByRole('img', { name: /0 orders in total/ })).toBeTruthy();
  expect(screen.getByText(/Nothing has happened yet/)).toBeTruthy();
  await waitFor(() => expect(screen.getByText('No order yet')).toBeTruthy());
});
