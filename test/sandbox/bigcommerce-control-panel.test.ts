import type { Locator, Page } from 'playwright-core';
import { scanAccessibility } from '../helpers/axe';
import { saveScreenshot, useBrowser, type PageWatch } from '../helpers/browser';
import { install, startHarness, type Harness } from './bigcommerce-kit';

const DEFAULT_SCOPES = 'store_v2_orders store_v2_information_read_only store_app_extensions_manage';

describe('BigCommerce simulator: control panel page (Chromium)', () => {
  let h: Harness;
  let page: Page;
  let watch: PageWatch;

  useBrowser((current) => ({ page, watch } = current), { viewport: { width: 1280, height: 860 } });
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h?.close();
  });

  const frameText = () => page.frameLocator('#app-frame').locator('#message');
  const status = () => page.getByRole('status');
  const badge = () => page.locator('#install-state');

  it('installs, opens with a deep link as staff, removes that user and uninstalls, like a merchant', async () => {
    await page.goto(h.sim.controlPanelUrl);
    await page.getByRole('heading', { name: 'IOM Connector' }).waitFor();
    await expectText(page.getByRole('navigation', { name: 'Control panel' }), /Demo Outfitters/);
    await expectText(page.getByRole('navigation', { name: 'Breadcrumb' }), /Apps\s*›?\s*IOM Connector/);
    expect(await page.getByRole('combobox', { name: 'Store' }).inputValue()).toBe('demo7x3');
    expect(await page.getByRole('combobox', { name: 'Signed in as' }).inputValue()).toBe('7654321');
    expect(await page.getByRole('button', { name: 'Remove user' }).isDisabled()).toBe(true);
    await expectText(badge(), 'Not installed');

    await page.getByRole('button', { name: 'Open app' }).click();
    await expectText(status(), /IOM Connector is not installed on Demo Outfitters/);
    expect(await page.locator('#app-frame').getAttribute('src')).toBe('about:blank');

    await page.getByRole('button', { name: 'Install app' }).click();
    await expectText(frameText(), `Installed on stores/demo7x3 with scopes ${DEFAULT_SCOPES}`);
    await expectText(badge(), 'Installed');
    expect(h.sim.inspect.currentToken('demo7x3')).not.toBeNull();

    await page.getByRole('combobox', { name: 'Signed in as' }).selectOption({ label: 'staff@example.com' });
    await page.getByRole('textbox', { name: 'Deep link path' }).fill('/orders/42');
    await page.getByRole('button', { name: 'Open app' }).click();
    await expectText(frameText(), 'Loaded for staff@example.com at /orders/42');
    await saveScreenshot(page, 'bigcommerce-control-panel');

    await page.getByRole('button', { name: 'Remove user' }).click();
    await expectText(status(), /Removed staff@example.com\. The app's \/remove_user answered 200/);
    expect(
      await page.getByRole('combobox', { name: 'Signed in as' }).locator('option').allTextContents(),
    ).toEqual(['owner@example.com (owner)']);
    expect(h.app.calls.map((c) => c.path)).toContain('/remove_user');

    await page.getByRole('button', { name: 'Uninstall' }).click();
    await expectText(status(), /Uninstalled\. The app's \/uninstall answered 200/);
    await expectText(badge(), 'Not installed');
    expect(h.sim.inspect.currentToken('demo7x3')).toBeNull();

    expect(watch.problems()).toEqual([]);
  });

  it('switches stores, showing each store’s name, users and install state', async () => {
    await install(h, 'demo7x3');
    await page.goto(h.sim.controlPanelUrl);
    await expectText(badge(), 'Installed');
    // The installed app opens by itself, as on BigCommerce's Apps page.
    await expectText(frameText(), 'Loaded for owner@example.com at /');
    await page.getByRole('combobox', { name: 'Store' }).selectOption('othr9k2');
    await expectText(page.getByRole('navigation', { name: 'Control panel' }), /Other Goods Co\./);
    await expectText(badge(), 'Not installed');
    expect(
      await page.getByRole('combobox', { name: 'Signed in as' }).locator('option').allTextContents(),
    ).toEqual(['other-owner@example.com (owner)']);
    expect(watch.problems()).toEqual([]);
  });

  it('preselects the store and user named in the query string', async () => {
    await page.goto(`${h.sim.controlPanelUrl}?store=demo7x3&user=9876543`);
    expect(await page.getByRole('combobox', { name: 'Signed in as' }).inputValue()).toBe('9876543');
    expect(await page.getByRole('button', { name: 'Remove user' }).isDisabled()).toBe(false);
    expect(watch.problems()).toEqual([]);
  });

  it('after a scope change, opening the app re-installs with the new scopes instead of loading', async () => {
    await install(h, 'demo7x3');
    const wider = `${DEFAULT_SCOPES} store_v2_transactions_read_only`;
    h.sim.setAppScopes(wider);
    // The Apps page opens the installed app by itself: after a scope change that is the re-consent.
    await page.goto(h.sim.controlPanelUrl);
    await expectText(status(), /asks for new permissions/);
    await expectText(frameText(), `Installed on stores/demo7x3 with scopes ${wider}`);
    expect(watch.problems()).toEqual([]);
  });
});

describe('BigCommerce simulator: control panel Orders area and App Extensions (Chromium)', () => {
  let h: Harness;
  let page: Page;
  let watch: PageWatch;

  useBrowser((current) => ({ page, watch } = current), { viewport: { width: 1280, height: 1200 } });
  beforeEach(async () => {
    h = await startHarness({
      notes: [{ title: 'Sandbox IOM', rows: [{ label: 'Client secret', value: 'sec-ret~1' }] }],
      links: [{ label: 'Mail inbox', url: 'http://127.0.0.1:9/inbox' }],
    });
  });
  afterEach(async () => {
    await h?.close();
  });

  const frameText = () => page.frameLocator('#app-frame').locator('#message');

  it("the side navigation's Orders lists orders with an Action menu whose app extension opens the order in the app", async () => {
    const { access_token: token } = await install(h, 'demo7x3');
    const created = await fetch(`${h.sim.url}/stores/demo7x3/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': token },
      body: JSON.stringify({
        query:
          'mutation { appExtension { createAppExtension(input: { context: LINK, model: ORDERS, url: "/orders/${id}", label: { defaultValue: "View in app", locales: [] } }) { appExtension { id } } } }',
      }),
    });
    expect(((await created.json()) as { errors?: unknown }).errors).toBeUndefined();
    h.sim.placeOrder('demo7x3', { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });
    h.sim.placeOrder('demo7x3', { lines: [{ sku: 'MUG-GRY', quantity: 2 }] });

    await page.goto(h.sim.controlPanelUrl);
    await expectText(frameText(), 'Loaded for owner@example.com at /');
    const nav = page.getByRole('navigation', { name: 'Control panel' });
    await nav.getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Orders' }).getAttribute('aria-current')).toBe('page');
    expect(new URL(page.url()).searchParams.get('view')).toBe('orders');
    await expectText(page.getByRole('table', { name: 'Recent orders' }).locator('tbody tr').first(), /^#101/);

    const menuButton = page.getByRole('button', { name: 'Actions for order 100' });
    await menuButton.waitFor();
    expect(await scanAccessibility(page)).toEqual([]);
    await menuButton.click();
    expect(await menuButton.getAttribute('aria-expanded')).toBe('true');
    const menu = page.getByRole('menu', { name: 'Actions for order 100' });
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(['Ship by hand', 'View in app']);
    await page.keyboard.press('Escape');
    expect(await menu.isHidden()).toBe(true);
    await menuButton.click();
    await menu.getByRole('menuitem', { name: 'View in app' }).click();

    // As BigCommerce does: the Apps area, the app loaded with the template filled with the order id.
    await expectText(frameText(), 'Loaded for owner@example.com at /orders/100');
    await page.getByRole('heading', { level: 1, name: 'IOM Connector' }).waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBe('apps');
    await saveScreenshot(page, 'bigcommerce-control-panel-app-extension');
    expect(watch.problems()).toEqual([]);
  });

  it('copies a sandbox value with its Copy button, and lists the links option in the side navigation', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(h.sim.controlPanelUrl);
    await page.getByRole('button', { name: 'Copy Client secret' }).click();
    await expectText(page.getByRole('status'), 'Copied the Client secret to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('sec-ret~1');
    const link = page
      .getByRole('navigation', { name: 'Control panel' })
      .getByRole('link', { name: /Mail inbox/ });
    expect(await link.getAttribute('href')).toBe('http://127.0.0.1:9/inbox');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(watch.problems()).toEqual([]);
  });
});

describe('BigCommerce simulator: control panel helpers', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  const post = (action: string, body: string, contentType = 'application/json') =>
    fetch(`${h.sim.url}/sandbox/control-panel/${action}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });

  it('accepts only JSON bodies, so other sites cannot drive it with plain form posts', async () => {
    const res = await post('install', 'store=demo7x3&user=7654321', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(415);
  });

  it('answers a refused action with ok: false and the reason', async () => {
    const res = await post('load-url', JSON.stringify({ store: 'demo7x3', user: 7654321 }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: false, message: expect.stringMatching(/not installed/) });
    const invalid = await post('install', JSON.stringify({ store: 'demo7x3', user: 'owner' }));
    expect(await invalid.json()).toEqual({ ok: false, message: expect.stringMatching(/user/) });
  });

  it('returns an /auth URL for Install app that the app can exchange', async () => {
    const res = await post('install', JSON.stringify({ store: 'othr9k2', user: 1111111 }));
    const body = (await res.json()) as { ok: boolean; url: string };
    expect(body.ok).toBe(true);
    expect(body.url).toMatch(
      new RegExp(`^${h.app.url}/auth\\?code=[a-z0-9]+&scope=.+&context=stores%2Fothr9k2&account_uuid=`),
    );
  });
});

/** Waits until the locator's text matches (playwright-core has no `expect`, so poll). */
async function expectText(locator: Locator, expected: string | RegExp): Promise<void> {
  const deadline = Date.now() + 5000;
  let last = '';
  while (Date.now() < deadline) {
    last = ((await locator.textContent({ timeout: 5000 })) ?? '').trim();
    if (typeof expected === 'string' ? last === expected : expected.test(last)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Expected text ${String(expected)}, last saw "${last}"`);
}
