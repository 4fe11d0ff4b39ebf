import type { AttentionResponse, OrderDetailResponse } from '../../server/http/api-types';
import { OUTBOUND_ORDER_JOB, outboundJobKey } from '../../server/relay/outbound-job';
import { eventually } from '../helpers/eventually';
import { api, jsonRequest, type Harness } from '../helpers/harness';
import {
  expectOk,
  placeSyncedOrder,
  startSyncingHarness,
  STORE,
  syncOutbound,
  waitForLink,
} from '../helpers/relay';

jest.setTimeout(60_000);

/**
 * The outbound relay as the merchant's API shows it, over real sockets: the order detail's `outbound`
 * part, a re-sync that reads IOM's side again, and the attention inbox's outbound groups with the
 * carrier mapping that fixes them.
 */
describe('the outbound relay in the order API', () => {
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    // The scheduled IOM poll stays out of the way: only what a test triggers runs.
    ({ h, token } = await startSyncingHarness({ settings: { outbound: { pollIntervalSeconds: 3600 } } }));
  });
  afterAll(async () => {
    await h.close();
  });

  const detailOf = async (orderId: number) =>
    (await expectOk(api(h, token, `/api/orders/${orderId}`))) as OrderDetailResponse;
  const lineId = (
    fo: { lines: Array<{ fulfillmentOrderDetailId: string; sku: string | null }> },
    sku: string,
  ) => fo.lines.find((l) => l.sku === sku)!.fulfillmentOrderDetailId;

  it('the order detail shows the shipments the relay created, with their items, and what IOM holds', async () => {
    const { order, salesOrderId } = await placeSyncedOrder(h, {
      lines: [
        { sku: 'MUG-GRY', quantity: 3 },
        { sku: 'TOTE-NAT', quantity: 1 },
      ],
    });
    expect((await detailOf(order.id)).outbound).toBeNull();

    const fo = h.iom.operator.createFulfillmentOrder(salesOrderId);
    h.iom.operator.ship(fo.fulfillmentOrderId, {
      carrier: 'UPS',
      trackingNumber: '1ZAPI0001',
      lines: [{ fulfillmentOrderDetailId: lineId(fo, 'MUG-GRY'), quantity: 2 }],
    });
    const record = await syncOutbound(h, order.id);
    const bcShipments = h.sim.inspect.shipments(STORE, order.id);
    expect(bcShipments).toHaveLength(1);

    const { outbound } = await detailOf(order.id);
    expect(outbound).not.toBeNull();
    const [iomShipmentId] = Object.keys(record.shipments);
    expect(outbound!.shipments).toEqual([
      {
        iomShipmentId,
        trackingNumber: '1ZAPI0001',
        carrier: 'UPS',
        bigcommerceShipmentIds: [bcShipments[0]!.id],
        byHand: false,
        at: expect.any(String) as unknown,
        items: [{ orderProductId: bcShipments[0]!.items[0]!.order_product_id, sku: 'MUG-GRY', quantity: 2 }],
      },
    ]);
    expect(outbound).toMatchObject({
      pending: [],
      statusWritten: 3,
      cancel: 'none',
      returns: [],
      attention: null,
      lockedAt: null,
      lastReconciledAt: record.lastReconciledAt,
    });
    expect(outbound!.iom?.fulfillmentOrders).toEqual([
      {
        id: fo.fulfillmentOrderId,
        name: expect.any(String) as unknown,
        state: expect.any(String) as unknown,
      },
    ]);
    expect(outbound!.iom?.shipments).toEqual([
      expect.objectContaining({
        id: iomShipmentId,
        trackingNumber: '1ZAPI0001',
        lines: [expect.objectContaining({ sku: 'MUG-GRY', quantity: 2 })],
      }),
    ]);
    expect(outbound!.iom?.iomState).toEqual(expect.any(String));

    // A return shows up on both sides: IOM's return order and what was applied in BigCommerce.
    const soLine = h.iom.inspect
      .salesOrders()
      .find((o) => o.salesOrderId === salesOrderId)!
      .lines.find((l) => l.sku === 'MUG-GRY')!;
    h.iom.operator.receiveReturn(salesOrderId, [
      { salesOrderDetailId: soLine.salesOrderDetailId, quantity: 1 },
    ]);
    await syncOutbound(h, order.id);
    const after = (await detailOf(order.id)).outbound!;
    expect(after.returns).toEqual([
      { iomReturnId: expect.any(String) as unknown, at: expect.any(String) as unknown, refundId: null },
    ]);
    expect(after.iom?.returns).toEqual([
      expect.objectContaining({ lines: [expect.objectContaining({ sku: 'MUG-GRY', quantity: 1 })] }),
    ]);
    expect(after.returns[0]!.iomReturnId).toBe(after.iom!.returns[0]!.id);
  });

  it('a re-sync also reads IOM again and writes what IOM shipped since; an order IOM lacks gets no outbound job', async () => {
    const { order, salesOrderId } = await placeSyncedOrder(h, { lines: [{ sku: 'MUG-WHT', quantity: 1 }] });
    h.iom.operator.ship(h.iom.operator.createFulfillmentOrder(salesOrderId).fulfillmentOrderId, {
      carrier: 'FedEx',
      trackingNumber: '794600000001',
    });
    expect(await h.deps.storage.jobs.get(STORE, OUTBOUND_ORDER_JOB, outboundJobKey(order.id))).toBeNull();
    const queued = (await expectOk(jsonRequest(h, token, 'POST', `/api/orders/${order.id}/sync`))) as {
      queued: boolean;
      outbound: boolean;
    };
    expect(queued).toMatchObject({ queued: true, outbound: true });
    const job = await h.deps.storage.jobs.get(STORE, OUTBOUND_ORDER_JOB, outboundJobKey(order.id));
    expect(job).toMatchObject({ lane: 'live' });
    expect(job?.payload).toMatchObject({ orderId: order.id, reason: 'resync' });

    const shipments = await eventually(
      () => h.sim.inspect.shipments(STORE, order.id),
      (s) => s.length === 1,
      { timeoutMs: 15_000 },
    );
    expect(shipments[0]).toMatchObject({ tracking_number: '794600000001', tracking_carrier: 'fedex' });
    const detail = await eventually(
      () => detailOf(order.id),
      (d) => d.timeline.some((e) => e.type === 'shipment.created'),
      { timeoutMs: 10_000 },
    );
    const created = detail.timeline.find((e) => e.type === 'shipment.created')!;
    expect(created).toMatchObject({
      direction: 'outbound',
      data: expect.objectContaining({ trigger: 'resync' }) as unknown,
    });
    expect(detail.outbound?.shipments.map((s) => s.trackingNumber)).toEqual(['794600000001']);

    // An order IOM never received (parked on an unmapped SKU): the re-sync does not ask IOM's side.
    const parked = h.sim.placeOrder(STORE, { lines: [{ sku: 'GIFT-CARD-BOX', quantity: 1 }] });
    await waitForLink(h, parked.id, (l) => l?.syncState === 'needs_attention');
    const again = (await expectOk(jsonRequest(h, token, 'POST', `/api/orders/${parked.id}/sync`))) as {
      outbound: boolean;
    };
    expect(again.outbound).toBe(false);
    expect(await h.deps.storage.jobs.get(STORE, OUTBOUND_ORDER_JOB, outboundJobKey(parked.id))).toBeNull();
  });

  it('the attention inbox groups outbound problems by code, unmapped carriers each with their orders and mapping', async () => {
    const orders = [];
    for (const tracking of ['PC-API-1', 'PC-API-2']) {
      const { order, salesOrderId } = await placeSyncedOrder(h, { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });
      h.iom.operator.ship(h.iom.operator.createFulfillmentOrder(salesOrderId).fulfillmentOrderId, {
        carrier: 'Parcel Co',
        trackingNumber: tracking,
      });
      const record = await syncOutbound(h, order.id);
      expect(record.attention).toMatchObject({ code: 'unmapped_carrier', carrier: 'Parcel Co' });
      orders.push(order.id);
    }

    const inbox = (await expectOk(api(h, token, '/api/attention'))) as AttentionResponse;
    expect(inbox.outboundTotal).toBe(2);
    const group = inbox.groups.find((g) => g.direction === 'outbound' && g.code === 'unmapped_carrier');
    expect(group).toMatchObject({ count: 2, orders });
    expect(group?.carriers).toEqual([
      {
        carrier: 'Parcel Co',
        orders,
        fix: expect.stringContaining('Map "Parcel Co"') as unknown,
        mappingPath: '/api/mappings/carrier/Parcel%20Co',
      },
    ]);
    // The inbound groups are still there, told apart by direction.
    expect(inbox.groups.filter((g) => g.direction === 'inbound').map((g) => g.code)).toContain(
      'unmapped_sku',
    );

    // The detail of a held order carries the same attention.
    expect((await detailOf(orders[0]!)).outbound?.attention).toMatchObject({
      code: 'unmapped_carrier',
      carrier: 'Parcel Co',
    });

    // The offered fix: map the carrier at the group's path; the held shipments go out, the group goes.
    await expectOk(
      jsonRequest(h, token, 'PUT', group!.carriers![0]!.mappingPath, {
        trackingCarrier: 'parcel-co',
        shippingProvider: '',
      }),
    );
    for (const id of orders)
      await eventually(
        () => h.sim.inspect.shipments(STORE, id),
        (s) => s.length === 1,
        { timeoutMs: 15_000 },
      );
    const cleared = await eventually(
      async () => (await expectOk(api(h, token, '/api/attention'))) as AttentionResponse,
      (a) => a.outboundTotal === 0,
      { timeoutMs: 10_000 },
    );
    expect(cleared.groups.filter((g) => g.direction === 'outbound')).toEqual([]);
  });
});
