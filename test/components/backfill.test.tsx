/**
 * @jest-environment ./test/helpers/jsdom-environment.js
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { BackfillPage } from '../../client/pages/BackfillPage';
import { openApp, type Harness } from '../helpers/harness';
import { renderPage, setApiOrigin } from '../helpers/render-page';
import { startSyncingHarness, STORE, waitForLink } from '../helpers/relay';

jest.setTimeout(60_000);

/** The simulator's second user of the store (a plain user in the app). */
const STAFF = 9876543;

let h: Harness;
let token: string;

beforeAll(async () => {
  ({ h, token } = await startSyncingHarness({ settings: { outbound: { pollIntervalSeconds: 3600 } } }));
  setApiOrigin(h.appUrl);
});
afterAll(() => h.close());

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

test('a backfill of orders BigCommerce never reported runs to the end, its progress on screen', async () => {
  // Orders placed while webhooks were lost: only a backfill brings them to IOM.
  h.sim.knobs.webhooksPaused = true;
  const orders = [1, 2, 3].map(() => h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-GRY', quantity: 1 }] }));
  h.sim.knobs.webhooksPaused = false;

  renderPage(<BackfillPage />, { token, path: '/backfill' });
  expect(await screen.findByText(/No backfill has run yet/)).toBeTruthy();
  await userEvent.click(screen.getByRole('button', { name: 'Start backfill' }));
  expect(await screen.findByText('is required: the first day of orders to send')).toBeTruthy();

  await userEvent.type(screen.getByLabelText(/^From/), today());
  await userEvent.click(screen.getByRole('button', { name: 'Start backfill' }));
  const progress = screen.getByRole('region', { name: 'Progress' });
  expect(await within(progress).findByRole('progressbar', { name: 'Backfill progress' })).toBeTruthy();
  for (const order of orders) await waitForLink(h, order.id, (l) => l?.syncState === 'synced', 20_000);
  expect(await within(progress).findByText('The backfill finished', {}, { timeout: 10_000 })).toBeTruthy();
  expect(within(progress).getByText('3 orders of 3 done (100 %)')).toBeTruthy();
  expect(within(progress).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
});

test('a running backfill is cancelled after a confirmation', async () => {
  // BigCommerce answers nothing but 503: the backfill keeps trying its first page.
  h.sim.knobs.apiFailure = 503;
  try {
    renderPage(<BackfillPage />, { token, path: '/backfill' });
    await userEvent.type(await screen.findByLabelText(/^From/), today());
    await userEvent.click(screen.getByRole('button', { name: 'Start backfill' }));
    const progress = screen.getByRole('region', { name: 'Progress' });
    expect(await within(progress).findByText('Estimating the time left…')).toBeTruthy();
    expect(within(progress).getByRole('progressbar').hasAttribute('aria-valuenow')).toBe(false);

    await userEvent.click(within(progress).getByRole('button', { name: 'Cancel backfill' }));
    // The dialog is named by what it asks (BigDesign names only its content; DialogName names the dialog).
    const dialog = await screen.findByRole('dialog', { name: 'Cancel the backfill?' });
    expect(within(dialog).getByRole('heading', { name: 'Cancel the backfill?' })).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep it running' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await userEvent.click(within(progress).getByRole('button', { name: 'Cancel backfill' }));
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel backfill' }),
    );
    expect(await within(progress).findByText('The backfill was cancelled')).toBeTruthy();
    expect(within(progress).queryByRole('button', { name: 'Cancel backfill' })).toBeNull();
  } finally {
    h.sim.knobs.apiFailure = null;
  }
});

test('a plain user sees the progress but not the controls, and is told whom to ask', async () => {
  const staff = await openApp(h, STORE, STAFF);
  renderPage(<BackfillPage />, { token: staff, path: '/backfill' });
  // The store's latest backfill (the one cancelled above), without its controls.
  const progress = await screen.findByRole('region', { name: 'Progress' });
  expect(await within(progress).findByText(/^The backfill (was cancelled|finished)/)).toBeTruthy();
  expect(within(progress).queryByRole('button', { name: 'Cancel backfill' })).toBeNull();
  const start = screen.getByRole('button', { name: 'Start backfill' });
  expect(start.hasAttribute('disabled')).toBe(true);
  expect(
    screen.getByText(/Only the store owner or an app admin can start or cancel a backfill/),
  ).toBeTruthy();
});
