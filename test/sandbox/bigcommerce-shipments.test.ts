import type { PlaceOrderInput } from '../../scripts/sandbox/bigcommerce';
import { describeWithSpecs, specFile } from '../helpers/bigcommerce-specs';
import { eventually } from '../helpers/eventually';
import type { OpenApiValidator } from '../helpers/openapi-validator';
import {
  api,
  install,
  ordersV2Validator,
  requestBodyValidator,
  startHarness,
  startWebhookReceiver,
  storeApi,
  type ApiResponse,
  type Harness,
  type WebhookReceiver,
} from './bigcommerce-kit';

type Json = Record<string, unknown>;

const ADDRESS_A = {
  first_name: 'Trish',
  last_name: 'Smith',
  street_1: '666 Sussex St',
  city: 'Austin',
  state: 'Texas',
  zip: '78751',
  country_iso2: 'US',
};
const ADDRESS_B = { ...ADDRESS_A, first_name: 'Sam', street_1: '1 Lake Rd', zip: '78702' };
/** Two lines to address A (3 mugs, 1 shirt), one to address B (2 posters). */
const ORDER: PlaceOrderInput = {
  lines: [
    { sku: 'MUG-GRY', quantity: 3, address: 0 },
    { sku: 'TSHIRT-BLK-M', quantity: 1, address: 0 },
    { sku: 'POSTER-A3-SEA', quantity: 2, address: 1 },
  ],
  addresses: [ADDRESS_A, ADDRESS_B],
  coupon: { code: 'SAVE10', percent: 10 },
};

describeWithSpecs('BigCommerce simulator: order shipments (v2), checked against orders.v2.oas2.yml', () => {
  let spec: OpenApiValidator;
  let checkRequest: (schema: string, body: unknown) => void;
  let h: Harness;
  let token: string;
  let clock: number;
  let receiver: WebhookReceiver;
  const v2 = (method: string, path: string, body?: unknown): Promise<ApiResponse> =>
    storeApi(h, token, method, `/v2${path}`, body);
  const expectSpec = (res: ApiResponse, method: string, template: string, status: number): void => {
    expect({ status: res.status, body: res.body }).toMatchObject({ status });
    spec.assertValidResponse({ method, path: template, status, body: res.body });
  };
  /** POSTs a shipment after checking the body is an orderShipment_Post. */
  const ship = (orderId: number, body: Json): Promise<ApiResponse> => {
    checkRequest('orderShipment_Post', body);
    return v2('POST', `/orders/${orderId}/shipments`, body);
  };
  const lines = async (orderId: number): Promise<Json[]> => {
    const res = await v2('GET', `/orders/${orderId}/products`);
    expectSpec(res, 'get', '/orders/{order_id}/products', 200);
    return res.body as Json[];
  };
  const subscribe = async (scope: string): Promise<void> => {
    const res = await api(h, token, 'POST', '/hooks', { scope, destination: receiver.url });
    expect(res.status).toBe(200);
  };

  beforeAll(() => {
    spec = ordersV2Validator(specFile('orders.v2.oas2.yml'));
    checkRequest = requestBodyValidator(specFile('orders.v2.oas2.yml'));
  });
  beforeEach(async () => {
    clock = Date.parse('2026-11-27T12:00:00Z');
    h = await startHarness({ now: () => clock });
    token = (await install(h, 'demo7x3')).access_token;
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await h.close();
    await receiver.close();
  });

  it('answers 204 while there are none, then ships part of a line and the rest, counting what was shipped', async () => {
    const order = h.sim.placeOrder('demo7x3', ORDER);
    const none = await v2('GET', `/orders/${order.id}/shipments`);
    expect(none.status).toBe(204);
    expect(none.body).toBeUndefined();
    const zero = await v2('GET', `/orders/${order.id}/shipments/count`);
    expectSpec(zero, 'get', '/orders/{order_id}/shipments/count', 200);
    expect(zero.body).toEqual({ count: 0 });

    const [mug, shirt, poster] = await lines(order.id);
    const addressA = mug?.['order_address_id'] as number;
    clock += 60_000;
    const first = await ship(order.id, {
      order_address_id: addressA,
      tracking_number: '1Z999AA10123456784',
      shipping_provider: 'ups',
      tracking_carrier: '',
      shipping_method: 'Ground',
      comments: 'Part one',
      items: [{ order_product_id: mug?.['id'], quantity: 2 }],
    });
    expectSpec(first, 'post', '/orders/{order_id}/shipments', 201);
    expect(first.body).toMatchObject({
      order_id: order.id,
      customer_id: 0,
      order_address_id: addressA,
      date_created: 'Fri, 27 Nov 2026 12:01:00 +0000',
      tracking_number: '1Z999AA10123456784',
      shipping_provider: 'ups',
      shipping_method: 'Ground',
      tracking_link: '',
      generated_tracking_link: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
      comments: 'Part one',
      billing_address: { first_name: 'Trish', street_1: '666 Sussex St' },
      shipping_address: { first_name: 'Trish', street_1: '666 Sussex St' },
      items: [{ order_product_id: mug?.['id'], quantity: 2 }],
    });

    const afterFirst = await lines(order.id);
    expect(afterFirst.map((l) => l['quantity_shipped'])).toEqual([2, 0, 0]);
    const shown = h.sim.inspect.order('demo7x3', order.id);
    expect(shown?.['items_shipped']).toBe(2);
    expect(shown?.['status_id']).toBe(11); // the knob is off: the status is the app's to set
    expect(shown?.date_modified).toBe('Fri, 27 Nov 2026 12:01:00 +0000');
    const consignments = shown?.['consignments'] as {
      shipping: Array<{ id: number; items_shipped: number }>;
    };
    expect(consignments.shipping.map((c) => c.items_shipped)).toEqual([2, 0]);

    const rest = await ship(order.id, {
      order_address_id: addressA,
      tracking_number: '9400111899223197428490',
      tracking_carrier: 'usps',
      items: [
        { order_product_id: mug?.['id'], quantity: 1 },
        { order_product_id: shirt?.['id'], quantity: 1 },
      ],
    });
    expectSpec(rest, 'post', '/orders/{order_id}/shipments', 201);
    expect((rest.body as Json)['generated_tracking_link']).toBe(
      'https://trkcnfrm1.smi.usps.com/PTSInternetWeb/InterLabelInquiry.do?strOrigTrackNum=9400111899223197428490',
    );
    const third = await ship(order.id, {
      order_address_id: poster?.['order_address_id'],
      tracking_number: 'JD014600006281230704',
      tracking_carrier: 'dhl',
      items: [{ order_product_id: poster?.['id'], quantity: 2 }],
    });
    expectSpec(third, 'post', '/orders/{order_id}/shipments', 201);
    expect((await lines(order.id)).map((l) => l['quantity_shipped'])).toEqual([3, 1, 2]);

    const list = await v2('GET', `/orders/${order.id}/shipments`);
    expectSpec(list, 'get', '/orders/{order_id}/shipments', 200);
    expect((list.body as Json[]).map((s) => s['tracking_number'])).toEqual([
      '1Z999AA10123456784',
      '9400111899223197428490',
      'JD014600006281230704',
    ]);
    const paged = await v2('GET', `/orders/${order.id}/shipments?page=2&limit=2`);
    expectSpec(paged, 'get', '/orders/{order_id}/shipments', 200);
    expect((paged.body as Json[]).map((s) => s['tracking_number'])).toEqual(['JD014600006281230704']);
    const one = await v2('GET', `/orders/${order.id}/shipments/${(first.body as Json)['id'] as number}`);
    expectSpec(one, 'get', '/orders/{order_id}/shipments/{shipment_id}', 200);
    expect(one.body).toEqual(first.body);
    const count = await v2('GET', `/orders/${order.id}/shipments/count`);
    expect(count.body).toEqual({ count: 3 });
    expect(h.sim.inspect.shipments('demo7x3', order.id)).toHaveLength(3);
    expect(h.sim.inspect.writes('demo7x3')).toMatchObject({ shipmentsCreated: 3, statusUpdates: 0 });
    expect(h.sim.inspect.order('demo7x3', order.id)?.['items_shipped']).toBe(6);
    expect(h.sim.inspect.order('demo7x3', order.id)?.['status_id']).toBe(11);
  });

  it('checks request bodies against the spec (the check itself can fail)', () => {
    expect(() => checkRequest('orderShipment_Post', { order_address_id: 'one', items: [] })).toThrow(
      /order_address_id/,
    );
    expect(() =>
      checkRequest('orderShipment_Post', { order_address_id: 1, tracking_number: 'X'.repeat(51) }),
    ).toThrow();
  });

  it('refuses shipments that do not fit the order, in the v2 error shape, and ships nothing', async () => {
    const order = h.sim.placeOrder('demo7x3', ORDER);
    const [mug, , poster] = await lines(order.id);
    const addressA = mug?.['order_address_id'] as number;
    const refused = async (body: unknown, status: number, message: RegExp): Promise<void> => {
      const res = await v2('POST', `/orders/${order.id}/shipments`, body);
      expect(res.status).toBe(status);
      expect(res.body).toEqual([{ status, message: expect.stringMatching(message) as string }]);
    };
    await refused({ items: [{ order_product_id: mug?.['id'], quantity: 1 }] }, 400, /order_address_id/);
    await refused({ order_address_id: addressA }, 400, /items/);
    await refused({ order_address_id: addressA, items: [] }, 400, /at least one item/);
    const item = [{ order_product_id: mug?.['id'], quantity: 1 }];
    await refused(
      { order_address_id: addressA, items: item, tracking_number: 'X'.repeat(51) },
      400,
      /tracking_number: at most 50/,
    );
    await refused(
      { order_address_id: addressA, items: item, tracking_link: `https://t.example/${'x'.repeat(500)}` },
      400,
      /tracking_link/,
    );
    await refused(
      { order_address_id: addressA, items: item, shipping_provider: 'dhl-express' },
      400,
      /shipping_provider/,
    );
    await refused(
      { order_address_id: addressA, items: item, tracking_carrier: 'Not A Slug' },
      400,
      /tracking_carrier/,
    );
    await refused(
      { order_address_id: addressA, items: [{ order_product_id: 99999, quantity: 1 }] },
      422,
      /no order product 99999/,
    );
    await refused({ order_address_id: 99999, items: item }, 422, /no shipping address 99999/);
    await refused(
      { order_address_id: addressA, items: [{ order_product_id: poster?.['id'], quantity: 1 }] },
      422,
      /ships to order_address_id \d+, not \d+/,
    );
    await refused(
      { order_address_id: addressA, items: [{ order_product_id: mug?.['id'], quantity: 4 }] },
      422,
      /3 unit\(s\) left to ship/,
    );
    expect(h.sim.inspect.shipments('demo7x3', order.id)).toEqual([]);
    expect(h.sim.inspect.writes('demo7x3').shipmentsCreated).toBe(0);

    const ok = await ship(order.id, {
      order_address_id: addressA,
      items: [{ order_product_id: mug?.['id'], quantity: 3 }],
    });
    expect(ok.status).toBe(201);
    await refused(
      { order_address_id: addressA, items: item },
      422,
      /0 unit\(s\) left to ship \(quantity 3, 3 shipped\)/,
    );
    const missing = await v2('POST', `/orders/999/shipments`, { order_address_id: addressA, items: item });
    expect(missing.status).toBe(404);
    expect(await v2('GET', `/orders/${order.id}/shipments/999`)).toMatchObject({ status: 404 });
  });

  it('updates tracking with PUT (never the items) and deletes one or all shipments, freeing their units', async () => {
    const order = h.sim.placeOrder('demo7x3', ORDER);
    const [mug, , poster] = await lines(order.id);
    const a = await ship(order.id, {
      order_address_id: mug?.['order_address_id'],
      items: [{ order_product_id: mug?.['id'], quantity: 3 }],
    });
    const b = await ship(order.id, {
      order_address_id: poster?.['order_address_id'],
      items: [{ order_product_id: poster?.['id'], quantity: 2 }],
    });
    const idA = (a.body as Json)['id'] as number;

    const change = { tracking_number: '781234567890', shipping_provider: 'fedex' };
    checkRequest('orderShipment_Put', change);
    const put = await v2('PUT', `/orders/${order.id}/shipments/${idA}`, change);
    expectSpec(put, 'put', '/orders/{order_id}/shipments/{shipment_id}', 200);
    expect(put.body).toMatchObject({
      tracking_number: '781234567890',
      shipping_provider_display_name: 'FedEx',
      generated_tracking_link: 'https://www.fedex.com/fedextrack/?trknbr=781234567890',
    });
    const custom = await v2('PUT', `/orders/${order.id}/shipments/${idA}`, {
      tracking_link: 'https://track.example/abc',
    });
    expect(custom.body).toMatchObject({
      tracking_link: 'https://track.example/abc',
      generated_tracking_link: '',
    });
    const items = await v2('PUT', `/orders/${order.id}/shipments/${idA}`, { items: [] });
    expect(items).toMatchObject({
      status: 400,
      body: [{ status: 400, message: expect.stringMatching(/items cannot be changed/) as string }],
    });
    expect(await v2('PUT', `/orders/${order.id}/shipments/${idA}`, {})).toMatchObject({ status: 400 });

    const del = await v2('DELETE', `/orders/${order.id}/shipments/${idA}`);
    expect(del.status).toBe(204);
    expect((await lines(order.id)).map((l) => l['quantity_shipped'])).toEqual([0, 0, 2]);
    expect(await v2('DELETE', `/orders/${order.id}/shipments/${idA}`)).toMatchObject({ status: 404 });
    expect(h.sim.inspect.shipments('demo7x3', order.id).map((s) => s.id)).toEqual([(b.body as Json)['id']]);
    expect((await v2('DELETE', `/orders/${order.id}/shipments`)).status).toBe(204);
    expect((await v2('GET', `/orders/${order.id}/shipments`)).status).toBe(204);
    expect((await lines(order.id)).map((l) => l['quantity_shipped'])).toEqual([0, 0, 0]);
    expect(h.sim.inspect.writes('demo7x3')).toMatchObject({
      shipmentsCreated: 2,
      shipmentsUpdated: 2,
      shipmentDeletes: 2,
    });
  });

  it('with shipmentsSetStatus on, moves the status to Partially Shipped then Shipped and fires statusUpdated each time', async () => {
    h.sim.knobs.shipmentsSetStatus = true;
    await subscribe('store/order/statusUpdated');
    await subscribe('store/order/updated');
    await subscribe('store/shipment/created');
    const order = h.sim.placeOrder('demo7x3', ORDER);
    const [mug, shirt, poster] = await lines(order.id);
    await ship(order.id, {
      order_address_id: mug?.['order_address_id'],
      items: [
        { order_product_id: mug?.['id'], quantity: 3 },
        { order_product_id: shirt?.['id'], quantity: 1 },
      ],
    });
    expect(h.sim.inspect.order('demo7x3', order.id)?.status_id).toBe(3);
    clock += 1000;
    const last = await ship(order.id, {
      order_address_id: poster?.['order_address_id'],
      items: [{ order_product_id: poster?.['id'], quantity: 2 }],
    });
    const shown = h.sim.inspect.order('demo7x3', order.id);
    expect(shown?.status_id).toBe(2);
    expect(shown?.['status']).toBe('Shipped');
    expect(shown?.date_modified).toBe('Fri, 27 Nov 2026 12:00:01 +0000');
    expect(shown?.['date_shipped']).toBe('Fri, 27 Nov 2026 12:00:01 +0000');

    const received = await eventually(
      () => receiver.received,
      (r) => r.length >= 6,
    );
    const statuses = received
      .filter((r) => r.body['scope'] === 'store/order/statusUpdated')
      .map((r) => r.body['data']);
    expect(statuses).toEqual([
      { type: 'order', id: order.id, status: { previous_status_id: 11, new_status_id: 3 } },
      { type: 'order', id: order.id, status: { previous_status_id: 3, new_status_id: 2 } },
    ]);
    expect(received.filter((r) => r.body['scope'] === 'store/order/updated')).toHaveLength(2);
    expect(
      received.find(
        (r) =>
          r.body['scope'] === 'store/shipment/created' &&
          (r.body['data'] as Json)['id'] === (last.body as Json)['id'],
      )?.body['data'],
    ).toEqual({
      type: 'shipment',
      id: (last.body as Json)['id'],
      orderId: order.id,
    });
  });

  it('with the knob off, a shipment fires no status webhook; the app sets status_id with one counted PUT', async () => {
    await subscribe('store/order/statusUpdated');
    await subscribe('store/shipment/created');
    const order = h.sim.placeOrder('demo7x3', { lines: [{ sku: 'MUG-WHT', quantity: 1 }] });
    const [mug] = await lines(order.id);
    await ship(order.id, {
      order_address_id: mug?.['order_address_id'],
      items: [{ order_product_id: mug?.['id'], quantity: 1 }],
    });
    await eventually(
      () => receiver.received,
      (r) => r.length >= 1,
    );
    expect(h.sim.inspect.order('demo7x3', order.id)?.status_id).toBe(11);
    const put = await v2('PUT', `/orders/${order.id}`, { status_id: 2 });
    expectSpec(put, 'put', '/orders/{order_id}', 200);
    const received = await eventually(
      () => receiver.received,
      (r) => r.length >= 2,
    );
    expect(received.map((r) => r.body['scope'])).toEqual([
      'store/shipment/created',
      'store/order/statusUpdated',
    ]);
    expect(h.sim.inspect.writes('demo7x3')).toMatchObject({
      shipmentsCreated: 1,
      statusUpdates: 1,
      orderUpdates: 1,
      productUpdates: 0,
    });
  });

  it('PUT /v2/orders/{id} with products clears the discounts of the changed lines, as BigCommerce warns', async () => {
    const order = h.sim.placeOrder('demo7x3', ORDER);
    const [mug, shirt] = await lines(order.id);
    expect(mug?.['applied_discounts']).toHaveLength(1);
    const before = h.sim.inspect.order('demo7x3', order.id);
    const res = await v2('PUT', `/orders/${order.id}`, { products: [{ id: mug?.['id'] }] });
    expectSpec(res, 'put', '/orders/{order_id}', 200);
    const [mugAfter, shirtAfter] = await lines(order.id);
    expect(mugAfter?.['applied_discounts']).toEqual([]);
    expect(mugAfter?.['discounted_total_inc_tax']).not.toBe(mug?.['discounted_total_inc_tax']);
    expect(shirtAfter?.['applied_discounts']).toEqual(shirt?.['applied_discounts']);
    const after = h.sim.inspect.order('demo7x3', order.id);
    expect(Number(after?.total_inc_tax)).toBeGreaterThan(Number(before?.total_inc_tax));
    expect(h.sim.inspect.writes('demo7x3')).toMatchObject({ productUpdates: 1, statusUpdates: 0 });
    expect(await v2('PUT', `/orders/${order.id}`, { products: [{ id: 99999 }] })).toMatchObject({
      status: 422,
    });
  });

  it('the merchant can ship by hand; the API then cannot ship those units again', async () => {
    await subscribe('store/shipment/created');
    const order = h.sim.placeOrder('demo7x3', ORDER);
    const [mug] = await lines(order.id);
    const byHand = h.sim.createShipment('demo7x3', order.id, {
      trackingNumber: 'HAND-1',
      trackingCarrier: 'ups',
    });
    expect(byHand.items.map((i) => i.quantity)).toEqual([3, 1]);
    expect(byHand['generated_tracking_link']).toBe('https://www.ups.com/track?tracknum=HAND-1');
    const again = await v2('POST', `/orders/${order.id}/shipments`, {
      order_address_id: mug?.['order_address_id'],
      items: [{ order_product_id: mug?.['id'], quantity: 1 }],
    });
    expect(again.status).toBe(422);
    expect(h.sim.createShipment('demo7x3', order.id).items).toHaveLength(1); // the poster, to address B
    expect(() => h.sim.createShipment('demo7x3', order.id)).toThrow(/nothing left to ship/);
    expect(h.sim.inspect.writes('demo7x3').shipmentsCreated).toBe(0);
    const received = await eventually(
      () => receiver.received,
      (r) => r.length >= 2,
    );
    expect(received.map((r) => r.body['scope'])).toEqual([
      'store/shipment/created',
      'store/shipment/created',
    ]);
  });

  it('lists each order with its status and shipments in the control panel', async () => {
    const order = h.sim.placeOrder('demo7x3', ORDER);
    h.sim.createShipment('demo7x3', order.id, { trackingNumber: 'HAND-2', trackingCarrier: 'fedex' });
    const res = await fetch(`${h.sim.url}/sandbox/control-panel/orders?store=demo7x3`);
    const body = (await res.json()) as { orders: Json[] };
    expect(body.orders[0]).toMatchObject({
      id: order.id,
      status: 'Awaiting Fulfillment',
      shipped: 4,
      shipments: [{ tracking: 'HAND-2', carrier: 'fedex', items: '3 × MUG-GRY, 1 × TSHIRT-BLK-M' }],
    });
    const shipAll = await fetch(`${h.sim.url}/sandbox/control-panel/ship-order`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ store: 'demo7x3', orderId: order.id }),
    });
    expect(await shipAll.json()).toMatchObject({ ok: true });
    expect(h.sim.inspect.order('demo7x3', order.id)?.['items_shipped']).toBe(6);
  });
});
