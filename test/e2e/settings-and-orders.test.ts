import type { FrameLocator, Locator, Page } from 'playwright-core';

import { saveScreenshot, type PageWatch } from '../helpers/browser';
import { useControlPanelBrowser } from '../helpers/control-panel-browser';
import { installStore, type Harness } from '../helpers/harness';

const STORE = 'demo7x3';
const OWNER = 7654321;

jest.setTimeout(90_000);

/**
 * The merchant turns syncing on in Settings and follows an order into IOM on the Orders pages, in real
 * Chromium, inside the simulated BigCommerce control panel, against the real app and the simulators.
 */
describe('the Settings and Orders pages (Chromium, real app and simulators)', () => {
  let h: Harness;
  let page: Page;
  let watch: PageWatch;
  useControlPanelBrowser((current) => ({ h, page, watch } = current), {
    stepTimeoutMs: 10_000,
    beforeEachPage: async (harness) => {
      harness.iom.reset();
      await harness.deps.storage.connections.delete(STORE);
      await harness.deps.storage.settings.delete(STORE);
    },
  });

  const frame = (): FrameLocator => page.frameLocator('#app-frame');
  const nav = (app: FrameLocator | Page) => app.getByRole('navigation', { name: 'IOM Connector' });
  const textOf = async (locator: Locator): Promise<string> => (await locator.textContent()) ?? '';

  /** The accessible description of a control: the text of the elements its aria-describedby names. */
  const descriptionOf = (locator: Locator): Promise<string> =>
    locator.evaluate((element) =>
      (element.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => element.ownerDocument.getElementById(id)?.textContent ?? '')
        .join(' '),
    );

  async function shoot(name: string): Promise<void> {
    await page.waitForTimeout(400);
    await saveScreenshot(page, name);
  }

  async function installInControlPanel(): Promise<FrameLocator> {
    await page.goto(h.sim.controlPanelUrl);
    await page.getByRole('button', { name: 'Install app' }).click();
    const app = frame();
    await app.getByRole('heading', { name: 'IOM Connector' }).waitFor();
    return app;
  }

  async function connectIom(app: FrameLocator | Page): Promise<void> {
    await nav(app).getByRole('link', { name: 'IOM connection' }).click();
    const form = app.getByRole('form', { name: 'Connection details' });
    await form.getByLabel('Dataverse environment URL').fill(h.iom.environmentUrl);
    await form.getByLabel('Directory (tenant) ID').fill(h.iom.credentials.tenantId);
    await form.getByLabel('Application (client) ID').fill(h.iom.credentials.clientId);
    await form.getByLabel('Client secret').fill(h.iom.credentials.clientSecret);
    await form.getByRole('button', { name: 'Save and test' }).click();
    await app
      .getByRole('region', { name: 'Connection test' })
      .getByRole('alert')
      .getByText('Connected — every check passed')
      .waitFor();
  }

  /** Opens a BigDesign Select by its label and picks an option by its text. */
  async function choose(scope: Locator, label: string, option: string): Promise<void> {
    await scope.getByRole('combobox', { name: label }).click();
    await frame().getByRole('option', { name: option }).click();
    await expect(scope.getByRole('combobox', { name: label }).inputValue()).resolves.toBe(option);
  }

  it('turns syncing on (refusing it without an account), then follows a placed order into IOM', async () => {
    const app = await installInControlPanel();
    await connectIom(app);
    const puts: unknown[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT' && new URL(request.url()).pathname === '/api/settings') {
        puts.push(request.postDataJSON());
      }
    });

    await nav(app).getByRole('link', { name: 'Settings' }).click();
    const settings = app.getByRole('region', { name: 'Sync orders' });
    await settings.getByRole('combobox', { name: 'IOM account' }).waitFor();
    await expect(nav(app).getByRole('link', { name: 'Settings' }).getAttribute('aria-current')).resolves.toBe(
      'page',
    );
    const syncSwitch = settings.getByRole('checkbox', { name: 'Sync orders to IOM' });
    await expect(syncSwitch.isChecked()).resolves.toBe(false);

    // Sync on without an account or price list: the server names both fields; each shows its problem.
    watch.expectHttpError('/api/settings', 400);
    await settings.getByText('Sync orders to IOM', { exact: true }).click();
    await expect(syncSwitch.isChecked()).resolves.toBe(true);
    await settings.getByRole('button', { name: 'Save' }).click();
    const refused = settings.getByRole('alert').filter({ hasText: 'The settings were not saved' });
    await refused.waitFor();
    await expect(textOf(refused)).resolves.toContain(
      'Fix the 2 fields marked in red: IOM account and Price list.',
    );
    const account = settings.getByRole('combobox', { name: 'IOM account' });
    await expect(account.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(descriptionOf(account)).resolves.toContain('IOM account is required to turn syncing on');
    await expect(descriptionOf(settings.getByRole('combobox', { name: 'Price list' }))).resolves.toContain(
      'Price list is required to turn syncing on',
    );
    expect((await h.deps.storage.settings.get(STORE)) ?? {}).not.toMatchObject({ syncEnabled: true });
    await shoot('settings-field-errors');

    // Choosing the account clears its error; with a price list too, it saves.
    await choose(settings, 'IOM account', h.iom.catalog.accountName);
    await expect(account.getAttribute('aria-invalid')).resolves.toBeNull();
    await choose(settings, 'Price list', 'MasterPriceList');
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings.getByRole('alert').filter({ hasText: 'Settings saved' }).waitFor();
    // Each Save sends only what changed.
    expect(puts).toEqual([
      { syncEnabled: true },
      {
        syncEnabled: true,
        defaultAccountId: h.iom.catalog.accountId,
        priceListId: h.iom.catalog.priceLevelId,
      },
    ]);
    expect(await h.deps.storage.settings.get(STORE)).toMatchObject({
      syncEnabled: true,
      defaultAccountId: h.iom.catalog.accountId,
      priceListId: h.iom.catalog.priceLevelId,
    });
    await shoot('settings-saved');

    // An order placed in BigCommerce shows up on the Orders page and becomes Synced.
    const order = h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });
    await nav(app).getByRole('link', { name: 'Orders' }).click();
    const orders = app.getByRole('region', { name: 'Orders' });
    const row = orders.getByRole('row').filter({ has: app.getByRole('link', { name: `Order ${order.id}` }) });
    await row.getByText('Synced', { exact: true }).waitFor({ timeout: 20_000 });
    const link = (await h.deps.storage.orderLinks.get(STORE, order.id))!;
    expect(link.syncState).toBe('synced');
    await expect(textOf(row)).resolves.toContain(link.iomSalesOrderId!);
    await shoot('orders-synced');

    // Filtering by state and searching by id narrow the list.
    await orders.getByRole('tab', { name: 'Needs attention' }).click();
    await orders.getByText('No order is needs attention.').waitFor();
    await orders.getByRole('tab', { name: 'All' }).click();
    await orders.getByLabel('Order id or customer e-mail').fill(String(order.id));
    await orders.getByRole('button', { name: 'Search' }).click();
    await expect(orders.getByRole('link', { name: /^Order \d+$/ }).count()).resolves.toBe(1);

    // The order's page: state, IOM id, and the timeline up to the sales order.
    await row.getByRole('link', { name: `Order ${order.id}` }).click();
    const detail = app.getByRole('region', { name: `Order #${order.id}` });
    await detail.waitFor();
    await expect(textOf(detail)).resolves.toContain(link.iomSalesOrderId!);
    const timeline = app.getByRole('region', { name: 'Timeline' });
    await timeline.getByText(/IOM sales order .* created/).waitFor();
    await expect(nav(app).getByRole('link', { name: 'Orders' }).getAttribute('aria-current')).resolves.toBe(
      'page',
    );

    // Preview shows what would be sent, as JSON.
    await detail.getByRole('button', { name: 'Preview' }).click();
    const preview = app.getByRole('region', { name: 'Preview' });
    await preview.getByText('Sales order body', { exact: true }).waitFor();
    const body = JSON.parse(await textOf(preview.locator('pre code'))) as Record<string, unknown>;
    expect(JSON.stringify(body)).toContain(`bigcommerce_${STORE}_${order.id}`);

    // Nothing has come back from IOM yet.
    const shipments = app.getByRole('region', { name: 'Shipments', exact: true });
    await shipments.getByText(/Nothing has come back from IOM/).waitFor();

    // IOM ships it; Re-sync queues the order again (the timeline says so), reads IOM's side too, and
    // the shipment written to BigCommerce shows up in the Shipments panel and the timeline.
    h.iom.operator.ship(h.iom.operator.createFulfillmentOrder(link.iomSalesOrderId!).fulfillmentOrderId, {
      carrier: 'UPS',
      trackingNumber: '1ZE2E0000001',
    });
    await detail.getByRole('button', { name: 'Re-sync' }).click();
    await detail.getByRole('alert').filter({ hasText: 'Re-sync queued' }).waitFor();
    await timeline.getByText(/asked to re-sync the order/).waitFor();
    const created = shipments
      .getByRole('region', { name: 'Shipments in BigCommerce' })
      .getByRole('row')
      .filter({ hasText: '1ZE2E0000001' });
    await created.waitFor({ timeout: 20_000 });
    await expect(textOf(created)).resolves.toMatch(/UPS.*MUG-GRY × 1/);
    expect(h.sim.inspect.shipments(STORE, order.id).map((s) => s.tracking_number)).toEqual(['1ZE2E0000001']);
    await expect(
      textOf(timeline.getByRole('row').filter({ hasText: /Shipment 1ZE2E0000001 .*created in BigCommerce/ })),
    ).resolves.toContain('IOM → BigCommerce');
    await shoot('order-detail');

    expect(watch.problems()).toEqual([]);
  });

  it('says "Connect IOM first" instead of the IOM selects while IOM is not connected', async () => {
    const app = await installInControlPanel();
    const iomReads: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/api/iom/')) iomReads.push(pathname);
    });
    await nav(app).getByRole('link', { name: 'Settings' }).click();
    const settings = app.getByRole('region', { name: 'Sync orders' });
    await settings.getByText('Connect IOM first').waitFor();
    await expect(settings.getByRole('combobox', { name: 'IOM account' }).count()).resolves.toBe(0);
    await expect(settings.getByRole('combobox', { name: 'Unmapped SKUs' }).count()).resolves.toBe(1);
    expect(iomReads).toEqual([]);
    await settings.getByRole('link', { name: /Connect IOM/ }).click();
    await app.getByRole('form', { name: 'Connection details' }).waitFor();

    // A search that finds nothing says so.
    await nav(app).getByRole('link', { name: 'Orders' }).click();
    const orders = app.getByRole('region', { name: 'Orders' });
    await orders.getByLabel('Order id or customer e-mail').fill('nobody@example.com');
    await orders.getByRole('button', { name: 'Search' }).click();
    await orders.getByText('No order matches “nobody@example.com”.').waitFor();

    expect(watch.problems()).toEqual([]);
  });

  it('keeps Save in view in a 560 px high frame at 1366 px', async () => {
    expect((await installStore(h, STORE)).status).toBe(200);
    await page.setViewportSize({ width: 1366, height: 560 });
    await page.goto(await h.sim.loadUrl(STORE, OWNER, '/settings'));
    const save = page.getByRole('region', { name: 'Sync orders' }).getByRole('button', { name: 'Save' });
    await save.waitFor();
    const box = await save.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(560);
    await expect(page.evaluate(() => window.scrollY)).resolves.toBe(0);
    await shoot('settings-1366x560');

    // On a phone the pages scroll down, never sideways.
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shoot('settings-360');
    await page
      .getByRole('navigation', { name: 'IOM Connector' })
      .getByRole('link', { name: 'Orders' })
      .click();
    await page.getByRole('region', { name: 'Orders' }).getByRole('table').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shoot('orders-360');

    expect(watch.problems()).toEqual([]);
  });
});
