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

jest.setTimeout(90_000);

/**
 * IOM's fulfillment comes back to BigCommerce: each scenario places an order in the simulated store,
 * lets the inbound relay create the IOM sales order, drives it through the simulated IOM operator,
 * and checks the BigCommerce order (shipments, status) through the simulator's own records.
 */
describe('the outbound relay writes IOM fulfillment back to BigCommerce', () => {
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    ({ h, token } = await startSyncingHarness());
  });
  afterAll(async () => {
    await h.close();
  });

  const bcOrder = (orderId: number) =>
    h.sim.inspect.order(STORE, orderId) as unknown as {
      status_id: number;
      consignments: { shipping: Array<{ line_items: Array<{ id: number; sku: string }> }> };
    };
  const fulfillmentLines = (
    fo: { lines: Array<{ fulfillmentOrderDetailId: string; sku: string | null }> },
    sku: string,
  ) => fo.lines.find((l) => l.sku === sku)!.fulfillmentOrderDetailId;

  // First in the file: what the store does is learnt per installation from the first shipment.
  it('a store that moves the status with the shipment itself gets one write per shipment (no status PUT)', async () => {
    h.sim.knobs.shipmentsSetStatus = true;
    try {
      const { order, salesOrderId } = await placeSyncedOrder(h, { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });
      h.iom.operator.ship(h.iom.operator.createFulfillmentOrder(salesOrderId).fulfillmentOrderId, {
        carrier: 'UPS',
        trackingNumber: '1ZONEWRITE',
      });
      const before = h.sim.inspect.writes(STORE);
      const record = await syncOutbound(h, order.id);
      const after = h.sim.inspect.writes(STORE);
      expect(after.shipmentsCreated - before.shipmentsCreated).toBe(1);
      expect(after.statusUpdates - before.statusUpdates).toBe(0);
      expect(bcOrder(order.id).status_id).toBe(2);
      expect(record.statusWritten).toBe(2); // still the relay's doing, for the inbound relay's sake
    } finally {
      h.sim.knobs.shipmentsSetStatus = false;
    }
  });

  it('a partial shipment, then the rest: two BigCommerce shipments with tracking, Partially Shipped then Shipped', async () => {
    const { order, salesOrderId } = await placeSyncedOrder(h, {
      lines: [
        { sku: 'MUG-GRY', quantity: 3 },
        { sku: 'TOTE-NAT', quantity: 1 },
      ],
    });
    const fo = h.iom.operator.createFulfillmentOrder(salesOrderId);
    h.iom.operator.pick(fo.fulfillmentOrderId);
    h.iom.operator.pack(fo.fulfillmentOrderId);
    h.iom.operator.ship(fo.fulfillmentOrderId, {
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
      lines: [{ fulfillmentOrderDetailId: fulfillmentLines(fo, 'MUG-GRY'), quantity: 2 }],
    });
    const writesBefore = h.sim.inspect.writes(STORE);
    await syncOutbound(h, order.id);
    let shipments = h.sim.inspect.shipments(STORE, order.id);
    expect(shipments).toHaveLength(1);
    expect(shipments[0]).toMatchObject({ tracking_number: '1Z999AA10123456784', tracking_carrier: 'ups' });
    expect(shipments[0]!.items).toEqual([expect.objectContaining({ quantity: 2 })]);
    expect(bcOrder(order.id).status_id).toBe(3);
    const writes = h.sim.inspect.writes(STORE);
    expect(writes.shipmentsCreated - writesBefore.shipmentsCreated).toBe(1);
    expect(writes.productUpdates - writesBefore.productUpdates).toBe(0); // never a PUT with products

    // The same change seen again (a second poll, a push) writes nothing.
    await syncOutbound(h, order.id);
    expect(h.sim.inspect.shipments(STORE, order.id)).toHaveLength(1);
    expect(h.sim.inspect.writes(STORE).shipmentsCreated - writesBefore.shipmentsCreated).toBe(1);

    h.iom.operator.ship(fo.fulfillmentOrderId, { carrier: 'FedEx', trackingNumber: '794644790132' });
    await syncOutbound(h, order.id);
    shipments = h.sim.inspect.shipments(STORE, order.id);
    expect(shipments.map((s) => s.tracking_number)).toEqual(['1Z999AA10123456784', '794644790132']);
    expect(shipments[1]).toMatchObject({ tracking_carrier: 'fedex' });
    expect(bcOrder(order.id).status_id).toBe(2);

    const detail = (await expectOk(api(h, token, `/api/orders/${order.id}`))) as {
      timeline: Array<{ type: string; direction: string }>;
    };
    expect(detail.timeline.filter((e) => e.type === 'shipment.created')).toHaveLength(2);
    expect(detail.timeline.filter((e) => e.type === 'status.set')).toHaveLength(2);
  });

  it('two packages with different carriers to two addresses: each package split per address, quantities right', async () => {
    const { order, salesOrderId } = await placeSyncedOrder(h, {
      lines: [
        { sku: 'MUG-GRY', quantity: 1, address: 0 },
        { sku: 'TOTE-NAT', quantity: 2, address: 1 },
      ],
      addresses: [
        {
          first_name: 'Ada',
          last_name: 'Lovelace',
          street_1: '1 Main St',
          city: 'Austin',
          state: 'Texas',
          zip: '78701',
          country_iso2: 'US',
        },
        {
          first_name: 'Alan',
          last_name: 'Turing',
          street_1: '2 Side St',
          city: 'Boston',
          state: 'Massachusetts',
          zip: '02108',
          country_iso2: 'US',
        },
      ],
    });
    const fo = h.iom.operator.createFulfillmentOrder(salesOrderId);
    h.iom.operator.ship(fo.fulfillmentOrderId, {
      carrier: 'UPS',
      trackingNumber: '1ZPKG1',
      lines: [
        { fulfillmentOrderDetailId: fulfillmentLines(fo, 'MUG-GRY'), quantity: 1 },
        { fulfillmentOrderDetailId: fulfillmentLines(fo, 'TOTE-NAT'), quantity: 1 },
      ],
    });
    h.iom.operator.ship(fo.fulfillmentOrderId, { carrier: 'DHL', trackingNumber: 'JD0001' });
    await syncOutbound(h, order.id);
    const shipments = h.sim.inspect.shipments(STORE, order.id);
    expect(
      shipments.map((s) => [s.tracking_number, s.order_address_id, s.items.map((i) => i.quantity)]),
    ).toEqual([
      ['1ZPKG1', expect.any(Number), [1]],
      ['1ZPKG1', expect.any(Number), [1]],
      ['JD0001', expect.any(Number), [1]],
    ]);
    expect(new Set(shipments.slice(0, 2).map((s) => s.order_address_id)).size).toBe(2);
    expect(bcOrder(order.id).status_id).toBe(2);
  });

  it('a line shipped in BigCommerce by hand is not shipped again when IOM ships it', async () => {
    const { order, salesOrderId } = await placeSyncedOrder(h, {
      lines: [
        { sku: 'MUG-GRY', quantity: 1 },
        { sku: 'TOTE-NAT', quantity: 1 },
      ],
    });
    const mug = bcOrder(order.id).consignments.shipping[0]!.line_items.find((l) => l.sku === 'MUG-GRY')!;
    h.sim.createShipment(STORE, order.id, {
      items: [{ orderProductId: mug.id, quantity: 1 }],
      trackingNumber: 'BYHAND1',
    });
    h.iom.operator.ship(h.iom.operator.createFulfillmentOrder(salesOrderId).fulfillmentOrderId, {
      carrier: 'USPS',
      trackingNumber: '9400100000000000000000',
    });
    const record = await syncOutbound(h, order.id);
    const shipments = h.sim.inspect.shipments(STORE, order.id);
    expect(shipments.map((s) => s.tracking_number)).toEqual(['BYHAND1', '9400100000000000000000']);
    expect(shipments[1]!.items).toEqual([expect.objectContaining({ quantity: 1 })]);
    expect(shipments[1]!.items[0]!.order_product_id).not.toBe(mug.id);
    expect(Object.values(record.shipments)).toHaveLength(1);
  });

  it('IOM cancellation: requested is recorded, confirmed cancels the BigCommerce order, which the inbound relay does not send back', async () => {
    const { order, salesOrderId } = await placeSyncedOrder(h, { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });
    h.iom.operator.requestCancel(salesOrderId);
    let record = await syncOutbound(h, order.id);
    expect(record.cancel).toBe('requested');
    expect(bcOrder(order.id).status_id).toBe(11);
    h.iom.operator.confirmCancel(salesOrderId);
    record = await syncOutbound(h, order.id);
    expect(record.cancel).toBe('confirmed');
    expect(bcOrder(order.id).status_id).toBe(5);
    // The statusUpdated webhook of our own write reaches the inbound relay, which must not act on it.
    await eventually(
      () => h.deps.storage.orderLinks.get(STORE, order.id),
      (link) => link?.statusId === 5,
      { timeoutMs: 10_000 },
    );
    const events = await h.deps.storage.events.listForOrder(STORE, order.id, { limit: 100 });
    expect(events.items.map((e) => e.type)).toContain('order.status_from_iom');
    expect(events.items.map((e) => e.type)).not.toContain('salesorder.cancelled');
  });

  it('a return sets Partially Refunded and moves no money unless refunds are on; then Refunded with a refund', async () => {
    const { order, salesOrderId } = await placeSyncedOrder(h, { lines: [{ sku: 'MUG-GRY', quantity: 2 }] });
    h.iom.operator.ship(h.iom.operator.createFulfillmentOrder(salesOrderId).fulfillmentOrderId, {
      carrier: 'UPS',
      trackingNumber: '1ZRET',
    });
    await syncOutbound(h, order.id);
    expect(bcOrder(order.id).status_id).toBe(2);
    const line = h.iom.inspect.salesOrders().find((o) => o.salesOrderId === salesOrderId)!.lines[0]!;
    h.iom.operator.receiveReturn(salesOrderId, [
      { salesOrderDetailId: line.salesOrderDetailId, quantity: 1 },
    ]);
    await syncOutbound(h, order.id);
    expect(bcOrder(order.id).status_id).toBe(14);
    expect(h.sim.inspect.refunds(STORE, order.id)).toEqual([]);

    await expectOk(jsonRequest(h, token, 'PUT', '/api/settings', { outbound: { refundsEnabled: true } }));
    h.iom.operator.receiveReturn(salesOrderId, [
      { salesOrderDetailId: line.salesOrderDetailId, quantity: 1 },
    ]);
    await syncOutbound(h, order.id);
    expect(bcOrder(order.id).status_id).toBe(4);
    expect(h.sim.inspect.refunds(STORE, order.id)).toHaveLength(1);
    await expectOk(jsonRequest(h, token, 'PUT', '/api/settings', { outbound: { refundsEnabled: false } }));
  });

  it('a locked status is never overwritten, and nothing is shipped into it', async () => {
    const { order, salesOrderId } = await placeSyncedOrder(h, { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });
    h.sim.setOrderStatus(STORE, order.id, 10); // Completed: locked by default
    await waitForLink(h, order.id, (l) => l?.statusId === 10);
    h.iom.operator.ship(h.iom.operator.createFulfillmentOrder(salesOrderId).fulfillmentOrderId, {
      carrier: 'UPS',
      trackingNumber: '1ZLOCK',
    });
    const record = await syncOutbound(h, order.id);
    expect(record.lockedAt).not.toBeNull();
    expect(bcOrder(order.id).status_id).toBe(10);
    expect(h.sim.inspect.shipments(STORE, order.id)).toEqual([]);
  });

  it('an unmapped carrier needs attention naming it; mapping it sends the shipment', async () => {
    const { order, salesOrderId } = await placeSyncedOrder(h, { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });
    h.iom.operator.ship(h.iom.operator.createFulfillmentOrder(salesOrderId).fulfillmentOrderId, {
      carrier: 'Parcel Co',
      trackingNumber: 'PC-1',
    });
    const record = await syncOutbound(h, order.id);
    expect(record.attention).toMatchObject({ code: 'unmapped_carrier', carrier: 'Parcel Co' });
    expect(h.sim.inspect.shipments(STORE, order.id)).toEqual([]);
    await expectOk(
      jsonRequest(h, token, 'PUT', `/api/mappings/carrier/${encodeURIComponent('Parcel Co')}`, {
        trackingCarrier: 'parcel-co',
        shippingProvider: '',
      }),
    );
    await eventually(
      () => h.sim.inspect.shipments(STORE, order.id),
      (s) => s.length === 1,
      { timeoutMs: 15_000 },
    );
    await eventually(
      () => h.deps.storage.outbound.get(STORE, order.id),
      (r) => r?.attention === null,
      { timeoutMs: 10_000 },
    );
  });
});
