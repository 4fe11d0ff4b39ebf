import { eventually } from '../helpers/eventually';
import { api, jsonRequest, type Harness } from '../helpers/harness';
import {
  dataverseRequests,
  expectOk,
  salesOrdersFor,
  startSyncingHarness,
  STORE,
  waitForLink,
} from '../helpers/relay';
import type { AttentionResponse, OrderDetailResponse, PreviewResponse } from '../../server/http/api-types';

jest.setTimeout(60_000);

describe('the inbound relay turns BigCommerce orders into IOM sales orders', () => {
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    ({ h, token } = await startSyncingHarness());
  });
  afterAll(async () => {
    await h.close();
  });

  it('a placed order reaches IOM once, with its lines, the IOM id is written back as a metafield', async () => {
    const order = h.sim.placeOrder(STORE, {
      lines: [
        { sku: 'MUG-GRY', quantity: 2 },
        { sku: 'TOTE-NAT', quantity: 1 },
      ],
    });
    const link = await waitForLink(h, order.id);
    expect(link?.syncState).toBe('synced');
    const created = salesOrdersFor(h, order.id);
    expect(created).toHaveLength(1);
    expect(created[0]!.salesOrderId).toBe(link!.iomSalesOrderId);
    expect(created[0]!.lines.map((l) => l.quantity).sort()).toEqual([1, 2]);
    expect(created[0]!.totalAmount.toFixed(2)).toBe(Number(order.total_inc_tax).toFixed(2));
    const metafields = await eventually(
      () => h.sim.inspect.metafields(STORE, order.id),
      (m) => m.length > 0,
    );
    expect(metafields).toEqual([
      expect.objectContaining({
        namespace: 'iom_connector',
        key: 'iom_salesorder_id',
        value: link!.iomSalesOrderId,
        permission_set: 'app_only',
      }),
    ]);
    const detail = (await expectOk(api(h, token, `/api/orders/${order.id}`))) as OrderDetailResponse;
    expect(detail.timeline.map((e) => e.type)).toEqual(
      expect.arrayContaining(['webhook.received', 'order.read', 'order.mapped', 'salesorder.created']),
    );
  });

  it('duplicate and racing events for one order create one sales order', async () => {
    const order = h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-WHT', quantity: 1 }] });
    h.sim.setOrderStatus(STORE, order.id, 9); // statusUpdated + updated race the created webhook
    await expectOk(jsonRequest(h, token, 'POST', `/api/orders/${order.id}/sync`));
    await waitForLink(h, order.id, (l) => l?.syncState === 'synced' && l.statusId === 9);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(salesOrdersFor(h, order.id)).toHaveLength(1);
  });

  it('a sync whose earlier write reached IOM (the answer was lost) finds the order instead of creating it', async () => {
    const order = h.sim.placeOrder(STORE, { lines: [{ sku: 'TSHIRT-WHT-M', quantity: 1 }] });
    const first = await waitForLink(h, order.id);
    // As after a crash between the IOM write and recording it: the link is gone, IOM has the order.
    await h.deps.storage.orderLinks.put({
      ...first!,
      iomSalesOrderId: null,
      syncState: 'pending',
      lastDateModified: null,
    });
    await expectOk(jsonRequest(h, token, 'POST', `/api/orders/${order.id}/sync`));
    const again = await waitForLink(
      h,
      order.id,
      (l) => l?.syncState === 'synced' && l.iomSalesOrderId !== null,
    );
    expect(again?.iomSalesOrderId).toBe(first?.iomSalesOrderId);
    expect(salesOrdersFor(h, order.id)).toHaveLength(1);
    const events = await h.deps.storage.events.listForOrder(STORE, order.id, { limit: 50 });
    expect(events.items.map((e) => e.type)).toContain('salesorder.found');
  });

  it('an order awaiting payment is skipped, and sent once it becomes Awaiting Fulfillment', async () => {
    const order = h.sim.placeOrder(STORE, {
      lines: [{ sku: 'POSTER-A3-SEA', quantity: 1 }],
      paymentStatus: 'pending',
    });
    const skipped = await waitForLink(h, order.id, (l) => l?.syncState === 'skipped');
    expect(skipped?.skipReason).toMatch(/Awaiting Payment/);
    expect(salesOrdersFor(h, order.id)).toHaveLength(0);
    h.sim.setOrderStatus(STORE, order.id, 11);
    await waitForLink(h, order.id);
    expect(salesOrdersFor(h, order.id)).toHaveLength(1);
  });

  it('an unmapped SKU parks the order naming every missing SKU; mapping it sends the order', async () => {
    const order = h.sim.placeOrder(STORE, {
      lines: [
        { sku: 'GIFT-CARD-BOX', quantity: 1 },
        { sku: 'MUG-GRY', quantity: 1 },
      ],
    });
    const parked = await waitForLink(h, order.id, (l) => l?.syncState === 'needs_attention');
    expect(parked?.attention).toMatchObject({ code: 'unmapped_sku', skus: ['GIFT-CARD-BOX'] });
    const inbox = (await expectOk(api(h, token, '/api/attention'))) as AttentionResponse;
    const group = inbox.groups.find((g) => g.code === 'unmapped_sku');
    expect(group?.skus).toEqual(
      expect.arrayContaining([
        { sku: 'GIFT-CARD-BOX', orders: expect.arrayContaining([order.id]) as unknown },
      ]),
    );
    const tote = h.iom.catalog.products.find((p) => p.sku === 'TOTE-NAT')!;
    const mapped = (await expectOk(
      jsonRequest(h, token, 'PUT', '/api/mappings/sku/GIFT-CARD-BOX', { productId: tote.productId }),
    )) as { requeued: number[] };
    expect(mapped.requeued).toContain(order.id);
    await waitForLink(h, order.id);
    expect(salesOrdersFor(h, order.id)).toHaveLength(1);
  });

  it('a preview shows the exact body and its problems, and writes nothing', async () => {
    const order = h.sim.placeOrder(STORE, {
      lines: [{ sku: 'GIFT-CARD-BOX', quantity: 3 }],
      paymentStatus: 'pending',
    });
    await waitForLink(h, order.id, (l) => l?.syncState === 'skipped');
    const writesBefore = h.iom.inspect.requests.filter((r) => r.method !== 'GET').length;
    const preview = (await expectOk(api(h, token, `/api/orders/${order.id}/preview`))) as PreviewResponse;
    expect(preview.sendable).toBe(false);
    expect(preview.skipReason).toMatch(/Awaiting Payment/);
    expect(preview.body).toMatchObject({
      name: `BigCommerce #${order.id}`,
      order_details: [expect.objectContaining({ quantity: 3 })],
    });
    // GIFT-CARD-BOX was mapped by the previous test, so only the filter stops it.
    expect(preview.problems).toEqual([]);
    expect(h.iom.inspect.requests.filter((r) => r.method !== 'GET').length).toBe(writesBefore);
  });

  it('one Dataverse write per new order once caches are warm', async () => {
    const before =
      dataverseRequests(h, 'PATCH', /salesorders/).length +
      dataverseRequests(h, 'POST', /salesorders/).length;
    const gets = h.iom.inspect.requests.filter((r) => r.method === 'GET').length;
    const order = h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });
    await waitForLink(h, order.id);
    const after =
      dataverseRequests(h, 'PATCH', /salesorders/).length +
      dataverseRequests(h, 'POST', /salesorders/).length;
    expect(after - before).toBe(1);
    expect(h.iom.inspect.requests.filter((r) => r.method === 'GET').length - gets).toBe(0);
  });
});
