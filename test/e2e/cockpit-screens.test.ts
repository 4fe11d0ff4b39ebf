import type { Page } from 'playwright-core';

import { scanAccessibility, seriousViolations } from '../helpers/axe';
import { saveScreenshot, type PageWatch } from '../helpers/browser';
import { useControlPanelBrowser } from '../helpers/control-panel-browser';
import type { Harness } from '../helpers/harness';
import {
  expectOk,
  placeSyncedOrder,
  startSyncingHarness,
  STORE,
  syncOutbound,
  waitForLink,
} from '../helpers/relay';
import { jsonRequest } from '../helpers/harness';
import { eventually } from '../helpers/eventually';

jest.setTimeout(120_000);

const OWNER = 7654321;

/**
 * The dashboard, the order list, an order and the backfill with real data, in real Chromium at
 * 1366×900 against the real app and simulators; a screenshot of each (test-results/*.png).
 */
describe('the cockpit pages with data (Chromium)', () => {
  let h: Harness;
  let token: string;
  let page: Page;
  let watch: PageWatch;
  let shippedOrder: number;
  useControlPanelBrowser((current) => ({ h, page, watch } = current), {
    start: async () => {
      ({ h, token } = await startSyncingHarness({
        env: { LOG_LEVEL: 'warn' },
        settings: { outbound: { pollIntervalSeconds: 3600 } },
      }));
      return h;
    },
    viewport: { width: 1366, height: 900 },
    pagePer: 'file',
    stepTimeoutMs: 15_000,
  });

  beforeAll(async () => {
    const first = await placeSyncedOrder(h, {
      lines: [
        { sku: 'MUG-GRY', quantity: 2 },
        { sku: 'TOTE-NAT', quantity: 1 },
      ],
    });
    shippedOrder = first.order.id;
    for (let i = 0; i < 4; i++) await placeSyncedOrder(h, { lines: [{ sku: 'MUG-GRY', quantity: 1 + i }] });
    const fo = h.iom.operator.createFulfillmentOrder(first.salesOrderId);
    h.iom.operator.ship(fo.fulfillmentOrderId, {
      carrier: 'UPS',
      trackingNumber: '1ZSCREEN0001',
      lines: fo.lines.map((l) => ({
        fulfillmentOrderDetailId: l.fulfillmentOrderDetailId,
        quantity: l.quantity,
      })),
    });
    await syncOutbound(h, shippedOrder);
    // Three orders whose webhooks were lost, brought in by a backfill of today.
    h.sim.knobs.webhooksPaused = true;
    const missed = [1, 2, 3].map(() =>
      h.sim.placeOrder(STORE, { lines: [{ sku: 'TOTE-NAT', quantity: 1 }] }),
    );
    h.sim.knobs.webhooksPaused = false;
    const today = new Date(Date.now() - 3_600_000).toISOString();
    await expectOk(jsonRequest(h, token, 'POST', '/api/backfill', { from: today }));
    for (const order of missed) await waitForLink(h, order.id, undefined, 20_000);
    await eventually(
      async () => (await expectOk(jsonRequest(h, token, 'GET', '/api/backfill'))) as { status: string },
      (b) => b.status === 'done',
      { timeoutMs: 20_000 },
    );
  });

  afterEach(() => {
    expect(watch.problems()).toEqual([]);
  });

  /** The page as shown now has no serious or critical WCAG violation; then its screenshot. */
  async function check(name: string): Promise<void> {
    await page.waitForTimeout(300);
    expect(seriousViolations(await scanAccessibility(page))).toEqual([]);
    await saveScreenshot(page, name);
  }

  const nav = () => page.getByRole('navigation', { name: 'IOM Connector' });

  it('the dashboard shows eight orders relayed today, a shipment, the chart and recent activity', async () => {
    await page.goto(await h.sim.loadUrl(STORE, OWNER, '/'));
    await page.getByText('Connected · syncing · 8 orders relayed today').waitFor();
    const chart = page.getByRole('img', { name: /per hour, last 24 hours: 8 orders in total/ });
    await chart.waitFor();
    await expect(page.getByRole('group', { name: 'Order numbers' }).textContent()).resolves.toMatch(
      /Synced today8.*Shipments today1/,
    );
    await check('dashboard');
  });

  it('the order list and an order with its links, shipment and timeline', async () => {
    await nav().getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('link', { name: `Order ${shippedOrder}` }).waitFor();
    await page.getByText('8 orders').waitFor();
    await check('orders');

    await page.getByRole('link', { name: `Order ${shippedOrder}` }).click();
    await page.getByRole('link', { name: 'Open in BigCommerce (opens in a new tab)' }).waitFor();
    await page.getByRole('link', { name: 'Open in IOM (opens in a new tab)' }).waitFor();
    await page.getByText('1 BigCommerce shipment', { exact: true }).waitFor();
    await check('order-detail');
  });

  it('the backfill that brought in three missed orders, finished', async () => {
    await nav().getByRole('link', { name: 'Backfill' }).click();
    await page.getByText('The backfill finished').waitFor();
    await page.getByText(/^\d+ orders of \d+ done \(100 %\)$/).waitFor();
    await check('backfill');
  });
});
