import type { PlaceOrderInput } from '../../scripts/sandbox/bigcommerce';
import { describeWithSpecs, specFile } from '../helpers/bigcommerce-specs';
import { eventually } from '../helpers/eventually';
import { OpenApiValidator } from '../helpers/openapi-validator';
import {
  api,
  install,
  requestBodyValidator,
  startHarness,
  startWebhookReceiver,
  storeApi,
  type ApiResponse,
  type Harness,
  type WebhookReceiver,
} from './bigcommerce-kit';

type Json = Record<string, unknown>;

/** A 10% coupon spread over 3 mugs and a shirt, so a unit's refund is its share of a discounted, taxed line. */
const ORDER: PlaceOrderInput = {
  lines: [
    { sku: 'MUG-GRY', quantity: 3 },
    { sku: 'TSHIRT-BLK-M', quantity: 1 },
  ],
  coupon: { code: 'SAVE10', percent: 10 },
};

/** "12.3400" → 1234 cents. */
const cents = (value: unknown): number => Math.round(Number(value) * 100);

describeWithSpecs('BigCommerce simulator: v3 refunds and transactions, checked against orders.v3.yml', () => {
  let spec: OpenApiValidator;
  let checkRequest: (schema: string, body: unknown) => void;
  let h: Harness;
  let token: string;
  let receiver: WebhookReceiver;
  const clock = Date.parse('2026-11-27T12:00:00Z');
  const v3 = (method: string, path: string, body?: unknown): Promise<ApiResponse> =>
    storeApi(h, token, method, `/v3${path}`, body);
  const expectSpec = (res: ApiResponse, method: string, template: string, status: number): void => {
    expect({ status: res.status, body: res.body }).toMatchObject({ status });
    spec.assertValidResponse({ method, path: template, status, body: res.body });
  };
  const quote = (orderId: number, body: Json): Promise<ApiResponse> => {
    checkRequest('RefundQuote_Post', body);
    return v3('POST', `/orders/${orderId}/payment_actions/refund_quotes`, body);
  };
  const refund = (orderId: number, body: Json): Promise<ApiResponse> => {
    checkRequest('RefundRequest_Post', body);
    return v3('POST', `/orders/${orderId}/payment_actions/refunds`, body);
  };
  const products = async (orderId: number): Promise<Json[]> =>
    (await storeApi(h, token, 'GET', `/v2/orders/${orderId}/products`)).body as Json[];

  beforeAll(() => {
    spec = OpenApiValidator.fromFile(specFile('orders.v3.yml'));
    checkRequest = requestBodyValidator(specFile('orders.v3.yml'));
  });
  beforeEach(async () => {
    h = await startHarness({
      now: () => clock,
      appScopes: 'store_v2_orders store_v2_transactions_read_only store_v2_information_read_only',
    });
    token = (await install(h, 'demo7x3')).access_token;
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await h.close();
    await receiver.close();
  });

  it('quotes, refunds part of a line and then the rest, to the cent, and fires refund/created', async () => {
    const hook = await api(h, token, 'POST', '/hooks', {
      scope: 'store/order/refund/created',
      destination: receiver.url,
    });
    expect(hook.status).toBe(200);
    const order = h.sim.placeOrder('demo7x3', ORDER);
    const [mug] = await products(order.id);
    const mugId = mug?.['id'] as number;
    const lineTotal = cents(mug?.['discounted_total_inc_tax']);

    const items = [{ item_type: 'PRODUCT', item_id: mugId, quantity: 2, reason: 'Damaged' }];
    const q = await quote(order.id, { items });
    expectSpec(q, 'post', '/orders/{order_id}/payment_actions/refund_quotes', 201);
    const data = (q.body as { data: Json }).data;
    const amount = data['total_refund_amount'] as number;
    expect(cents(amount)).toBe(Math.round((lineTotal * 2) / 3));
    expect(data['refund_methods']).toEqual([
      [expect.objectContaining({ provider_id: 'testgateway', amount, offline: false })],
      [expect.objectContaining({ provider_id: 'custom', amount, offline: true })],
    ]);
    expect(h.sim.inspect.refunds('demo7x3', order.id)).toEqual([]); // a quote refunds nothing

    const first = await refund(order.id, {
      items,
      payments: [{ provider_id: 'testgateway', amount, offline: false }],
    });
    expectSpec(first, 'post', '/orders/{order_id}/payment_actions/refunds', 201);
    const created = (first.body as { data: Json }).data;
    expect(created).toMatchObject({
      order_id: order.id,
      reason: 'Damaged',
      total_amount: amount,
      items: [{ item_type: 'PRODUCT', item_id: mugId, quantity: 2 }],
      payments: [{ provider_id: 'testgateway', amount, offline: false, is_declined: false }],
    });
    const afterFirst = await products(order.id);
    expect(afterFirst[0]).toMatchObject({ quantity_refunded: 2, is_refunded: false });
    expect(cents(afterFirst[0]?.['refund_amount'])).toBe(cents(amount));

    const restQuote = await quote(order.id, {
      items: [{ item_type: 'PRODUCT', item_id: mugId, quantity: 1 }],
    });
    const rest = (restQuote.body as { data: Json }).data['total_refund_amount'] as number;
    expect(cents(rest) + cents(amount)).toBe(lineTotal);
    const second = await refund(order.id, {
      items: [{ item_type: 'PRODUCT', item_id: mugId, quantity: 1 }],
      payments: [{ provider_id: 'custom', amount: rest, offline: true }],
    });
    expect(second.status).toBe(201);
    expect((await products(order.id))[0]).toMatchObject({ quantity_refunded: 3, is_refunded: true });
    expect(cents(h.sim.inspect.order('demo7x3', order.id)?.['refunded_amount'])).toBe(lineTotal);
    expect(h.sim.inspect.order('demo7x3', order.id)?.status_id).toBe(11); // sandbox: refunds do not move the status

    const list = await v3('GET', `/orders/${order.id}/payment_actions/refunds`);
    expectSpec(list, 'get', '/orders/{order_id}/payment_actions/refunds', 200);
    expect((list.body as { data: Json[] }).data.map((r) => r['id'])).toEqual([
      created['id'],
      (second.body as { data: Json }).data['id'],
    ]);
    const byId = await v3('GET', `/orders/payment_actions/refunds/${created['id'] as number}`);
    expectSpec(byId, 'get', '/orders/payment_actions/refunds/{refund_id}', 200);
    expect((byId.body as { data: Json }).data).toEqual(created);
    expect((await v3('GET', '/orders/payment_actions/refunds/999')).status).toBe(404);
    expect(h.sim.inspect.refunds('demo7x3', order.id)).toHaveLength(2);
    expect(h.sim.inspect.writes('demo7x3')).toMatchObject({ refundQuotes: 2, refunds: 2 });

    const received = await eventually(
      () => receiver.received,
      (r) => r.length >= 2,
    );
    expect(received.map((r) => r.body['data'])).toEqual([
      { type: 'order', id: order.id, refund: { refund_id: created['id'] } },
      { type: 'order', id: order.id, refund: { refund_id: (second.body as { data: Json }).data['id'] } },
    ]);
  });

  it('refuses refunds that do not fit the order with 422, in the shapes the spec shows, and records none', async () => {
    const order = h.sim.placeOrder('demo7x3', ORDER);
    const [mug] = await products(order.id);
    const mugId = mug?.['id'] as number;
    const tooMany = await refund(order.id, {
      items: [{ item_type: 'PRODUCT', item_id: mugId, quantity: 4 }],
      payments: [{ provider_id: 'testgateway', amount: 1, offline: false }],
    });
    expectSpec(tooMany, 'post', '/orders/{order_id}/payment_actions/refunds', 422);
    expect(tooMany.body).toEqual({
      data: [
        {
          status: 422,
          title: expect.stringMatching(/3 unit\(s\) left to refund/) as string,
          type: expect.any(String) as string,
        },
      ],
    });
    const wrongAmount = await refund(order.id, {
      items: [{ item_type: 'PRODUCT', item_id: mugId, quantity: 1 }],
      payments: [{ provider_id: 'testgateway', amount: 0.01, offline: false }],
    });
    expect(wrongAmount.status).toBe(422);
    expect(JSON.stringify(wrongAmount.body)).toMatch(/payments add up to 0.01/);
    const wrongProvider = await refund(order.id, {
      items: [{ item_type: 'PRODUCT', item_id: mugId, quantity: 1 }],
      payments: [{ provider_id: 'stripe', amount: 1, offline: false }],
    });
    expect(JSON.stringify(wrongProvider.body)).toMatch(/not a refund method/);

    const shipping = await quote(order.id, { items: [{ item_type: 'SHIPPING', item_id: 1, amount: 5 }] });
    expectSpec(shipping, 'post', '/orders/{order_id}/payment_actions/refund_quotes', 422);
    expect((shipping.body as Json)['title']).toMatch(/product quantities only/);
    const unknown = await quote(order.id, { items: [{ item_type: 'PRODUCT', item_id: 99999, quantity: 1 }] });
    expect((unknown.body as Json)['title']).toMatch(/no order product 99999/);
    const malformed = await v3('POST', `/orders/${order.id}/payment_actions/refund_quotes`, { items: 'all' });
    expect(malformed).toMatchObject({ status: 422, body: { errors: { items: 'error.expected.jsarray' } } });

    const unpaid = h.sim.placeOrder('demo7x3', { ...ORDER, paymentStatus: 'pending' });
    const [unpaidMug] = await products(unpaid.id);
    const noPayment = await quote(unpaid.id, {
      items: [{ item_type: 'PRODUCT', item_id: unpaidMug?.['id'], quantity: 1 }],
    });
    expect((noPayment.body as Json)['title']).toMatch(/no captured payment/);
    expect(await v3('POST', '/orders/999/payment_actions/refund_quotes', { items: [] })).toMatchObject({
      status: 404,
    });

    expect(h.sim.inspect.refunds('demo7x3', order.id)).toEqual([]);
    expect((await products(order.id))[0]?.['quantity_refunded']).toBe(0);
    expect(h.sim.inspect.writes('demo7x3').refunds).toBe(0);
  });

  it('lists the purchase and refund transactions; 204 for an unpaid order; 403 without a transactions scope', async () => {
    const order = h.sim.placeOrder('demo7x3', ORDER);
    const [mug] = await products(order.id);
    const q = await quote(order.id, { items: [{ item_type: 'PRODUCT', item_id: mug?.['id'], quantity: 1 }] });
    const amount = (q.body as { data: Json }).data['total_refund_amount'] as number;
    await refund(order.id, {
      items: [{ item_type: 'PRODUCT', item_id: mug?.['id'], quantity: 1 }],
      payments: [{ provider_id: 'testgateway', amount, offline: false }],
    });
    const res = await v3('GET', `/orders/${order.id}/transactions`);
    expectSpec(res, 'get', '/orders/{order_id}/transactions', 200);
    const transactions = (res.body as { data: Json[] }).data;
    expect(transactions.map((t) => [t['event'], t['amount']])).toEqual([
      ['purchase', Number(order.total_inc_tax)],
      ['refund', amount],
    ]);
    const unpaid = h.sim.placeOrder('demo7x3', { ...ORDER, paymentStatus: 'pending' });
    expect((await v3('GET', `/orders/${unpaid.id}/transactions`)).status).toBe(204);

    h.sim.setAppScopes('store_v2_orders');
    token = (await install(h, 'demo7x3')).access_token;
    const forbidden = await v3('GET', `/orders/${order.id}/transactions`);
    expect(forbidden.status).toBe(403);
    expect((await v3('GET', `/orders/${order.id}/payment_actions/refunds`)).status).toBe(200);
  });
});
