import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';

import type { MailCatcher } from '../../scripts/sandbox/mail';
import { scanAccessibility, seriousViolations } from '../helpers/axe';
import { SHOTS_DIR, watchPage, type PageWatch } from '../helpers/browser';
import { useControlPanelBrowser } from '../helpers/control-panel-browser';
import type { Harness } from '../helpers/harness';
import { waitForLink } from '../helpers/relay';

jest.setTimeout(240_000);

const STORE = 'demo7x3';

/**
 * The whole cockpit as a new merchant uses it, in real Chromium through the simulated control panel:
 * install → onboarding → place orders in the store → see them synced → fix an unmapped SKU →
 * ship in the IOM operator page → see the tracking number on the store's order → the failure e-mail
 * in the mail catcher. Every page of the app is photographed at 1366×900 and scanned with axe.
 */
describe('a merchant from install to tracking on the order (Chromium, control panel, real app)', () => {
  let mail: MailCatcher;
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  let merchantClicks = 0;
  useControlPanelBrowser(
    (current) => {
      ({ h, browser, page, watch } = current);
      mail = current.mail!;
    },
    {
      mail: true,
      harness: { env: { IOM_POLL_INTERVAL_S: '5' } },
      viewport: { width: 1366, height: 900 },
      pagePer: 'file',
      stepTimeoutMs: 20_000,
    },
  );

  const app = (): FrameLocator => page.frameLocator('#app-frame');
  async function appFrame(): Promise<Frame> {
    const frame = await (await page.locator('#app-frame').elementHandle())?.contentFrame();
    if (!frame) throw new Error('the control panel shows no app frame');
    return frame;
  }
  /** What the merchant sees (the control panel with the app in it), as test-results/<name>.png. */
  async function shoot(name: string): Promise<void> {
    await mkdir(SHOTS_DIR, { recursive: true });
    await page.waitForTimeout(250); // let the last state change paint
    await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`) });
  }
  async function expectAccessible(): Promise<void> {
    expect(seriousViolations(await scanAccessibility(await appFrame()))).toEqual([]);
  }
  async function click(locator: ReturnType<FrameLocator['getByRole']>): Promise<void> {
    merchantClicks += 1;
    await locator.click();
  }
  async function openAppPage(label: string): Promise<void> {
    await app().getByRole('navigation', { name: 'IOM Connector' }).getByRole('link', { name: label }).click();
  }
  async function controlPanel(item: 'Orders' | 'Apps'): Promise<void> {
    await page.getByRole('navigation', { name: 'Control panel' }).getByRole('link', { name: item }).click();
  }
  async function placeOrder(skus: string[]): Promise<number> {
    await page.getByRole('combobox', { name: 'SKU, line 1' }).selectOption(skus[0]!);
    for (const [index, sku] of skus.slice(1).entries()) {
      await page.getByRole('button', { name: 'Add a line' }).click();
      await page.getByRole('combobox', { name: `SKU, line ${index + 2}` }).selectOption(sku);
    }
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    const status = page.getByRole('status').filter({ hasText: /Placed order #\d+/ });
    await status.waitFor();
    const id = Number(/Placed order #(\d+)/.exec((await status.textContent()) ?? '')?.[1]);
    expect(id).toBeGreaterThan(0);
    return id;
  }

  it('installs, onboards in five clicks, relays, fixes an unmapped SKU, ships and is told by e-mail', async () => {
    await page.goto(h.sim.controlPanelUrl);
    await page.getByRole('button', { name: 'Install app' }).click();

    // Onboarding opens by itself in the app's iframe.
    await app().getByText('Step 1 of 5: Connect IOM').waitFor({ state: 'attached' });
    await shoot('flow-1-onboarding-connect');
    await expectAccessible();
    await app().getByLabel('Dataverse environment URL').fill(h.iom.environmentUrl);
    await app().getByLabel('Directory (tenant) ID').fill(h.iom.credentials.tenantId);
    await app().getByLabel('Application (client) ID').fill(h.iom.credentials.clientId);
    await app().getByLabel('Client secret').fill(h.iom.credentials.clientSecret);
    // From here on, count the merchant's clicks to the first order in IOM.
    await click(app().getByRole('button', { name: 'Save and test' }));
    await app().getByText('Connected — every check passed').waitFor();
    await shoot('flow-2-onboarding-test');
    await click(app().getByRole('button', { name: 'Continue' }));
    const defaults = app().getByRole('region', { name: 'Choose the IOM defaults' });
    await defaults.getByRole('button', { name: 'Save and continue' }).waitFor();
    await (
      await appFrame()
    ).waitForFunction(() =>
      [...document.querySelectorAll<HTMLInputElement>('input[role="combobox"]')].every((i) => i.value !== ''),
    );
    await shoot('flow-3-onboarding-defaults');
    await click(defaults.getByRole('button', { name: 'Save and continue' }));
    const filter = app().getByRole('region', { name: 'Choose which orders go to IOM' });
    await shoot('flow-4-onboarding-filter');
    await click(filter.getByRole('button', { name: 'Save and continue' }));
    const preview = app().getByRole('region', { name: 'Preview an order, then go live' });
    await preview.getByRole('button', { name: 'Start syncing' }).waitFor();
    await shoot('flow-5-onboarding-preview');
    await click(preview.getByRole('button', { name: 'Start syncing' }));
    await app()
      .getByRole('link', { name: 'Dashboard' })
      .and(app().locator('[aria-current="page"]'))
      .waitFor();
    expect(merchantClicks).toBeLessThanOrEqual(5);
    expect(await h.deps.storage.settings.get(STORE)).toMatchObject({ syncEnabled: true });

    // Failure e-mails to the merchant's operations address.
    await openAppPage('Settings');
    const notifications = app().getByRole('region', { name: 'Notifications' });
    await notifications.getByRole('checkbox', { name: 'Send failure e-mails' }).check({ force: true });
    await notifications.getByRole('textbox', { name: 'Recipient 1' }).fill('ops@example.com');
    await notifications.getByRole('button', { name: 'Save' }).click();
    await notifications.getByText(/saved/i).first().waitFor();
    await shoot('flow-settings');
    await expectAccessible();

    // Orders placed in the store: one IOM knows every product of, one with a SKU IOM has no product for.
    await controlPanel('Orders');
    const shipped = await placeOrder(['MUG-GRY']);
    const parked = await placeOrder(['GIFT-CARD-BOX']);
    const shippedLink = await waitForLink(h, shipped, (l) => l?.syncState === 'synced', 30_000);
    expect(shippedLink?.iomSalesOrderId).toBeTruthy();
    await waitForLink(h, parked, (l) => l?.syncState === 'needs_attention', 30_000);

    // The merchant sees them in the app: the dashboard and the order list.
    await controlPanel('Apps');
    await app().getByRole('link', { name: 'Dashboard' }).waitFor();
    await openAppPage('Orders');
    await app()
      .getByRole('link', { name: `Order ${shipped}` })
      .waitFor();
    await app()
      .getByRole('link', { name: `Order ${parked}` })
      .waitFor();
    await shoot('flow-orders');
    await expectAccessible();

    // The failure e-mail is in the mail catcher at once (the digest does not wait 15 minutes for its first).
    const digest = await mail.waitForMessage((m) => m.subject.includes('need'), 20_000);
    expect(digest.to).toContain('ops@example.com');
    expect(digest.text).toContain(String(parked));

    // Needs attention: map the SKU to an IOM product found by name, and the order goes through.
    await openAppPage('Needs attention');
    const group = app().getByRole('region', { name: 'Products IOM does not know' });
    const product = group.getByRole('combobox', { name: 'IOM product for GIFT-CARD-BOX' });
    await product.fill('tote');
    await group.getByRole('option', { name: /Canvas Tote/ }).click();
    await shoot('flow-needs-attention');
    await expectAccessible();
    await group.getByRole('button', { name: 'Map and send 1 order' }).click();
    await app().getByText('1 order went through and left the inbox.').waitFor({ timeout: 40_000 });
    const fixed = await waitForLink(h, parked, (l) => l?.syncState === 'synced', 30_000);
    expect(h.iom.inspect.salesOrders().filter((o) => o.salesOrderId === fixed?.iomSalesOrderId)).toHaveLength(
      1,
    );

    // The warehouse ships the first order in IOM's operator page.
    const orderNumber = h.iom.inspect
      .salesOrders()
      .find((o) => o.salesOrderId === shippedLink?.iomSalesOrderId)?.orderNumber;
    expect(orderNumber).toBeTruthy();
    const operator = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const operatorWatch = watchPage(operator);
    await operator.goto(h.iom.operatorUrl);
    const iomOrder = operator.getByRole('region', { name: `Sales order ${orderNumber}` });
    await iomOrder.getByRole('button', { name: 'Create fulfillment order' }).click();
    const fo = iomOrder.getByRole('region', { name: /^Fulfillment order FO-/ });
    await fo.getByRole('button', { name: 'Ship' }).click();
    await fo.getByLabel('Carrier').selectOption('UPS');
    await fo.getByLabel('Tracking number').fill('1Z-FLOW-0001');
    await fo.getByRole('button', { name: 'Confirm shipment' }).click();
    await fo.getByText(/UPS 1Z-FLOW-0001/).waitFor();
    await operator.screenshot({ path: path.join(SHOTS_DIR, 'flow-iom-operator-shipped.png') });
    expect(operatorWatch.problems()).toEqual([]);
    await operator.close();

    // The tracking number reaches the store's order (IOM is polled every 5 s here).
    await controlPanel('Orders');
    await page.getByText('1Z-FLOW-0001').first().waitFor({ timeout: 30_000 });
    await shoot('flow-control-panel-order-shipped');

    // And the app's order page shows the shipment beside the two-way timeline.
    await controlPanel('Apps');
    await openAppPage('Orders');
    await app()
      .getByRole('link', { name: `Order ${shipped}` })
      .click();
    await app().getByText('1Z-FLOW-0001').first().waitFor({ timeout: 20_000 });
    await shoot('flow-order-detail');
    await expectAccessible();

    // Every other page once, photographed and scanned.
    for (const [label, name] of [
      ['Dashboard', 'flow-dashboard'],
      ['Mappings', 'flow-mappings'],
      ['Backfill', 'flow-backfill'],
      ['IOM connection', 'flow-connection'],
      ['Users', 'flow-users'],
    ] as const) {
      await openAppPage(label);
      await app().getByRole('main').waitFor();
      await app()
        .getByText(/Loading/)
        .first()
        .waitFor({ state: 'hidden' });
      await shoot(name);
      await expectAccessible();
    }

    // The mail catcher's inbox, as the control panel links it.
    const inbox = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await inbox.goto(mail.inboxUrl);
    await inbox.getByText(digest.subject).first().waitFor();
    await inbox.screenshot({ path: path.join(SHOTS_DIR, 'flow-mail-catcher.png') });
    await inbox.close();

    // No session cookie was needed: the app set none.
    expect(await page.context().cookies(h.appUrl)).toEqual([]);
    expect(watch.problems()).toEqual([]);
  });
});
