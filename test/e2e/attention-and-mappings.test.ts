import type { Page } from 'playwright-core';

import { scanAccessibility, seriousViolations } from '../helpers/axe';
import { saveScreenshot, type PageWatch } from '../helpers/browser';
import { useControlPanelBrowser } from '../helpers/control-panel-browser';
import type { Harness } from '../helpers/harness';
import { salesOrdersFor, startSyncingHarness, STORE, waitForLink } from '../helpers/relay';

const OWNER = 7654321;

jest.setTimeout(120_000);

/**
 * The needs-attention inbox and the Mappings page in real Chromium at the control panel's width,
 * against the real app and the simulators: an unknown SKU is mapped from the inbox and its order
 * reaches IOM once; each Mappings tab renders without console errors or serious axe violations.
 */
describe('the Needs attention and Mappings pages (Chromium, real app and simulators)', () => {
  let h: Harness;
  let page: Page;
  let watch: PageWatch;
  useControlPanelBrowser((current) => ({ h, page, watch } = current), {
    start: async () =>
      (await startSyncingHarness({ env: { IOM_POLL_INTERVAL_S: '3600', LOG_LEVEL: 'warn' } })).h,
    viewport: { width: 1366, height: 900 },
    stepTimeoutMs: 15_000,
  });

  async function shoot(name: string): Promise<void> {
    await page.waitForTimeout(400);
    await saveScreenshot(page, name);
  }

  async function expectAccessible(): Promise<void> {
    expect(seriousViolations(await scanAccessibility(page))).toEqual([]);
  }

  it('maps an unknown SKU from the inbox, then shows the mappings by tab', async () => {
    const parked = h.sim.placeOrder(STORE, { lines: [{ sku: 'GIFT-CARD-BOX', quantity: 2 }] });
    await waitForLink(h, parked.id, (l) => l?.attention?.code === 'unmapped_sku');
    h.iom.knobs.forceStatus = { salesorders: 400 };
    const refused = h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });
    await waitForLink(h, refused.id, (l) => l?.attention?.code === 'iom_rejected');
    h.iom.knobs.forceStatus = {};

    await page.goto(await h.sim.loadUrl(STORE, OWNER, '/attention'));
    const group = page.getByRole('region', { name: 'Products IOM does not know' });
    await group.getByRole('heading', { name: 'SKU GIFT-CARD-BOX' }).waitFor();
    await page.getByRole('region', { name: 'IOM refused the order' }).waitFor();
    const combobox = group.getByRole('combobox', { name: 'IOM product for GIFT-CARD-BOX' });
    await combobox.fill('canvas');
    await group.getByRole('option', { name: /Canvas Tote/ }).waitFor();
    await shoot('attention');
    await expectAccessible();

    await group.getByRole('option', { name: /Canvas Tote/ }).click();
    await group.getByRole('button', { name: 'Map and send 1 order' }).click();
    await page.getByText('1 order went through and left the inbox.').waitFor();
    await expect(group.count()).resolves.toBe(0);
    expect(salesOrdersFor(h, parked.id)).toHaveLength(1);

    // The other group's orders open their order page.
    await page.getByRole('link', { name: `Order ${refused.id}` }).click();
    await page.getByRole('heading', { name: new RegExp(`Order #?${refused.id}`) }).waitFor();

    await page
      .getByRole('navigation', { name: 'IOM Connector' })
      .getByRole('link', { name: 'Mappings' })
      .click();
    const products = page.getByRole('region', { name: 'Product mappings' });
    await products.getByRole('table', { name: 'SKU mappings' }).getByText('Canvas Tote – Natural').waitFor();
    await page.getByRole('table', { name: 'SKUs matched automatically' }).getByText('MUG-GRY').waitFor();
    await shoot('mappings-products');
    await expectAccessible();

    await page.getByRole('tab', { name: 'Order statuses' }).click();
    await page
      .getByRole('region', { name: 'Order statuses' })
      .getByRole('combobox', { name: /^Shipped/ })
      .waitFor();
    await shoot('mappings-status');
    await expectAccessible();

    await page.getByRole('tab', { name: 'Carriers' }).click();
    await page.getByRole('table', { name: 'Carrier mappings' }).getByText('UPS', { exact: true }).waitFor();
    await shoot('mappings-carriers');
    await expectAccessible();

    expect(watch.problems()).toEqual([]);
  });
});
