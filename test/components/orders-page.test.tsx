/**
 * @jest-environment ./test/helpers/jsdom-environment.js
 */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { OrdersPage } from '../../client/pages/OrdersPage';
import { ownerSession, startHarness, type Harness } from '../helpers/harness';
import { renderPage, setApiOrigin } from '../helpers/render-page';

let h: Harness;
let token: string;

beforeAll(async () => {
  h = await startHarness();
  token = await ownerSession(h);
  setApiOrigin(h.appUrl);
});
afterAll(() => h.close());

test('a store with no orders says where orders come from, and a search that finds nothing says so', async () => {
  renderPage(<OrdersPage />, { token, path: '/orders' });
  expect(await screen.findByText(/No orders yet/)).toBeTruthy();
  await userEvent.type(screen.getByRole('searchbox'), 'nobody@example.com{Enter}');
  expect(await screen.findByText(/nobody@example.com/)).toBeTruthy();
});
