/**
 * @jest-environment ./test/helpers/jsdom-environment.js
 */
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { AttentionPage } from '../../client/pages/AttentionPage';
import type { Harness } from '../helpers/harness';
import { renderPage, setApiOrigin } from '../helpers/render-page';
import { salesOrdersFor, startSyncingHarness, STORE, waitForLink } from '../helpers/relay';

jest.setTimeout(60_000);
// The app answers over real sockets on a shared machine: give every find up to 10 s.
configure({ asyncUtilTimeout: 10_000 });

let h: Harness;
let token: string;

beforeAll(async () => {
  ({ h, token } = await startSyncingHarness({ env: { IOM_POLL_INTERVAL_S: '3600' } }));
  setApiOrigin(h.appUrl);
});
afterAll(() => h.close());

test('an empty inbox says nothing needs attention', async () => {
  renderPage(<AttentionPage />, { token, path: '/attention' });
  expect(await screen.findByText(/Nothing needs attention/)).toBeTruthy();
});

test('an unknown SKU: find its group, search the IOM product by name, map it, and the order reaches IOM once', async () => {
  const order = h.sim.placeOrder(STORE, { lines: [{ sku: 'GIFT-CARD-BOX', quantity: 1 }] });
  await waitForLink(h, order.id, (l) => l?.attention?.code === 'unmapped_sku');
  const user = userEvent.setup();
  renderPage(<AttentionPage />, { token, path: '/attention' });

  const group = await screen.findByRole('region', { name: 'Products IOM does not know' });
  expect(within(group).getByRole('heading', { level: 3, name: 'SKU GIFT-CARD-BOX' })).toBeTruthy();
  expect(
    within(group)
      .getByRole('link', { name: `Order ${order.id}` })
      .getAttribute('href'),
  ).toBe(`/orders/${order.id}`);
  const combobox = within(group).getByRole('combobox', { name: 'IOM product for GIFT-CARD-BOX' });
  await user.type(combobox, 'canvas');
  const option = await within(group).findByRole('option', { name: /Canvas Tote/ });
  await user.click(option);
  expect((combobox as HTMLInputElement).value).toBe('Canvas Tote – Natural');
  await user.click(within(group).getByRole('button', { name: 'Map and send 1 order' }));

  expect(
    await screen.findByText(/GIFT-CARD-BOX is mapped to Canvas Tote – Natural\. Retrying 1 order…/),
  ).toBeTruthy();
  expect(
    await screen.findByText(/1 order went through and left the inbox/, {}, { timeout: 15_000 }),
  ).toBeTruthy();
  await waitForLink(h, order.id);
  expect(salesOrdersFor(h, order.id)).toHaveLength(1);
  const tote = h.iom.catalog.products.find((p) => p.sku === 'TOTE-NAT')!;
  expect((await h.deps.storage.mappings.get(STORE, 'sku', 'GIFT-CARD-BOX'))?.target).toBe(tote.productId);
});

test('retry every order of a group in one action: they go through and the group empties', async () => {
  const orders = [];
  for (let i = 0; i < 2; i += 1) {
    h.iom.knobs.forceStatus = { salesorders: 400 };
    const order = h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });
    await waitForLink(h, order.id, (l) => l?.attention?.code === 'iom_rejected');
    orders.push(order);
  }
  h.iom.knobs.forceStatus = {};
  const user = userEvent.setup();
  renderPage(<AttentionPage />, { token, path: '/attention' });
  const group = await screen.findByRole('region', { name: 'IOM refused the order' });
  expect(within(group).getByText(/Dataverse refused the request/)).toBeTruthy();
  await user.click(within(group).getByRole('button', { name: 'Retry all 2 orders' }));
  expect(
    await screen.findByText(/2 orders went through and left the inbox/, {}, { timeout: 15_000 }),
  ).toBeTruthy();
  await waitFor(() => expect(screen.queryByRole('region', { name: 'IOM refused the order' })).toBeNull());
  for (const order of orders) expect(salesOrdersFor(h, order.id)).toHaveLength(1);
});
