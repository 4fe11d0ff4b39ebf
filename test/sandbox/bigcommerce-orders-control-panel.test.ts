import type { Locator, Page } from 'playwright-core';
import { saveScreenshot, useBrowser, type PageWatch } from '../helpers/browser';
import { startHarness, type Harness } from './bigcommerce-kit';

type Json = Record<string, unknown>;

describe('BigCommerce simulator: control panel Orders section (Chromium)', () => {
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

  const status = () => page.getByRole('status');
  const recentRows = () => page.getByRole('table', { name: 'Recent orders' }).locator('tbody tr');

  it('places a two-address order with a coupon, as a merchant fills in the form', async () => {
    await page.goto(`${h.sim.controlPanelUrl}?view=orders`);
    await page.getByRole('heading', { name: 'Place an order' }).waitFor();
    await page.getByRole('combobox', { name: 'SKU, line 1' }).selectOption('TSHIRT-BLK-M');
    await page.getByRole('spinbutton', { name: 'Quantity, line 1' }).fill('2');
    await page.getByRole('button', { name: 'Add a line' }).click();
    await page.getByRole('combobox', { name: 'SKU, line 2' }).selectOption('GIFT-CARD-BOX');
    await page.getByRole('combobox', { name: 'Ship to, line 2' }).selectOption({ label: 'Address 2' });
    await page.getByRole('textbox', { name: 'Coupon code' }).fill('WELCOME10');
    await page.getByRole('spinbutton', { name: 'Coupon percent' }).fill('10');
    await page.getByRole('combobox', { name: 'Payment status' }).selectOption('pending');
    await page.getByRole('button', { name: 'Place order' }).click();
    await expectText(status(), /Placed order #100 \(\d+\.\d{4} USD\)\./);
    await expectText(recentRows().first(), /#100\s*Awaiting Payment/);
    await saveScreenshot(page, 'bigcommerce-control-panel-orders');

    const order = h.sim.inspect.order('demo7x3', 100) as Json;
    expect(order).toMatchObject({
      status_id: 7,
      payment_status: 'pending',
      items_total: 3,
      shipping_address_count: 2,
    });
    const shipping = (order['consignments'] as { shipping: Json[] }).shipping;
    expect(shipping.map((c) => (c['line_items'] as Json[]).map((l) => l['sku']))).toEqual([
      ['TSHIRT-BLK-M'],
      ['GIFT-CARD-BOX'],
    ]);
    expect(order['coupon_discount']).not.toBe('0.0000');
    expect(watch.problems()).toEqual([]);
  });

  it("opens an order's page as the app links to it (/store-<hash>/manage/orders/<id>): the Orders view, that row marked", async () => {
    const orders = h.sim.placeOrders('demo7x3', 3);
    const target = orders[1]!.id;
    await page.goto(`${h.sim.url}/store-demo7x3/manage/orders/${target}`);
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
    const marked = page.locator('#recent-orders tbody tr[aria-current="true"]');
    await expectText(marked.locator('td').first(), `#${target}`);
    expect(await marked.count()).toBe(1);

    watch.expectHttpError(`/store-nope/manage/orders/${target}`, 404);
    const unknown = await fetch(`${h.sim.url}/store-nope/manage/orders/${target}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/no store "nope"/);
    expect(watch.problems()).toEqual([]);
  });

  it('places 1,000 orders with one click', async () => {
    await page.goto(`${h.sim.controlPanelUrl}?view=orders`);
    await page.getByRole('button', { name: 'Place 1,000 orders' }).click();
    await expectText(status(), 'Placed 1000 orders (#100–#1099).');
    await expectText(recentRows().first(), /^#1099/);
    expect(h.sim.inspect.orders('demo7x3')).toHaveLength(1000);
    expect(watch.problems()).toEqual([]);
  });
});

describe('BigCommerce simulator: control panel order helpers', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('explains an invalid order instead of placing it', async () => {
    const res = await fetch(`${h.sim.url}/sandbox/control-panel/place-order`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ store: 'demo7x3', order: { lines: [{ sku: 'NOPE', quantity: 1 }] } }),
    });
    expect(await res.json()).toEqual({ ok: false, message: expect.stringMatching(/catalog's SKUs/) });
    expect(h.sim.inspect.orders('demo7x3')).toEqual([]);
  });
});

/** Waits until the locator's text matches (playwright-core has no `expect`, so poll). */
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
