import { IomOperatorError, type IomSimulator } from '../../scripts/sandbox/iom';
import { orderHeader, orderLine, useIomSandbox, webApi, type Doc } from './iom-kit';

/**
 * The IOM operator's actions (what the operator page's buttons do), and how they show up for a
 * connector: in the Web API's rows and in change tracking.
 */
describe('IOM simulator: operator actions', () => {
  let sim: IomSimulator;
  let token: string;
  useIomSandbox((running) => ({ sim, token } = running), { withToken: true });

  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    webApi(sim, token, method, path, body, headers);

  /** An order of 2 × MUG-GRY and 1 × TSHIRT-BLK-M; returns its id and line ids (in that order). */
  async function createOrder(externalId = '42') {
    const { body } = await call(
      'POST',
      'salesorders?$select=name&$expand=order_details($select=salesorderdetailid,lineitemnumber;$orderby=lineitemnumber)',
      {
        ...orderHeader(sim, externalId),
        order_details: [orderLine(sim, 'MUG-GRY', 2), orderLine(sim, 'TSHIRT-BLK-M', 1)],
      },
      { Prefer: 'return=representation' },
    );
    return {
      id: String(body.salesorderid),
      lines: (body.order_details as Doc[]).map((l) => l.salesorderdetailid) as string[],
    };
  }

  async function salesOrderState(id: string) {
    const { body } = await call(
      'GET',
      `salesorders(${id})?$select=statecode,statuscode,msdyn_iomstatename,msdyn_iomstatereasonname`,
    );
    return body;
  }

  it('creates a fulfillment order for every open line, visible through the Web API', async () => {
    const order = await createOrder();
    const fo = sim.operator.createFulfillmentOrder(order.id);
    expect(fo).toMatchObject({ salesOrderId: order.id, state: 'New', warehouse: 'Seattle DC' });
    expect(fo.name).toMatch(/^FO-ORD-01001-[A-Z0-9]{6}-1$/);
    expect(fo.lines.map((l) => [l.sku, l.quantity])).toEqual([
      ['MUG-GRY', 2],
      ['TSHIRT-BLK-M', 1],
    ]);
    const rows = await call(
      'GET',
      `msdyn_fulfillmentorders?$select=msdyn_name,msdyn_iomstatename&$filter=_msdyn_salesorderid_value eq ${order.id}`,
    );
    expect(rows.body.value).toEqual([
      expect.objectContaining({ msdyn_name: fo.name, msdyn_iomstatename: 'New' }),
    ]);
    const details = await call(
      'GET',
      `msdyn_fulfillmentorderdetails?$select=msdyn_quantity,_msdyn_salesorderdetailid_value&$filter=_msdyn_fulfillmentid_value eq ${fo.fulfillmentOrderId}`,
    );
    expect(details.body.value.map((d) => d._msdyn_salesorderdetailid_value)).toEqual(order.lines);
    expect(await salesOrderState(order.id)).toMatchObject({
      statecode: 1,
      statuscode: 3,
      msdyn_iomstatename: 'Fulfillment in Process',
      msdyn_iomstatereasonname: 'Sent To Fulfillment',
    });
  });

  it('picks, packs and ships partially, then ships the rest, with tracking records', async () => {
    const order = await createOrder();
    const fo = sim.operator.createFulfillmentOrder(order.id);
    expect(() => sim.operator.pack(fo.fulfillmentOrderId)).toThrow(IomOperatorError);
    sim.operator.pick(fo.fulfillmentOrderId);
    sim.operator.pack(fo.fulfillmentOrderId);
    const mugLine = fo.lines[0]?.fulfillmentOrderDetailId ?? '';
    sim.operator.ship(fo.fulfillmentOrderId, {
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
      lines: [{ fulfillmentOrderDetailId: mugLine, quantity: 1 }],
    });
    expect(sim.inspect.fulfillmentOrders()[0]).toMatchObject({ state: 'Partially shipped', stateCode: 0 });
    expect(await salesOrderState(order.id)).toMatchObject({
      statecode: 1,
      msdyn_iomstatereasonname: 'Partially shipped',
    });
    const tracking = await call(
      'GET',
      `msdyn_fulfillmenttrackings?$select=msdyn_trackingnumber,msdyn_carriername,_msdyn_shippingcarrier_value&$filter=_msdyn_fulfillmentorderid_value eq ${fo.fulfillmentOrderId}&$expand=msdyn_fulfillmenttracking_lines($select=msdyn_quantity,_msdyn_salesorderdetailid_value)`,
    );
    expect(tracking.body.value).toEqual([
      expect.objectContaining({
        msdyn_trackingnumber: '1Z999AA10123456784',
        msdyn_carriername: 'UPS',
        msdyn_fulfillmenttracking_lines: [
          expect.objectContaining({ msdyn_quantity: 1, _msdyn_salesorderdetailid_value: order.lines[0] }),
        ],
      }),
    ]);
    const lines = await call(
      'GET',
      `salesorderdetails?$select=quantityshipped&$filter=_salesorderid_value eq ${order.id}&$orderby=lineitemnumber`,
    );
    expect(lines.body.value.map((l) => l.quantityshipped)).toEqual([1, 0]);

    sim.operator.ship(fo.fulfillmentOrderId, { carrier: 'fedex', trackingNumber: '7489 1234 5678' });
    const view = sim.inspect.fulfillmentOrders()[0];
    expect(view).toMatchObject({ state: 'Shipped', stateCode: 1 });
    expect(view?.shipments.map((s) => [s.carrier, s.trackingNumber, s.lines.map((l) => l.quantity)])).toEqual(
      [
        ['UPS', '1Z999AA10123456784', [1]],
        ['FedEx', '7489 1234 5678', [1, 1]],
      ],
    );
    expect(await salesOrderState(order.id)).toMatchObject({
      statecode: 3,
      statuscode: 100001,
      msdyn_iomstatename: 'Completed',
      msdyn_iomstatereasonname: 'Fulfilled',
    });
    expect(() => sim.operator.ship(fo.fulfillmentOrderId, { carrier: 'UPS', trackingNumber: 'x' })).toThrow(
      /Shipped; nothing can be shipped/,
    );
  });

  it('shows every operator step in the sales order and fulfillment order delta links', async () => {
    const order = await createOrder();
    const track = (path: string) => call('GET', path, undefined, { Prefer: 'odata.track-changes' });
    const orders = await track('salesorders?$select=statecode,msdyn_iomstatename');
    const fos = await track('msdyn_fulfillmentorders?$select=msdyn_iomstatename');
    const fo = sim.operator.createFulfillmentOrder(order.id);
    sim.operator.ship(fo.fulfillmentOrderId, { carrier: 'USPS', trackingNumber: '9400111899223100000000' });
    const orderDelta = await call('GET', String(orders.body['@odata.deltaLink']));
    expect(orderDelta.body.value).toEqual([
      expect.objectContaining({ salesorderid: order.id, statecode: 3, msdyn_iomstatename: 'Completed' }),
    ]);
    const foDelta = await call('GET', String(fos.body['@odata.deltaLink']));
    expect(foDelta.body.value).toEqual([
      expect.objectContaining({
        msdyn_fulfillmentorderid: fo.fulfillmentOrderId,
        msdyn_iomstatename: 'Shipped',
      }),
    ]);
  });

  it('cancels a fulfillment order: nothing shipped cancels the sales order', async () => {
    const order = await createOrder();
    const fo = sim.operator.createFulfillmentOrder(order.id);
    sim.operator.cancel(fo.fulfillmentOrderId);
    expect(sim.inspect.fulfillmentOrders()[0]).toMatchObject({ state: 'Cancelled', stateCode: 1 });
    expect(await salesOrderState(order.id)).toMatchObject({
      statecode: 2,
      statuscode: 4,
      msdyn_iomstatename: 'Cancelled',
    });
    expect(sim.inspect.salesOrders()[0]?.lines.map((l) => l.quantityCancelled)).toEqual([2, 1]);
    expect(() => sim.operator.cancel(fo.fulfillmentOrderId)).toThrow(IomOperatorError);
    expect(() => sim.operator.createFulfillmentOrder(order.id)).toThrow(/closed/);
  });

  it('closes a partly shipped fulfillment order on cancel and completes the order as partial', async () => {
    const order = await createOrder();
    const fo = sim.operator.createFulfillmentOrder(order.id);
    sim.operator.ship(fo.fulfillmentOrderId, {
      carrier: 'DHL',
      trackingNumber: 'JD014600006281234567',
      lines: [{ fulfillmentOrderDetailId: fo.lines[0]?.fulfillmentOrderDetailId ?? '', quantity: 2 }],
    });
    sim.operator.cancel(fo.fulfillmentOrderId);
    expect(sim.inspect.fulfillmentOrders()[0]?.state).toBe('Closed');
    expect(await salesOrderState(order.id)).toMatchObject({
      statecode: 3,
      statuscode: 100002,
      msdyn_iomstatereasonname: 'Partially fulfilled',
    });
  });

  it('splits an order over several fulfillment orders and refuses to allocate more than ordered', async () => {
    const order = await createOrder();
    const first = sim.operator.createFulfillmentOrder(order.id, [
      { salesOrderDetailId: order.lines[0] ?? '', quantity: 1 },
    ]);
    expect(first.lines).toEqual([expect.objectContaining({ sku: 'MUG-GRY', quantity: 1 })]);
    expect(() =>
      sim.operator.createFulfillmentOrder(order.id, [
        { salesOrderDetailId: order.lines[0] ?? '', quantity: 2 },
      ]),
    ).toThrow(/Only 1 of/);
    const rest = sim.operator.createFulfillmentOrder(order.id);
    expect(rest.name).toMatch(/-2$/);
    expect(rest.lines.map((l) => [l.sku, l.quantity])).toEqual([
      ['MUG-GRY', 1],
      ['TSHIRT-BLK-M', 1],
    ]);
    expect(() => sim.operator.createFulfillmentOrder(order.id)).toThrow(/Nothing is left to fulfill/);
    expect(sim.inspect.salesOrders()[0]?.fulfillmentOrderIds).toEqual([
      first.fulfillmentOrderId,
      rest.fulfillmentOrderId,
    ]);
  });

  it('receives returns of shipped quantities only, as return orders in the Web API and change tracking', async () => {
    const order = await createOrder();
    const returns = await call('GET', 'msdyn_returnorders?$select=msdyn_name', undefined, {
      Prefer: 'odata.track-changes',
    });
    expect(() =>
      sim.operator.receiveReturn(order.id, [{ salesOrderDetailId: order.lines[0] ?? '', quantity: 1 }]),
    ).toThrow(/shipped and not yet returned/);
    const fo = sim.operator.createFulfillmentOrder(order.id);
    sim.operator.ship(fo.fulfillmentOrderId, { carrier: 'UPS', trackingNumber: '1Z1' });
    const rma = sim.operator.receiveReturn(order.id, [
      { salesOrderDetailId: order.lines[0] ?? '', quantity: 1 },
    ]);
    expect(rma).toMatchObject({
      salesOrderId: order.id,
      lines: [expect.objectContaining({ sku: 'MUG-GRY', quantity: 1 })],
    });
    expect(rma.name).toMatch(/^RMA-ORD-01001-[A-Z0-9]{6}-1$/);
    const delta = await call('GET', String(returns.body['@odata.deltaLink']));
    expect(delta.body.value).toEqual([
      expect.objectContaining({ msdyn_returnorderid: rma.returnOrderId, msdyn_name: rma.name }),
    ]);
    const details = await call(
      'GET',
      `msdyn_returnorderdetails?$select=msdyn_quantity&$filter=_msdyn_returnorderid_value eq ${rma.returnOrderId}`,
    );
    expect(details.body.value).toEqual([expect.objectContaining({ msdyn_quantity: 1 })]);
    expect(sim.inspect.salesOrders()[0]?.lines[0]?.quantityReturned).toBe(1);
    sim.operator.receiveReturn(order.id, [{ salesOrderDetailId: order.lines[0] ?? '', quantity: 1 }]);
    expect(() =>
      sim.operator.receiveReturn(order.id, [{ salesOrderDetailId: order.lines[0] ?? '', quantity: 1 }]),
    ).toThrow(IomOperatorError);
  });

  it('validates operator input', async () => {
    const order = await createOrder();
    const fo = sim.operator.createFulfillmentOrder(order.id);
    expect(() =>
      sim.operator.ship(fo.fulfillmentOrderId, { carrier: 'Pony Express', trackingNumber: '1' }),
    ).toThrow(/Unknown carrier/);
    expect(() => sim.operator.ship(fo.fulfillmentOrderId, { carrier: 'UPS', trackingNumber: '  ' })).toThrow(
      IomOperatorError,
    );
    expect(() =>
      sim.operator.ship(fo.fulfillmentOrderId, {
        carrier: 'UPS',
        trackingNumber: '1',
        lines: [{ fulfillmentOrderDetailId: fo.lines[0]?.fulfillmentOrderDetailId ?? '', quantity: 0 }],
      }),
    ).toThrow(IomOperatorError);
    expect(() => sim.operator.pick('00000000-0000-4000-8000-000000000000')).toThrow(/does not exist/);
    expect(() => sim.operator.createFulfillmentOrder('')).toThrow(IomOperatorError);
    sim.knobs.iomInstalled = false;
    expect(() => sim.operator.pick(fo.fulfillmentOrderId)).toThrow(/not installed/);
  });

  it('reset() returns to the seeded state', async () => {
    const order = await createOrder();
    sim.operator.createFulfillmentOrder(order.id);
    sim.knobs.latencyMs = 5;
    sim.knobs.privileges.readSalesOrders = false;
    sim.reset();
    expect(sim.inspect.salesOrders()).toEqual([]);
    expect(sim.inspect.fulfillmentOrders()).toEqual([]);
    expect(sim.inspect.requests).toEqual([]);
    expect(sim.knobs).toMatchObject({ latencyMs: 0, privileges: { readSalesOrders: true } });
    expect((await call('GET', 'products?$select=productnumber')).body.value).toHaveLength(
      sim.catalog.products.length,
    );
  });
});
