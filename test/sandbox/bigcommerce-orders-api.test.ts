import type { PlaceOrderInput } from '../../scripts/sandbox/bigcommerce';
import { bigcommerceSpecs, describeWithSpecs, specFile } from '../helpers/bigcommerce-specs';
import type { OpenApiValidator } from '../helpers/openapi-validator';
import {
  install,
  ordersV2Validator,
  startHarness,
  storeApi,
  type ApiResponse,
  type Harness,
} from './bigcommerce-kit';

let spec: OpenApiValidator | undefined;

/** Asserts the status, then (when the specs are there) that the body is what orders.v2.oas2.yml describes. */
function expectSpec(res: ApiResponse, method: string, template: string, status: number): void {
  expect({ status: res.status, body: res.body }).toMatchObject({ status });
  spec?.assertValidResponse({ method, path: template, status, body: res.body });
}

/** "12.3400" → 123400 (1/10000 units), exactly. */
function units(value: unknown): number {
  const match = /^(-?)(\d+)\.(\d{4})$/.exec(String(value));
  if (!match) throw new Error(`not a 4-decimal amount: ${String(value)}`);
  const n = Number(match[2]) * 10_000 + Number(match[3]);
  return match[1] === '-' ? -n : n;
}

type Json = Record<string, unknown>;

const ADDRESS_A = {
  first_name: 'Trish',
  last_name: 'Smith',
  street_1: '666 Sussex St',
  city: 'Austin',
  state: 'Texas',
  zip: '78751',
  country_iso2: 'US',
  email: 'trish@example.com',
};
const ADDRESS_B = { ...ADDRESS_A, first_name: 'Sam', street_1: '1 Lake Rd', zip: '78702' };

const COUPON_ORDER: PlaceOrderInput = {
  lines: [
    { sku: 'MUG-GRY', quantity: 3 },
    { sku: 'TSHIRT-BLK-M', quantity: 1 },
    { sku: 'GIFT-CARD-BOX', quantity: 2 },
  ],
  coupon: { code: 'SAVE15', percent: 15 },
};
const MULTI_ADDRESS_ORDER: PlaceOrderInput = {
  lines: [
    { sku: 'TSHIRT-BLK-S', quantity: 2, address: 0 },
    { sku: 'TSHIRT-WHT-M', quantity: 1, address: 1 },
    { sku: 'POSTER-A3-SEA', quantity: 3, address: 1 },
  ],
  addresses: [ADDRESS_A, ADDRESS_B],
  coupon: { code: 'TENOFF', amount: 10 },
};

describeWithSpecs('BigCommerce simulator: orders v2 API, checked against orders.v2.oas2.yml', () => {
  let h: Harness;
  let token: string;
  let clock: number;
  const v2 = (method: string, path: string, body?: unknown) => storeApi(h, token, method, `/v2${path}`, body);

  beforeAll(() => {
    spec = ordersV2Validator(specFile('orders.v2.oas2.yml'));
  });
  beforeEach(async () => {
    clock = Date.parse('2026-11-27T12:00:00Z');
    h = await startHarness({ now: () => clock });
    token = (await install(h, 'demo7x3')).access_token;
  });
  afterEach(() => h.close());

  it('serves an order with object-structured consignments and line items, as the spec describes', async () => {
    const placed = h.sim.placeOrder('demo7x3', MULTI_ADDRESS_ORDER);
    expect(placed.id).toBe(100);
    const res = await v2(
      'GET',
      `/orders/${placed.id}?include=consignments.line_items&consignment_structure=object`,
    );
    expectSpec(res, 'get', '/orders/{order_id}', 200);
    const order = res.body as Json;
    expect(order).toMatchObject({
      id: 100,
      status_id: 11,
      status: 'Awaiting Fulfillment',
      custom_status: 'Awaiting Fulfillment',
      payment_status: 'captured',
      currency_code: 'USD',
      items_total: 6,
      date_created: 'Fri, 27 Nov 2026 12:00:00 +0000',
      products: { resource: '/orders/100/products' },
    });
    const consignments = order['consignments'] as { shipping: Json[]; pickups: unknown[]; email: Json };
    expect(consignments.pickups).toEqual([]);
    expect(consignments.email).toEqual({ gift_certificates: [] });
    expect(consignments.shipping).toHaveLength(2);
    const [first, second] = consignments.shipping as [Json, Json];
    expect((first['line_items'] as Json[]).map((l) => l['sku'])).toEqual(['TSHIRT-BLK-S']);
    expect((second['line_items'] as Json[]).map((l) => l['sku'])).toEqual(['TSHIRT-WHT-M', 'POSTER-A3-SEA']);
    const tees = [...(first['line_items'] as Json[]), ...(second['line_items'] as Json[])].slice(0, 2);
    expect(tees[0]?.['product_id']).toBe(tees[1]?.['product_id']);
    expect(tees[0]?.['variant_id']).not.toBe(tees[1]?.['variant_id']);
    for (const c of consignments.shipping)
      for (const line of c['line_items'] as Json[]) expect(line['order_address_id']).toBe(c['id']);
    expect(h.sim.inspect.order('demo7x3', 100)).toEqual(order);

    const withoutInclude = await v2('GET', '/orders/100');
    expectSpec(withoutInclude, 'get', '/orders/{order_id}', 200);
    expect((withoutInclude.body as Json)['consignments']).toMatchObject({
      resource: '/orders/100/consignments',
    });
  });

  it('validates the list and the products, shipping_addresses, coupons, taxes, consignments and statuses', async () => {
    h.sim.placeOrder('demo7x3', COUPON_ORDER);
    h.sim.placeOrder('demo7x3', MULTI_ADDRESS_ORDER);
    const list = await v2('GET', '/orders?include=consignments.line_items&consignment_structure=object');
    expectSpec(list, 'get', '/orders', 200);
    expect((list.body as Json[]).map((o) => o['id'])).toEqual([100, 101]);
    const links = await v2('GET', '/orders?include=consignments&consignment_structure=object');
    expectSpec(links, 'get', '/orders', 200);
    const linkItems = (links.body as Array<{ consignments: { shipping: Array<{ line_items: Json[] }> } }>)[1]
      ?.consignments.shipping[1]?.line_items;
    expect(linkItems?.[0]).toEqual({
      url: expect.stringMatching(/\/v2\/orders\/101\/products\/\d+$/) as string,
      resource: expect.stringMatching(/^\/orders\/101\/products\//) as string,
    });
    expectSpec(await v2('GET', '/orders/101/products'), 'get', '/orders/{order_id}/products', 200);
    const addresses = await v2('GET', '/orders/101/shipping_addresses');
    expectSpec(addresses, 'get', '/orders/{order_id}/shipping_addresses', 200);
    expect((addresses.body as Json[]).map((a) => a['street_1'])).toEqual(['666 Sussex St', '1 Lake Rd']);
    const addressId = (addresses.body as Json[])[1]?.['id'] as number;
    const moved = await v2('PUT', `/orders/101/shipping_addresses/${addressId}`, { street_1: '2 Lake Rd' });
    expectSpec(moved, 'put', '/orders/{order_id}/shipping_addresses/{id}', 200);
    expect((moved.body as Json)['street_1']).toBe('2 Lake Rd');
    const coupons = await v2('GET', '/orders/100/coupons');
    expectSpec(coupons, 'get', '/orders/{order_id}/coupons', 200);
    expect(coupons.body).toEqual([expect.objectContaining({ code: 'SAVE15', type: 1, amount: 15 })]);
    expectSpec(await v2('GET', '/orders/100/taxes'), 'get', '/orders/{order_id}/taxes', 200);
    expectSpec(
      await v2('GET', '/orders/101/consignments?include=consignments.line_items'),
      'get',
      '/orders/{order_id}/consignments',
      200,
    );
    expectSpec(await v2('GET', '/order_statuses'), 'get', '/order_statuses', 200);
    const count = await v2('GET', '/orders/count');
    expectSpec(count, 'get', '/orders/count', 200);
    expect((count.body as Json)['count']).toBe(2);

    const noCoupons = h.sim.placeOrder('demo7x3', { lines: [{ sku: 'TOTE-NAT', quantity: 1 }] });
    const empty = await v2('GET', `/orders/${noCoupons.id}/coupons`);
    expect([empty.status, empty.body]).toEqual([204, undefined]);
  });
});

describe('BigCommerce simulator: orders v2 API behaviour', () => {
  let h: Harness;
  let token: string;
  let clock: number;
  const v2 = (method: string, path: string, body?: unknown) => storeApi(h, token, method, `/v2${path}`, body);

  beforeAll(() => {
    // Without the specs these tests still run; responses are then checked by the assertions alone.
    if (bigcommerceSpecs.found) spec = ordersV2Validator(specFile('orders.v2.oas2.yml'));
  });
  beforeEach(async () => {
    clock = Date.parse('2026-11-27T12:00:00Z');
    h = await startHarness({ now: () => clock });
    token = (await install(h, 'demo7x3')).access_token;
  });
  afterEach(() => h.close());

  it('computes money exactly: item totals + shipping − discounts + tax = total_inc_tax', async () => {
    for (const input of [COUPON_ORDER, MULTI_ADDRESS_ORDER]) {
      const { id } = h.sim.placeOrder('demo7x3', input);
      const order = (await v2('GET', `/orders/${id}`)).body as Json;
      const products = (await v2('GET', `/orders/${id}/products`)).body as Json[];
      const taxes = (await v2('GET', `/orders/${id}/taxes`)).body as Json[];
      const items = products.reduce((sum, p) => sum + units(p['total_ex_tax']), 0);
      const lineDiscounts = products.reduce(
        (sum, p) => sum + (p['applied_discounts'] as Json[]).reduce((s, d) => s + units(d['amount']), 0),
        0,
      );
      expect(items).toBe(units(order['subtotal_ex_tax']));
      // The coupon is spread over the lines; discount_amount is what is discounted besides coupons.
      expect(lineDiscounts).toBe(units(order['coupon_discount']) + units(order['discount_amount']));
      expect(taxes.reduce((sum, t) => sum + units(t['line_amount']), 0)).toBe(units(order['total_tax']));
      expect(
        items +
          units(order['shipping_cost_ex_tax']) -
          units(order['discount_amount']) -
          units(order['coupon_discount']) +
          units(order['total_tax']),
      ).toBe(units(order['total_inc_tax']));
      expect(units(order['total_ex_tax']) + units(order['total_tax'])).toBe(units(order['total_inc_tax']));
      for (const key of ['total_inc_tax', 'total_tax', 'coupon_discount'])
        expect(units(order[key]) % 100).toBe(0);
    }
    // 3 × 12.00 + 19.99 + 2 × 4.99 = 65.97; 15 % off = 9.90 (rounded to the cent); shipping 5.00.
    const coupon = h.sim.inspect.order('demo7x3', 100) as Json;
    expect(coupon).toMatchObject({
      subtotal_ex_tax: '65.9700',
      discount_amount: '0.0000',
      coupon_discount: '9.9000',
      base_shipping_cost: '5.0000',
    });
    // Two consignments, two shipping charges; a fixed $10 off.
    expect(h.sim.inspect.order('demo7x3', 101)).toMatchObject({
      shipping_cost_ex_tax: '10.0000',
      discount_amount: '0.0000',
      coupon_discount: '10.0000',
      shipping_address_count: 2,
    });
  });

  it('filters by dates (RFC-2822 or ISO-8601), status and id; sorts; pages; answers 204 past the end', async () => {
    h.sim.placeOrder('demo7x3', COUPON_ORDER); // 100 at 12:00:00
    clock += 60_000;
    h.sim.placeOrder('demo7x3', { ...COUPON_ORDER, paymentStatus: 'pending' }); // 101 at 12:01:00
    clock += 60_000;
    h.sim.placeOrder('demo7x3', COUPON_ORDER); // 102 at 12:02:00
    const ids = async (query: string): Promise<number[]> => {
      const res = await v2('GET', `/orders${query}`);
      if (res.status === 204) return [];
      expectSpec(res, 'get', '/orders', 200);
      return (res.body as Json[]).map((o) => o['id'] as number);
    };
    expect(await ids('?min_date_created=2026-11-27T12:01:00Z')).toEqual([101, 102]);
    expect(await ids(`?max_date_created=${encodeURIComponent('Fri, 27 Nov 2026 12:01:00 +0000')}`)).toEqual([
      100, 101,
    ]);
    expect(await ids('?status_id=7')).toEqual([101]);
    expect(await ids('?min_id=101&max_id=101')).toEqual([101]);
    expect(await ids('?sort=id:desc')).toEqual([102, 101, 100]);
    expect(await ids('?limit=2&page=2')).toEqual([102]);
    const past = await v2('GET', '/orders?page=3&limit=2');
    expect([past.status, past.body]).toEqual([204, undefined]);

    // Changing the status moves date_modified, so a modified-since sweep finds the order.
    clock += 60_000;
    h.sim.setOrderStatus('demo7x3', 100, 2);
    expect(await ids('?min_date_modified=2026-11-27T12:03:00Z&sort=date_modified:asc')).toEqual([100]);
    expect((h.sim.inspect.order('demo7x3', 100) as Json)['date_modified']).toBe(
      'Fri, 27 Nov 2026 12:03:00 +0000',
    );

    expect(await ids('?email=JANEDOE@example.com&min_total=60&max_total=70')).toEqual([100, 101, 102]);
    expect(await ids('?max_total=10')).toEqual([]);
    const bad = await v2('GET', '/orders?min_date_modified=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual([
      { status: 400, message: expect.stringContaining('min_date_modified') as string },
    ]);
  });

  it('pages order products 50 at a time by default', async () => {
    const lines = Array.from({ length: 60 }, () => ({ sku: 'TOTE-NAT', quantity: 1 }));
    h.sim.placeOrder('demo7x3', { lines });
    expect(((await v2('GET', '/orders/100/products')).body as Json[]).length).toBe(50);
    expect(((await v2('GET', '/orders/100/products?page=2')).body as Json[]).length).toBe(10);
    expect((await v2('GET', '/orders/100/products?page=3')).status).toBe(204);
  });

  it('pages at most 250 orders at a time', async () => {
    h.sim.placeOrders('demo7x3', 260);
    const res = await v2('GET', '/orders?limit=300');
    expect((res.body as Json[]).length).toBe(250);
    expect(((await v2('GET', '/orders')).body as Json[]).length).toBe(50);
    expect(((await v2('GET', '/orders?limit=250&page=2')).body as Json[]).map((o) => o['id'])).toEqual(
      Array.from({ length: 10 }, (_v, i) => 350 + i),
    );
  });

  it('PUT /orders/{id} changes the status and scalar fields; 404 in the v2 error shape when missing', async () => {
    h.sim.placeOrder('demo7x3', COUPON_ORDER);
    clock += 5_000;
    const res = await v2('PUT', '/orders/100', { status_id: 2, external_order_id: 'IOM-42' });
    expectSpec(res, 'put', '/orders/{order_id}', 200);
    expect(res.body).toMatchObject({
      status_id: 2,
      status: 'Shipped',
      custom_status: 'Shipped',
      external_order_id: 'IOM-42',
      date_modified: 'Fri, 27 Nov 2026 12:00:05 +0000',
    });
    expect(
      ((await v2('GET', '/orders?external_order_id=IOM-42')).body as Json[]).map((o) => o['id']),
    ).toEqual([100]);
    const unsupported = await v2('PUT', '/orders/100', { products: [] });
    expect(unsupported.status).toBe(400);
    const missing = await v2('GET', '/orders/999');
    expect([missing.status, missing.body]).toEqual([
      404,
      [{ status: 404, message: 'The requested order was not found.' }],
    ]);
    const archived = await v2('DELETE', '/orders/100');
    expect(archived.status).toBe(204);
    expect((await v2('GET', '/orders')).status).toBe(204);
  });

  it('the new routes share the store quota: the 151st request in a window gets 429', async () => {
    h.sim.placeOrder('demo7x3', COUPON_ORDER);
    for (let i = 0; i < 150; i += 1) {
      const ok = await v2('GET', i % 2 === 0 ? '/orders/100' : '/orders');
      expect(ok.status).toBe(200);
    }
    const limited = await v2('GET', '/orders/100');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-rate-limit-time-reset-ms')).toBe('30000');
    expect(limited.headers.get('x-rate-limit-requests-left')).toBe('0');
    clock += 30_000;
    expect((await storeApi(h, token, 'GET', '/v3/orders/100/metafields')).status).toBe(200);
  });

  it('needs store_v2_orders to modify and store_v2_orders_read_only (or it) to read', async () => {
    h.sim.placeOrder('demo7x3', COUPON_ORDER);
    h.sim.setAppScopes('store_v2_orders_read_only');
    token = (await install(h, 'demo7x3')).access_token;
    expect((await v2('GET', '/orders/100')).status).toBe(200);
    const put = await v2('PUT', '/orders/100', { status_id: 2 });
    expect([put.status, put.body]).toEqual([
      403,
      [{ status: 403, message: "You don't have a required scope to access the endpoint" }],
    ]);
    expect((await storeApi(h, token, 'POST', '/v3/orders/metafields', [])).status).toBe(403);
    h.sim.setAppScopes('store_v2_information_read_only');
    token = (await install(h, 'demo7x3')).access_token;
    expect((await v2('GET', '/orders')).status).toBe(403);
    expect((await v2('GET', '/order_statuses')).status).toBe(403);
  });

  it('numbers orders from 100 per store and explains invalid merchant input', () => {
    expect(h.sim.placeOrder('demo7x3', COUPON_ORDER).id).toBe(100);
    expect(h.sim.placeOrder('othr9k2', COUPON_ORDER).id).toBe(100);
    expect(h.sim.placeOrder('demo7x3', COUPON_ORDER).id).toBe(101);
    expect(() =>
      h.sim.placeOrder('demo7x3', { lines: [{ sku: 'MUG-GRY', quantity: 1, address: 1 }] }),
    ).toThrow(/address index 1 but the order has 1 address/);
    expect(() => h.sim.placeOrder('demo7x3', { lines: [] })).toThrow(/at least one line/);
    expect(() => h.sim.placeOrder('nowhere', COUPON_ORDER)).toThrow(/Unknown store nowhere/);
    expect(() => h.sim.setOrderStatus('demo7x3', 100, 99)).toThrow(/status id/);
    expect(() => h.sim.setOrderStatus('demo7x3', 999, 2)).toThrow(/Order 999 does not exist/);
    expect(h.sim.catalog.map((c) => c.sku)).toContain('GIFT-CARD-BOX');
  });
});
