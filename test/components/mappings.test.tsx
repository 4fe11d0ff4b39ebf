/**
 * @jest-environment ./test/helpers/jsdom-environment.js
 */
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { MappingsPage } from '../../client/pages/MappingsPage';
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

test('products: map a SKU found by name, the waiting order reaches IOM once; auto-matches are listed', async () => {
  const matched = h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-WHT', quantity: 1 }] });
  await waitForLink(h, matched.id);
  const parked = h.sim.placeOrder(STORE, { lines: [{ sku: 'GIFT-CARD-BOX', quantity: 1 }] });
  await waitForLink(h, parked.id, (l) => l?.attention?.code === 'unmapped_sku');
  const user = userEvent.setup();
  renderPage(<MappingsPage />, { token, path: '/mappings' });

  const productsTab = await screen.findByRole('tab', { name: 'Products' });
  expect(productsTab.getAttribute('aria-selected')).toBe('true');
  expect(document.getElementById(productsTab.getAttribute('aria-controls')!)?.getAttribute('role')).toBe(
    'tabpanel',
  );

  const auto = await screen.findByRole('region', { name: 'Matched automatically' });
  const autoTable = await within(auto).findByRole(
    'table',
    { name: /SKUs matched automatically/ },
    { timeout: 10_000 },
  );
  expect(within(autoTable).getByText('MUG-WHT')).toBeTruthy();
  expect(within(autoTable).getByText('Ceramic Mug – White')).toBeTruthy();
  expect(within(auto).getByText(/GIFT-CARD-BOX \(1 order\)/)).toBeTruthy();

  const products = screen.getByRole('region', { name: 'Product mappings' });
  expect(await within(products).findByText(/No SKU is mapped by hand/)).toBeTruthy();
  await user.click(within(auto).getByRole('button', { name: 'Map GIFT-CARD-BOX' }));
  expect((within(products).getByRole('textbox', { name: 'BigCommerce SKU' }) as HTMLInputElement).value).toBe(
    'GIFT-CARD-BOX',
  );
  await user.type(within(products).getByRole('combobox', { name: 'IOM product' }), 'tote');
  await user.keyboard('{ArrowDown}');
  await within(products).findByRole('option', { name: /Canvas Tote/ }, { timeout: 10_000 });
  await user.keyboard('{Enter}');
  await user.click(within(products).getByRole('button', { name: 'Save mapping' }));
  expect(
    await within(products).findByText(
      'GIFT-CARD-BOX is mapped to Canvas Tote – Natural. 1 waiting order was queued again.',
    ),
  ).toBeTruthy();
  const table = within(products).getByRole('table', { name: /SKU mappings/ });
  expect(await within(table).findByText('Canvas Tote – Natural')).toBeTruthy();
  // The automatic matches are worked out again: GIFT-CARD-BOX is mapped by hand now.
  expect(
    await within(auto).findByText(/1 mapped by hand, 0 with no IOM product/, {}, { timeout: 10_000 }),
  ).toBeTruthy();
  await waitFor(() => expect(salesOrdersFor(h, parked.id)).toHaveLength(1), { timeout: 10_000 });
  expect((await h.deps.storage.orderLinks.get(STORE, parked.id))?.syncState).toBe('synced');
});

test('CSV import: a bad row imports nothing and is listed by row; a good file imports', async () => {
  const user = userEvent.setup();
  renderPage(<MappingsPage />, { token, path: '/mappings' });
  const csv = await screen.findByRole('region', { name: 'Import and export' });
  const file = within(csv).getByLabelText('CSV file to import');
  await user.upload(
    file,
    new File(['sku,iom_product_id,iom_product_number\r\nPOSTER-OLD,not-a-guid,\r\n'], 'bad.csv', {
      type: 'text/csv',
    }),
  );
  await user.click(within(csv).getByRole('button', { name: 'Import' }));
  expect(await within(csv).findByText('Nothing was imported')).toBeTruthy();
  const problems = within(csv).getByRole('table', { name: /Import problems/ });
  expect(within(problems).getByText('iom_product_id')).toBeTruthy();
  expect(within(problems).getByText(/is not a GUID/)).toBeTruthy();
  expect(await h.deps.storage.mappings.get(STORE, 'sku', 'POSTER-OLD')).toBeNull();

  await user.upload(
    file,
    new File(['sku,iom_product_id,iom_product_number\nPOSTER-OLD,,POSTER-A3-SEA\n'], 'good.csv', {
      type: 'text/csv',
    }),
  );
  await user.click(within(csv).getByRole('button', { name: 'Import' }));
  expect(await within(csv).findByText('1 mapping imported')).toBeTruthy();
  const poster = h.iom.catalog.products.find((p) => p.sku === 'POSTER-A3-SEA')!;
  expect((await h.deps.storage.mappings.get(STORE, 'sku', 'POSTER-OLD'))?.target).toBe(poster.productId);
  const products = screen.getByRole('region', { name: 'Product mappings' });
  expect(await within(products).findByText('Seascape Poster A3', {}, { timeout: 10_000 })).toBeTruthy();

  // The search narrows the hand mappings to the SKUs that contain the text.
  expect(within(products).getByText('GIFT-CARD-BOX')).toBeTruthy();
  const search = within(products).getByRole('search', { name: 'Search the SKU mappings' });
  await user.type(within(search).getByRole('searchbox', { name: 'SKU contains' }), 'poster');
  await user.click(within(search).getByRole('button', { name: 'Search' }));
  await waitFor(() => {
    expect(within(products).getByText('POSTER-OLD')).toBeTruthy();
    expect(within(products).queryByText('GIFT-CARD-BOX')).toBeNull();
  });
});

test('order statuses both ways: the allow-list, the IOM outcome map and the locks are saved', async () => {
  const user = userEvent.setup();
  renderPage(<MappingsPage />, { token, path: '/mappings' });
  await user.click(await screen.findByRole('tab', { name: 'Order statuses' }));
  const region = await screen.findByRole('region', { name: 'Order statuses' });
  expect(within(region).getByRole('heading', { level: 3, name: 'BigCommerce → IOM' })).toBeTruthy();
  expect(within(region).getByRole('heading', { level: 3, name: 'IOM → BigCommerce' })).toBeTruthy();
  await user.click(within(region).getByRole('combobox', { name: /^Shipped: set the status to/ }));
  await user.click(await screen.findByRole('option', { name: 'Completed' }));
  await user.click(within(region).getByRole('button', { name: 'Save' }));
  expect(await within(region).findByText('Status mappings saved')).toBeTruthy();
  const stored = (await h.deps.storage.settings.get(STORE)) as Record<string, unknown> | null;
  expect(JSON.stringify(stored)).toMatch(/"shipped":10/);
});

test('carriers: add an IOM carrier inline, then it shows as your mapping and can be reset', async () => {
  const user = userEvent.setup();
  renderPage(<MappingsPage />, { token, path: '/mappings' });
  await user.click(await screen.findByRole('tab', { name: 'Carriers' }));
  const region = await screen.findByRole('region', { name: 'Carriers' });
  const table = await within(region).findByRole('table', { name: /Carrier mappings/ });
  expect(within(table).getByText('UPS')).toBeTruthy();
  await user.type(within(region).getByRole('textbox', { name: 'IOM carrier name' }), 'Parcel Co');
  await user.type(
    within(region).getByRole('textbox', { name: 'Tracking carrier for Parcel Co' }),
    'parcel-co',
  );
  await user.click(within(region).getByRole('button', { name: 'Save' }));
  expect(await within(region).findByText(/Parcel Co is mapped\./)).toBeTruthy();
  const row = (await within(table).findByText('Parcel Co')).closest('tr')!;
  expect(within(row).getByText('Your mapping')).toBeTruthy();
  expect(within(row).getByText('parcel-co')).toBeTruthy();
  await user.click(within(row).getByRole('button', { name: 'Reset Parcel Co' }));
  await waitFor(() => expect(within(table).queryByText('Parcel Co')).toBeNull());
  // A built-in carrier opens in the editor with its current values.
  await user.click(within(table).getByRole('button', { name: 'Change UPS' }));
  expect(within(region).getByRole('heading', { level: 3, name: 'Change UPS' })).toBeTruthy();
  expect(
    (within(region).getByRole('textbox', { name: 'Tracking carrier for UPS' }) as HTMLInputElement).value,
  ).toBe('ups');
});
