import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { IomSimulator } from '../../scripts/sandbox/iom';
import { saveScreenshot, useBrowser, type PageWatch } from '../helpers/browser';
import { orderHeader, orderLine, useIomSandbox } from './iom-kit';

/**
 * The operator page's whole loop in real Chromium: partial fulfillment, several packages with different
 * carriers, the two-step cancellation, the site map areas and the push configuration.
 */
describe('IOM simulator: operator page, the full fulfillment loop (Chromium)', () => {
  let sim: IomSimulator;
  let page: Page;
  let watch: PageWatch;

  useIomSandbox((running) => ({ sim } = running));
  useBrowser((current) => ({ page, watch } = current), { stepTimeoutMs: 5_000 });

  /** An order through the intake trigger: 3 × MUG-GRY and 2 × TSHIRT-BLK-M; its order number. */
  async function placeOrder(externalId: string): Promise<string> {
    const response = await fetch(sim.intakeUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        ProviderExternalRequestId: `msg-${externalId}`,
        Payload: {
          ...orderHeader(sim, externalId),
          order_details: [orderLine(sim, 'MUG-GRY', 3), orderLine(sim, 'TSHIRT-BLK-M', 2)],
        },
      }),
    });
    const body = (await response.json()) as { salesOrderId: string };
    return sim.inspect.salesOrders().find((o) => o.salesOrderId === body.salesOrderId)?.orderNumber ?? '';
  }

  const orderRegion = (orderNumber: string) =>
    page.getByRole('region', { name: `Sales order ${orderNumber}` });
  const status = () => page.getByRole('status');

  it('fulfils part of an order in two packages, then cancels the rest in two steps', async () => {
    const orderNumber = await placeOrder('9001');
    await page.goto(sim.operatorUrl);
    const order = orderRegion(orderNumber);

    await order.getByRole('button', { name: 'Fulfill some quantities' }).click();
    await order.getByLabel('Quantity to fulfill: MUG-GRY').fill('2');
    await order.getByLabel('Quantity to fulfill: TSHIRT-BLK-M').fill('0');
    await order.getByRole('button', { name: 'Confirm fulfillment order' }).click();
    await status()
      .filter({ hasText: /Created fulfillment order FO-.* \(1 line\)/ })
      .waitFor();
    const fo = order.getByRole('region', { name: /^Fulfillment order FO-/ });
    await fo.getByText('State: New', { exact: true }).waitFor();

    for (const [carrier, tracking] of [
      ['UPS', '1Z-PKG-1'],
      ['DHL', 'JD-PKG-2'],
    ]) {
      await fo.getByRole('button', { name: 'Ship' }).click();
      await fo.getByLabel('Carrier').selectOption(carrier ?? '');
      await fo.getByLabel('Tracking number').fill(tracking ?? '');
      await fo.getByLabel('Quantity to ship: MUG-GRY').fill('1');
      await fo.getByRole('button', { name: 'Confirm shipment' }).click();
      await fo.getByText(`${carrier} ${tracking}: 1 × MUG-GRY`).waitFor();
    }
    await fo.getByText('State: Shipped', { exact: true }).waitFor();

    await order.getByRole('button', { name: 'Request cancellation' }).click();
    await status().filter({ hasText: 'requested' }).waitFor();
    await order.getByText('Cancellation requested', { exact: true }).waitFor();
    await order.getByText('Submitted · In Progress').waitFor();
    expect(await order.getByRole('button', { name: 'Request cancellation' }).isDisabled()).toBe(true);

    await order.getByRole('button', { name: 'Confirm cancellation' }).click();
    await order.getByText('IOM state: Completed', { exact: true }).waitFor();
    await order.getByText('Partially fulfilled', { exact: true }).waitFor();
    expect(sim.inspect.salesOrders()[0]?.lines.map((l) => [l.quantityShipped, l.quantityCancelled])).toEqual([
      [2, 1],
      [0, 2],
    ]);
    expect(await order.getByRole('button', { name: 'Confirm cancellation' }).isDisabled()).toBe(true);

    await order.getByRole('button', { name: 'Receive return' }).click();
    await order.getByLabel('Quantity to return: MUG-GRY').fill('1');
    await order.getByRole('button', { name: 'Confirm return' }).click();
    await order
      .getByRole('list', { name: `Returns of ${orderNumber}` })
      .getByText(/RMA-.*: 1 × MUG-GRY/)
      .waitFor();
    await saveScreenshot(page, 'iom-operator-loop');
    expect(watch.problems()).toEqual([]);
  });

  it('opens every site map area, and configures the push from Providers', async () => {
    const received: string[] = [];
    const receiver: Server = createServer((req, res) => {
      req.on('data', (chunk: Buffer) => received.push(chunk.toString('utf8')));
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const pushUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/iom/push`;
    try {
      const orderNumber = await placeOrder('9002');
      await page.goto(sim.operatorUrl);
      const sitemap = page.getByRole('navigation', { name: 'Site map' });

      await sitemap.getByRole('link', { name: 'Providers' }).click();
      await page.getByRole('heading', { name: 'Providers', level: 1 }).waitFor();
      await page.getByText('No push target').waitFor();
      await page.getByRole('button', { name: 'Configure push' }).click();
      await page.getByLabel('Push URL').fill(pushUrl);
      await page.getByLabel('Signing secret').fill('a-secret-for-the-page');
      await page.getByLabel('Store hash').fill('abc123');
      await page.getByRole('button', { name: 'Save push target' }).click();
      await status().filter({ hasText: 'now push to' }).waitFor();

      await sitemap.getByRole('link', { name: 'Sales orders' }).click();
      await orderRegion(orderNumber).getByRole('button', { name: 'Create fulfillment order' }).click();
      await orderRegion(orderNumber)
        .getByRole('region', { name: /^Fulfillment order FO-/ })
        .getByText('State: New', { exact: true })
        .waitFor();
      await page.getByText(/last push: fulfillment_created, HTTP 204/).waitFor();

      await sitemap.getByRole('link', { name: 'Fulfillment orders' }).click();
      await page.getByRole('heading', { name: 'Fulfillment orders', level: 1 }).waitFor();
      await page.getByRole('rowheader', { name: /^FO-/ }).waitFor();
      await sitemap.getByRole('link', { name: 'Returns' }).click();
      await page.getByText('No returns yet').waitFor();

      await sitemap.getByRole('link', { name: 'Providers' }).click();
      await page.getByRole('cell', { name: 'fulfillment_created' }).waitFor();
      await page.getByRole('cell', { name: 'HTTP 204' }).waitFor();
      await page.getByRole('button', { name: 'Turn push off' }).click();
      await page.getByText('No push target').waitFor();
      expect(received).toHaveLength(1);
      expect(JSON.parse(received[0] ?? '{}')).toMatchObject({
        storeHash: 'abc123',
        event: 'fulfillment_created',
      });
      expect(watch.problems()).toEqual([]);
    } finally {
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});
