import { install, startHarness, storeApi, type Harness } from './bigcommerce-kit';

/**
 * The simulator's `knobs.onShipmentCreated` test hook: called once a shipment POSTed through the API
 * is stored and before the response is sent; a promise it returns holds the response.
 */
describe('BigCommerce simulator: the onShipmentCreated test hook', () => {
  let h: Harness;
  let token: string;

  beforeEach(async () => {
    h = await startHarness();
    token = (await install(h, 'demo7x3')).access_token;
  });
  afterEach(async () => {
    await h.close();
  });

  const lineOf = (orderId: number) => {
    const order = h.sim.inspect.order('demo7x3', orderId) as unknown as {
      consignments: { shipping: Array<{ id: number; line_items: Array<{ id: number }> }> };
    };
    const consignment = order.consignments.shipping[0]!;
    return { addressId: consignment.id, lineId: consignment.line_items[0]!.id };
  };

  it('sees the stored shipment before the caller does, and holds the response while its promise is open', async () => {
    const order = h.sim.placeOrder('demo7x3', { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });
    const { addressId, lineId } = lineOf(order.id);
    let release: () => void = () => undefined;
    const calls: Array<{ storeHash: string; orderId: number; id: number; storedIds: number[] }> = [];
    h.sim.knobs.onShipmentCreated = (storeHash, orderId, shipment) => {
      calls.push({
        storeHash,
        orderId,
        id: shipment.id,
        storedIds: h.sim.inspect.shipments(storeHash, orderId).map((s) => s.id),
      });
      return new Promise<void>((resolve) => (release = resolve));
    };
    let answered = false;
    const response = storeApi(h, token, 'POST', `/v2/orders/${order.id}/shipments`, {
      order_address_id: addressId,
      tracking_number: 'HOOK-1',
      items: [{ order_product_id: lineId, quantity: 1 }],
    }).then((res) => {
      answered = true;
      return res;
    });
    for (let i = 0; i < 50 && calls.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call).toEqual({
      storeHash: 'demo7x3',
      orderId: order.id,
      id: expect.any(Number),
      storedIds: [call!.id],
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toBe(false); // held
    release();
    const res = await response;
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: call!.id, tracking_number: 'HOOK-1' });
  });

  it('is not called for a refused shipment, and without a hook the response is immediate', async () => {
    const order = h.sim.placeOrder('demo7x3', { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });
    const { addressId, lineId } = lineOf(order.id);
    const seen: number[] = [];
    h.sim.knobs.onShipmentCreated = (_store, _order, shipment) => void seen.push(shipment.id);
    const refused = await storeApi(h, token, 'POST', `/v2/orders/${order.id}/shipments`, {
      order_address_id: addressId,
      items: [{ order_product_id: lineId, quantity: 5 }],
    });
    expect(refused.status).toBe(422);
    expect(seen).toEqual([]);
    h.sim.knobs.onShipmentCreated = undefined;
    const created = await storeApi(h, token, 'POST', `/v2/orders/${order.id}/shipments`, {
      order_address_id: addressId,
      items: [{ order_product_id: lineId, quantity: 1 }],
    });
    expect(created.status).toBe(201);
    expect(seen).toEqual([]);
  });
});
