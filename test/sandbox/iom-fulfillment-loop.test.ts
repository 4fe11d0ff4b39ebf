import { EXPIRED_TOKEN_MESSAGE, IomOperatorError, type IomSimulator } from '../../scripts/sandbox/iom';
import { appToken, entityIdOf, orderHeader, orderLine, useIomSandbox, webApi, type Doc } from './iom-kit';

/**
 * The outbound relay's reads over real sockets: an order driven through IOM's fulfillment by the operator,
 * seen through change tracking (delta links, their expiry), through modifiedon polling when change tracking
 * is off, and through $filter + $expand reads of fulfillment orders, tracking rows, returns and orders.
 */
describe('IOM simulator: the fulfillment loop through the Web API', () => {
  let sim: IomSimulator;
  let token: string;
  useIomSandbox((running) => ({ sim, token } = running), { withToken: true });

  const HOUR = 60 * 60 * 1000;
  const DAY = 24 * HOUR;

  const get = (path: string, headers?: Record<string, string>) =>
    webApi(sim, token, 'GET', path, undefined, headers);
  const track = (path: string) => get(path, { Prefer: 'odata.track-changes' });
  /** Moves the simulator's clock; access tokens expire by it too, so a fresh one is fetched. */
  async function advanceClock(ms: number): Promise<void> {
    sim.advanceClock(ms);
    token = await appToken(sim);
  }

  interface PlacedOrder {
    id: string;
    /** Sales order line ids: MUG-GRY × 3, TSHIRT-BLK-M × 2. */
    lines: string[];
  }

  async function placeOrder(externalId: string): Promise<PlacedOrder> {
    const { status, headers } = await webApi(sim, token, 'POST', 'salesorders', {
      ...orderHeader(sim, externalId),
      order_details: [orderLine(sim, 'MUG-GRY', 3), orderLine(sim, 'TSHIRT-BLK-M', 2)],
    });
    expect(status).toBe(204);
    const id = entityIdOf(headers);
    const view = sim.inspect.salesOrders().find((o) => o.salesOrderId === id);
    return { id, lines: view?.lines.map((l) => l.salesOrderDetailId) ?? [] };
  }

  /** The fulfillment order's detail ids by SKU. */
  function detailIds(fulfillmentOrderId: string): Record<string, string> {
    const fo = sim.inspect.fulfillmentOrders().find((f) => f.fulfillmentOrderId === fulfillmentOrderId);
    return Object.fromEntries(fo?.lines.map((l) => [l.sku ?? '', l.fulfillmentOrderDetailId]) ?? []);
  }

  it('follows a shipment in two packages through delta links, then reads it with $filter and $expand', async () => {
    const order = await placeOrder('7001');
    const fos = await track('msdyn_fulfillmentorders?$select=msdyn_name,msdyn_iomstatename');
    const orders = await track('salesorders?$select=msdyn_iomstatename,msdyn_iomstatereasonname,statecode');
    const trackings = await get('msdyn_fulfillmenttrackings?$select=msdyn_trackingnumber');
    expect(trackings.status).toBe(200); // tracking rows have no change tracking; they are read by filter

    const fo = sim.operator.createFulfillmentOrder(order.id);
    sim.operator.pick(fo.fulfillmentOrderId);
    sim.operator.pack(fo.fulfillmentOrderId);
    const details = detailIds(fo.fulfillmentOrderId);
    sim.operator.ship(fo.fulfillmentOrderId, {
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
      lines: [{ fulfillmentOrderDetailId: details['MUG-GRY'] ?? '', quantity: 2 }],
    });
    const firstDelta = await get(String(fos.body['@odata.deltaLink']));
    expect(firstDelta.status).toBe(200);
    expect(firstDelta.body.value).toEqual([
      expect.objectContaining({
        msdyn_fulfillmentorderid: fo.fulfillmentOrderId,
        msdyn_iomstatename: 'Partially shipped',
      }),
    ]);

    sim.operator.ship(fo.fulfillmentOrderId, {
      carrier: 'FedEx',
      trackingNumber: '7489 0000 2222',
      lines: [
        { fulfillmentOrderDetailId: details['MUG-GRY'] ?? '', quantity: 1 },
        { fulfillmentOrderDetailId: details['TSHIRT-BLK-M'] ?? '', quantity: 2 },
      ],
    });
    const secondDelta = await get(String(firstDelta.body['@odata.deltaLink']));
    expect(secondDelta.body.value).toEqual([
      expect.objectContaining({
        msdyn_fulfillmentorderid: fo.fulfillmentOrderId,
        msdyn_iomstatename: 'Shipped',
      }),
    ]);
    const orderDelta = await get(String(orders.body['@odata.deltaLink']));
    expect(orderDelta.body.value).toEqual([
      expect.objectContaining({
        salesorderid: order.id,
        statecode: 3,
        msdyn_iomstatename: 'Completed',
        msdyn_iomstatereasonname: 'Fulfilled',
      }),
    ]);

    const byOrder = await get(
      `msdyn_fulfillmentorders?$select=msdyn_name,msdyn_iomstatename&$filter=_msdyn_salesorderid_value eq ${order.id}` +
        '&$expand=msdyn_fulfillmentorder_details($select=msdyn_quantity,msdyn_shippedquantity,msdyn_cancelledquantity,_msdyn_salesorderdetailid_value),' +
        'msdyn_fulfillmentorder_trackings($select=msdyn_trackingnumber,msdyn_carriername;$orderby=msdyn_trackingnumber)',
    );
    expect(byOrder.status).toBe(200);
    expect(byOrder.body.value).toHaveLength(1);
    const foRow = byOrder.body.value[0] as Doc;
    expect(foRow.msdyn_iomstatename).toBe('Shipped');
    expect(
      (foRow.msdyn_fulfillmentorder_details as Doc[]).map((d) => [
        d._msdyn_salesorderdetailid_value,
        d.msdyn_quantity,
        d.msdyn_shippedquantity,
        d.msdyn_cancelledquantity,
      ]),
    ).toEqual([
      [order.lines[0], 3, 3, 0],
      [order.lines[1], 2, 2, 0],
    ]);
    expect(
      (foRow.msdyn_fulfillmentorder_trackings as Doc[]).map((t) => [
        t.msdyn_carriername,
        t.msdyn_trackingnumber,
      ]),
    ).toEqual([
      ['UPS', '1Z999AA10123456784'],
      ['FedEx', '7489 0000 2222'],
    ]);

    const trackingIds = (foRow.msdyn_fulfillmentorder_trackings as Doc[]).map((t) =>
      String(t.msdyn_fulfillmenttrackingid),
    );
    const packages = await get(
      `msdyn_fulfillmenttrackings?$select=msdyn_trackingnumber,msdyn_carriername,msdyn_shipdate` +
        `&$filter=_msdyn_fulfillmentorderid_value eq ${fo.fulfillmentOrderId} or _msdyn_fulfillmentorderid_value eq 00000000-0000-0000-0000-000000000001` +
        '&$orderby=msdyn_trackingnumber desc' +
        '&$expand=msdyn_fulfillmenttracking_lines($select=msdyn_quantity,_msdyn_salesorderdetailid_value,_msdyn_fulfillmentorderdetailid_value)',
    );
    expect(packages.status).toBe(200);
    expect(packages.body.value.map((p) => p.msdyn_fulfillmenttrackingid).sort()).toEqual(
      [...trackingIds].sort(),
    );
    const ups = packages.body.value.find((p) => p.msdyn_carriername === 'UPS') as Doc;
    expect(ups.msdyn_fulfillmenttracking_lines).toEqual([
      expect.objectContaining({
        msdyn_quantity: 2,
        _msdyn_salesorderdetailid_value: order.lines[0],
        _msdyn_fulfillmentorderdetailid_value: details['MUG-GRY'],
      }),
    ]);
    const fedex = packages.body.value.find((p) => p.msdyn_carriername === 'FedEx') as Doc;
    expect((fedex.msdyn_fulfillmenttracking_lines as Doc[]).map((l) => l.msdyn_quantity).sort()).toEqual([
      1, 2,
    ]);

    sim.operator.receiveReturn(order.id, [{ salesOrderDetailId: order.lines[1] ?? '', quantity: 1 }]);
    const returns = await get(
      `msdyn_returnorders?$select=msdyn_name,msdyn_iomstatename&$filter=_msdyn_salesorderid_value eq ${order.id}` +
        '&$expand=msdyn_returnorder_details($select=msdyn_quantity,_msdyn_salesorderdetailid_value)',
    );
    expect(returns.body.value).toEqual([
      expect.objectContaining({
        msdyn_iomstatename: 'Received',
        msdyn_returnorder_details: [
          expect.objectContaining({ msdyn_quantity: 1, _msdyn_salesorderdetailid_value: order.lines[1] }),
        ],
      }),
    ]);

    const withLines = await get(
      `salesorders?$select=name,statecode,msdyn_iomstatename&$filter=salesorderid eq ${order.id}` +
        '&$expand=order_details($select=quantity,quantityshipped,quantitycancelled),' +
        'msdyn_salesorder_fulfillmentorders($select=msdyn_iomstatename),msdyn_salesorder_returnorders($select=msdyn_name)',
    );
    expect(withLines.status).toBe(200);
    const orderRow = withLines.body.value[0] as Doc;
    expect((orderRow.order_details as Doc[]).map((l) => [l.quantity, l.quantityshipped])).toEqual([
      [3, 3],
      [2, 2],
    ]);
    expect(orderRow.msdyn_salesorder_fulfillmentorders).toEqual([
      expect.objectContaining({ msdyn_iomstatename: 'Shipped' }),
    ]);
    expect(orderRow.msdyn_salesorder_returnorders).toHaveLength(1);
  });

  it('shows deletions and operator changes since the token in the same delta', async () => {
    const kept = await placeOrder('7011');
    const doomed = await placeOrder('7012');
    const doomedFo = sim.operator.createFulfillmentOrder(doomed.id);
    const fos = await track('msdyn_fulfillmentorders?$select=msdyn_iomstatename');
    const keptFo = sim.operator.createFulfillmentOrder(kept.id);
    sim.operator.pick(keptFo.fulfillmentOrderId);
    const deleted = await webApi(sim, token, 'DELETE', `salesorders(${doomed.id})`);
    expect(deleted.status).toBe(204);
    const delta = await get(String(fos.body['@odata.deltaLink']));
    expect(delta.body.value).toEqual([
      expect.objectContaining({
        msdyn_fulfillmentorderid: keptFo.fulfillmentOrderId,
        msdyn_iomstatename: 'Picked',
      }),
      {
        '@odata.context': `${sim.environmentUrl}/api/data/v9.2/$metadata#msdyn_fulfillmentorders/$deletedEntity`,
        id: doomedFo.fulfillmentOrderId,
        reason: 'deleted',
      },
    ]);
  });

  it('refuses a delta token older than ExpireChangeTrackingInDays, or expired on purpose', async () => {
    await placeOrder('7021');
    const initial = await track('salesorders?$select=name');
    const deltaLink = String(initial.body['@odata.deltaLink']);

    await advanceClock(6 * DAY);
    expect((await get(deltaLink)).status).toBe(200);

    await advanceClock(DAY + 1000);
    const expired = await get(deltaLink);
    expect(expired.status).toBe(400);
    expect(expired.body.error).toMatchObject({ message: EXPIRED_TOKEN_MESSAGE });
    expect(expired.body.error.message).toBe(
      'Version stamp associated with the client has expired. Please perform a full sync.',
    );

    sim.knobs.changeTrackingExpiryDays = 30;
    expect((await get(deltaLink)).status).toBe(200);

    sim.expireChangeTracking();
    const refused = await get(deltaLink);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(EXPIRED_TOKEN_MESSAGE);

    // A full sync starts over with a token that works.
    const fresh = await track('salesorders?$select=name');
    expect(fresh.body.value).toHaveLength(1);
    sim.operator.createFulfillmentOrder(sim.inspect.salesOrders()[0]?.salesOrderId ?? '');
    const after = await get(String(fresh.body['@odata.deltaLink']));
    expect(after.status).toBe(200);
    expect(after.body.value).toHaveLength(1);
  });

  it('without change tracking, polls by modifiedon with paging and sees every row an action touched', async () => {
    sim.knobs.changeTracking.msdyn_fulfillmentorder = false;
    const refused = await track('msdyn_fulfillmentorders?$select=msdyn_name');
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/Change tracking is not enabled/);

    const orders = [await placeOrder('7031'), await placeOrder('7032'), await placeOrder('7033')];
    const fos = orders.map((order) => sim.operator.createFulfillmentOrder(order.id));
    await advanceClock(HOUR);
    const since = new Date(Date.now() + HOUR - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const before = await get(`msdyn_fulfillmentorders?$select=versionnumber&$filter=modifiedon gt ${since}`);
    expect(before.body.value).toEqual([]);

    await advanceClock(1000);
    const [second, third] = [fos[1], fos[2]];
    sim.operator.pick(third?.fulfillmentOrderId ?? '');
    await advanceClock(1000);
    sim.operator.ship(second?.fulfillmentOrderId ?? '', { carrier: 'DHL', trackingNumber: 'JD0146000062' });

    const pages: Doc[][] = [];
    let next: string | undefined =
      `msdyn_fulfillmentorders?$select=msdyn_name,msdyn_iomstatename,modifiedon,versionnumber` +
      `&$filter=modifiedon gt ${since}&$orderby=modifiedon asc`;
    while (next) {
      const page = await get(next, { Prefer: 'odata.maxpagesize=1' });
      expect(page.status).toBe(200);
      pages.push(page.body.value);
      next = page.body['@odata.nextLink'] as string | undefined;
    }
    expect(
      pages.map((page) => page.map((row) => [row.msdyn_fulfillmentorderid, row.msdyn_iomstatename])),
    ).toEqual([[[third?.fulfillmentOrderId, 'Picked']], [[second?.fulfillmentOrderId, 'Shipped']]]);
    const [picked, shipped] = pages.flat();
    expect(Date.parse(String(shipped?.modifiedon))).toBeGreaterThan(Date.parse(String(picked?.modifiedon)));
    expect(Number(shipped?.versionnumber)).toBeGreaterThan(Number(picked?.versionnumber));

    // Every row the shipment touched carries the new modifiedon.
    const shippedAt = String(shipped?.modifiedon);
    const touched = async (path: string) => (await get(path)).body.value.map((row) => row.modifiedon);
    const foId = second?.fulfillmentOrderId ?? '';
    expect(
      await touched(
        `msdyn_fulfillmentorderdetails?$select=modifiedon&$filter=_msdyn_fulfillmentid_value eq ${foId}`,
      ),
    ).toEqual([shippedAt, shippedAt]);
    expect(
      await touched(
        `msdyn_fulfillmenttrackings?$select=modifiedon&$filter=_msdyn_fulfillmentorderid_value eq ${foId}`,
      ),
    ).toEqual([shippedAt]);
    expect(await touched(`salesorders?$select=modifiedon&$filter=salesorderid eq ${orders[1]?.id}`)).toEqual([
      shippedAt,
    ]);
    expect(
      await touched(`salesorderdetails?$select=modifiedon&$filter=_salesorderid_value eq ${orders[1]?.id}`),
    ).toEqual([shippedAt, shippedAt]);
    expect(
      await touched(`salesorders?$select=modifiedon&$filter=modifiedon gt ${since}&$orderby=modifiedon asc`),
    ).toHaveLength(2);
  });

  it('cancels in two steps: requested while fulfillment stays open, confirmed with shipped lines kept', async () => {
    const order = await placeOrder('7041');
    const fo = sim.operator.createFulfillmentOrder(order.id, [
      { salesOrderDetailId: order.lines[0] ?? '', quantity: 3 },
    ]);
    sim.operator.ship(fo.fulfillmentOrderId, {
      carrier: 'USPS',
      trackingNumber: '9400111899223100000001',
      lines: [{ fulfillmentOrderDetailId: fo.lines[0]?.fulfillmentOrderDetailId ?? '', quantity: 1 }],
    });
    const orders = await track(
      'salesorders?$select=statecode,statuscode,msdyn_iomstatename,msdyn_iomstatereasonname',
    );
    const state = async () =>
      (
        await get(
          `salesorders(${order.id})?$select=statecode,statuscode,msdyn_iomstatename,msdyn_iomstatereasonname&$expand=order_details($select=quantity,quantityshipped,quantitycancelled)`,
        )
      ).body;

    sim.operator.requestCancel(order.id);
    expect(await state()).toMatchObject({
      statecode: 1,
      statuscode: 3,
      msdyn_iomstatename: 'Fulfillment in Process',
      msdyn_iomstatereasonname: 'Cancellation requested',
    });
    expect(sim.inspect.fulfillmentOrders()[0]?.state).toBe('Partially shipped');
    const requested = await get(String(orders.body['@odata.deltaLink']));
    expect(requested.body.value).toEqual([
      expect.objectContaining({ salesorderid: order.id, msdyn_iomstatereasonname: 'Cancellation requested' }),
    ]);
    expect(() => sim.operator.requestCancel(order.id)).toThrow(/already requested/);

    sim.operator.confirmCancel(order.id);
    const confirmed = await state();
    expect(confirmed).toMatchObject({
      statecode: 3,
      statuscode: 100002,
      msdyn_iomstatename: 'Completed',
      msdyn_iomstatereasonname: 'Partially fulfilled',
    });
    expect(
      (confirmed.order_details as Doc[]).map((l) => [l.quantity, l.quantityshipped, l.quantitycancelled]),
    ).toEqual([
      [3, 1, 2],
      [2, 0, 2],
    ]);
    expect(sim.inspect.fulfillmentOrders()[0]).toMatchObject({ state: 'Closed', stateCode: 1 });
    const confirmedDelta = await get(String(requested.body['@odata.deltaLink']));
    expect(confirmedDelta.body.value).toEqual([
      expect.objectContaining({
        salesorderid: order.id,
        statecode: 3,
        msdyn_iomstatereasonname: 'Partially fulfilled',
      }),
    ]);
    expect(() => sim.operator.confirmCancel(order.id)).toThrow(IomOperatorError);
    expect(() => sim.operator.requestCancel(order.id)).toThrow(/closed/);
  });

  it('confirms a cancellation with nothing shipped: the order is Canceled, its fulfillment order Cancelled', async () => {
    const order = await placeOrder('7051');
    const fo = sim.operator.createFulfillmentOrder(order.id, [
      { salesOrderDetailId: order.lines[1] ?? '', quantity: 1 },
    ]);
    sim.operator.requestCancel(order.id);
    sim.operator.confirmCancel(order.id);
    expect(sim.inspect.salesOrders()[0]).toMatchObject({
      state: 'Canceled',
      stateCode: 2,
      statusCode: 4,
      iomState: 'Cancelled',
    });
    expect(sim.inspect.salesOrders()[0]?.lines.map((l) => l.quantityCancelled)).toEqual([3, 2]);
    expect(
      sim.inspect.fulfillmentOrders().find((f) => f.fulfillmentOrderId === fo.fulfillmentOrderId)?.state,
    ).toBe('Cancelled');
    expect(() => sim.operator.createFulfillmentOrder(order.id)).toThrow(/closed/);
  });
});
