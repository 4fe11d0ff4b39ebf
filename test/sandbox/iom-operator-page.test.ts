import type { Page } from 'playwright-core';
import type { IomSimulator } from '../../scripts/sandbox/iom';
import { saveScreenshot, useBrowser, type PageWatch } from '../helpers/browser';
import { orderHeader, orderLine, useIomSandbox } from './iom-kit';

/** The IOM operator page in real Chromium, driven by role like a person would. */
describe('IOM simulator: operator page (Chromium)', () => {
  let sim: IomSimulator;
  let page: Page;
  let watch: PageWatch;

  useIomSandbox((running) => ({ sim } = running));
  useBrowser((current) => ({ page, watch } = current), { stepTimeoutMs: 5_000 });

  /** An order through the intake trigger: 2 × MUG-GRY and 1 × TSHIRT-BLK-M. */
  async function placeOrder(externalId: string): Promise<string> {
    const response = await fetch(sim.intakeUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        ProviderExternalRequestId: `msg-${externalId}`,
        Payload: {
          ...orderHeader(sim, externalId),
          order_details: [orderLine(sim, 'MUG-GRY', 2), orderLine(sim, 'TSHIRT-BLK-M', 1)],
        },
      }),
    });
    const body = (await response.json()) as { salesOrderId: string };
    return sim.inspect.salesOrders().find((o) => o.salesOrderId === body.salesOrderId)?.orderNumber ?? '';
  }

  const orderRegion = (orderNumber: string) =>
    page.getByRole('region', { name: `Sales order ${orderNumber}` });
  const status = () => page.getByRole('status');

  it('fulfils an order: create fulfillment order, pick, pack, partial ship, ship the rest, return', async () => {
    const orderNumber = await placeOrder('2001');
    await page.goto(sim.operatorUrl);
    await page.getByText('Dynamics 365', { exact: true }).waitFor();
    await page.getByText('Intelligent Order Management (sandbox)').waitFor();
    const order = orderRegion(orderNumber);
    await order.getByRole('cell', { name: 'MUG-GRY' }).waitFor();
    await order.getByText('BC-2001').waitFor();

    await order.getByRole('button', { name: 'Create fulfillment order' }).click();
    await status()
      .filter({ hasText: /Created fulfillment order FO-/ })
      .waitFor();
    const fo = order.getByRole('region', { name: /^Fulfillment order FO-/ });
    await fo.getByText('State: New', { exact: true }).waitFor();
    expect(await order.getByRole('button', { name: 'Create fulfillment order' }).isDisabled()).toBe(true);

    await fo.getByRole('button', { name: 'Pick' }).click();
    await fo.getByText('State: Picked', { exact: true }).waitFor();
    await fo.getByRole('button', { name: 'Pack' }).click();
    await fo.getByText('State: Packed', { exact: true }).waitFor();

    await fo.getByRole('button', { name: 'Ship' }).click();
    await fo.getByLabel('Carrier').selectOption('FedEx');
    await fo.getByLabel('Tracking number').fill('7489 0000 1111');
    await fo.getByLabel('Quantity to ship: MUG-GRY').fill('1');
    await fo.getByLabel('Quantity to ship: TSHIRT-BLK-M').fill('0');
    await saveScreenshot(page, 'iom-operator-ship-form');
    await fo.getByRole('button', { name: 'Confirm shipment' }).click();
    await fo.getByText('State: Partially shipped', { exact: true }).waitFor();
    await fo
      .getByRole('list', { name: /^Shipments of FO-/ })
      .getByText('FedEx 7489 0000 1111: 1 × MUG-GRY')
      .waitFor();
    expect(sim.inspect.fulfillmentOrders()[0]?.shipments).toEqual([
      expect.objectContaining({
        carrier: 'FedEx',
        trackingNumber: '7489 0000 1111',
        lines: [expect.objectContaining({ quantity: 1 })],
      }),
    ]);

    await fo.getByRole('button', { name: 'Ship' }).click();
    await fo.getByLabel('Tracking number').fill('1Z999');
    await fo.getByRole('button', { name: 'Confirm shipment' }).click();
    await fo.getByText('State: Shipped', { exact: true }).waitFor();
    await order.getByText('IOM state: Completed', { exact: true }).waitFor();
    expect(await fo.getByRole('button', { name: 'Cancel' }).isDisabled()).toBe(true);

    await order.getByRole('button', { name: 'Receive return' }).click();
    await order.getByLabel('Quantity to return: TSHIRT-BLK-M').fill('1');
    await order.getByRole('button', { name: 'Confirm return' }).click();
    await status()
      .filter({ hasText: /Received return RMA-/ })
      .waitFor();
    expect(sim.inspect.returnOrders()).toEqual([
      expect.objectContaining({ lines: [expect.objectContaining({ sku: 'TSHIRT-BLK-M', quantity: 1 })] }),
    ]);
    await saveScreenshot(page, 'iom-operator');
    expect(watch.problems()).toEqual([]);
  });

  it('shows a refused shipment in the status line, then cancels the fulfillment order', async () => {
    const orderNumber = await placeOrder('2002');
    await page.goto(sim.operatorUrl);
    const order = orderRegion(orderNumber);
    await order.getByRole('button', { name: 'Create fulfillment order' }).click();
    const fo = order.getByRole('region', { name: /^Fulfillment order FO-/ });
    await fo.getByRole('button', { name: 'Ship' }).click();
    await fo.getByRole('button', { name: 'Confirm shipment' }).click(); // no tracking number: the browser asks for it
    expect(
      await fo
        .getByLabel('Tracking number')
        .evaluate((input: HTMLInputElement) => input.validity.valueMissing),
    ).toBe(true);
    await fo.getByLabel('Tracking number').fill('1Z000');
    await fo.getByLabel('Quantity to ship: MUG-GRY').fill('0');
    await fo.getByLabel('Quantity to ship: TSHIRT-BLK-M').fill('0');
    await fo.getByRole('button', { name: 'Confirm shipment' }).click();
    await status().filter({ hasText: 'Enter a quantity to ship for at least one line.' }).waitFor();
    expect(sim.inspect.fulfillmentOrders()[0]?.shipments).toEqual([]);
    await fo.getByRole('button', { name: 'Cancel' }).click();
    await fo.getByText('State: Cancelled', { exact: true }).waitFor();
    await order.getByText('IOM state: Cancelled', { exact: true }).waitFor();
    await order.getByText('Canceled · No Money').waitFor();
    expect(sim.inspect.salesOrders()[0]).toMatchObject({ state: 'Canceled' });
    expect(await fo.getByRole('button', { name: 'Ship' }).isDisabled()).toBe(true);
    expect(watch.problems()).toEqual([]);
  });

  it('opens a Dynamics 365 record link (main.aspx?etn=salesorder&id=…) at that sales order', async () => {
    const first = await placeOrder('2101');
    const second = await placeOrder('2102');
    const target = sim.inspect.salesOrders().find((o) => o.orderNumber === first)!;
    const link = `${sim.environmentUrl}/main.aspx?etn=salesorder&id=${target.salesOrderId}&pagetype=entityrecord`;
    await page.goto(link);
    await orderRegion(second).waitFor();
    expect(new URL(page.url()).hash).toBe(`#so-${target.salesOrderId}`);
    const marked = await page.evaluate(() => document.querySelector(':target')?.textContent ?? null);
    expect(marked).toBe(`Sales order ${first}`);

    const unknown = await fetch(link.replace(target.salesOrderId, '00000000-0000-0000-0000-000000000000'));
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/no sales order 00000000/);
    const wrongEntity = await fetch(`${sim.environmentUrl}/main.aspx?etn=account&id=${target.salesOrderId}`);
    expect(wrongEntity.status).toBe(400);
    expect(watch.problems()).toEqual([]);
  });

  it('shows orders the connector creates while the page is open', async () => {
    await page.goto(sim.operatorUrl);
    await page.getByText(/No sales orders yet/).waitFor();
    const orderNumber = await placeOrder('2003');
    await orderRegion(orderNumber).waitFor({ timeout: 5_000 });
    await page.getByRole('button', { name: 'Refresh' }).click();
    expect(watch.problems()).toEqual([]);
  });
});
