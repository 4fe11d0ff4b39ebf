import type { Locator, Page } from 'playwright-core';
import { saveScreenshot, useBrowser, type PageWatch } from '../helpers/browser';
import { startHarness, type Harness } from './bigcommerce-kit';

describe('BigCommerce simulator: shipments in the control panel Orders section (Chromium)', () => {
  let h: Harness;
  let page: Page;
  let watch: PageWatch;

  useBrowser((current) => ({ page, watch } = current), { viewport: { width: 1280, height: 1400 } });
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h?.close();
  });

  const firstRow = () => page.getByRole('table', { name: 'Recent orders' }).locator('tbody tr').first();

  it("shows each order's status and shipments, and ships the rest by hand", async () => {
    const order = h.sim.placeOrder('demo7x3', {
      lines: [
        { sku: 'MUG-GRY', quantity: 3 },
        { sku: 'TSHIRT-BLK-M', quantity: 1 },
      ],
    });
    const consignments = order['consignments'] as { shipping: Array<{ line_items: Array<{ id: number }> }> };
    const mugId = consignments.shipping[0]?.line_items[0]?.id ?? 0;
    h.sim.createShipment('demo7x3', order.id, {
      items: [{ orderProductId: mugId, quantity: 2 }],
      trackingNumber: '1Z999AA10123456784',
      trackingCarrier: 'ups',
    });
    await page.goto(`${h.sim.controlPanelUrl}?view=orders`);
    await expectText(firstRow(), /#100\s*Awaiting Fulfillment.*1Z999AA10123456784 · ups · 2 × MUG-GRY/);
    await page.getByRole('button', { name: `Actions for order ${order.id}` }).click();
    await page.getByRole('menuitem', { name: `Ship order ${order.id} by hand` }).click();
    await expectText(page.getByRole('status'), `Shipped order #${order.id} (1 shipment(s)).`);
    await expectText(firstRow(), /SANDBOX1002 · usps · 1 × MUG-GRY, 1 × TSHIRT-BLK-M/);
    await saveScreenshot(page, 'bigcommerce-control-panel-shipments');
    // Everything shipped: the Action menu has nothing left to offer (no app extension is registered here).
    expect(await page.getByRole('button', { name: `Actions for order ${order.id}` }).count()).toBe(0);
    expect(h.sim.inspect.order('demo7x3', order.id)?.['items_shipped']).toBe(4);
    expect(watch.problems()).toEqual([]);
  });
});

async function expectText(locator: Locator, expected: string | RegExp): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last = '';
  while (Date.now() < deadline) {
    last = ((await locator.textContent({ timeout: 10_000 })) ?? '').trim();
    if (typeof expected === 'string' ? last === expected : expected.test(last)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Expected text ${String(expected)}, last saw "${last}"`);
}
