import type { Page } from 'playwright-core';
import { saveScreenshot, type PageWatch } from '../helpers/browser';
import { useControlPanelBrowser } from '../helpers/control-panel-browser';
import type { Harness } from '../helpers/harness';

jest.setTimeout(60_000);

/**
 * The order action menu item the app registers on install (a BigCommerce App Extension), in real
 * Chromium: from the control panel's order list straight to that order's page in the app.
 */
describe('the order action menu item in the control panel (Chromium, real app)', () => {
  let h: Harness;
  let page: Page;
  let watch: PageWatch;
  useControlPanelBrowser((current) => ({ h, page, watch } = current), { stepTimeoutMs: 10_000 });

  const frame = () => page.frameLocator('#app-frame');

  it("an order's Actions › View in IOM Connector opens that order's page in the app", async () => {
    await page.goto(h.sim.controlPanelUrl);
    await page.getByRole('button', { name: 'Install app' }).click();
    await frame().getByRole('heading', { name: 'IOM Connector' }).waitFor();
    expect(h.sim.inspect.appExtensions('demo7x3')).toEqual([
      expect.objectContaining({ model: 'ORDERS', context: 'LINK', url: '/orders/${id}' }),
    ]);
    const order = h.sim.placeOrder('demo7x3', { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });

    await page
      .getByRole('navigation', { name: 'Control panel' })
      .getByRole('link', { name: 'Orders' })
      .click();
    await page.getByRole('button', { name: `Actions for order ${order.id}` }).click();
    await page
      .getByRole('menu', { name: `Actions for order ${order.id}` })
      .getByRole('menuitem', { name: 'View in IOM Connector' })
      .click();

    await frame()
      .getByRole('region', { name: `Order #${order.id}` })
      .waitFor();
    await page.getByRole('heading', { level: 1, name: 'IOM Connector' }).waitFor();
    await page.waitForTimeout(300);
    await saveScreenshot(page, 'e2e-app-extension-order-page');
    expect(watch.problems()).toEqual([]);
  });
});
