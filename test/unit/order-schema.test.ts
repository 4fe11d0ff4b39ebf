import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  BigCommerceOrderError,
  bigCommerceDateMs,
  orderCreatedMs,
  parseBigCommerceOrder,
  parseBigCommerceOrderList,
} from '../../server/bigcommerce/order-schema';
import { describeWithSpecs, specFile } from '../helpers/bigcommerce-specs';
import { couponTaxOrder, multiAddressOrder, writeInOrder } from '../helpers/bigcommerce-orders';
import { OpenApiValidator } from '../helpers/openapi-validator';

type Json = Record<string, unknown>;

const FIXTURES: Array<[string, () => Json]> = [
  ['coupon and tax', couponTaxOrder],
  ['several ship-to addresses', multiAddressOrder],
  ['an unmapped SKU and an order discount', writeInOrder],
];

/**
 * The orders.v2 document, with its two link-or-object `oneOf`s resolved to the expanded object.
 * `consignments` is `oneOf [orderConsignments_Resource, orderConsignment_Get]` and a shipping
 * consignment's `line_items` is `oneOf [array of products_Resource, array of orderProducts]`; the link
 * schemas require nothing and allow any property, so an expanded object matches both branches. As
 * published, the two ambiguities cancel out (the line items fail their `oneOf`, so the consignments object
 * matches only the link branch) and any consignments object passes, line items unchecked. With
 * include=consignments.line_items&consignment_structure=object BigCommerce returns the expanded branch,
 * so the test validates against that one.
 */
function ordersSpec(): OpenApiValidator {
  const doc = parse(readFileSync(specFile('orders.v2.oas2.yml'), 'utf8')) as {
    components: { schemas: Record<string, Json> };
  };
  const schemas = doc.components.schemas;
  const respOnly = schemas.order_RespOnly as { properties: Json };
  respOnly.properties.consignments = { $ref: '#/components/schemas/orderConsignment_Get' };
  const shipping = schemas.shippingConsignment_Get as { allOf: Array<{ properties?: Json }> };
  const withLines = shipping.allOf.find((part) => part.properties && 'line_items' in part.properties);
  if (!withLines?.properties) throw new Error('shippingConsignment_Get no longer has line_items');
  withLines.properties.line_items = { type: 'array', items: { $ref: '#/components/schemas/orderProducts' } };
  return OpenApiValidator.fromDocument(doc);
}

describeWithSpecs('the order fixtures are what orders.v2.oas2.yml describes', () => {
  let spec: OpenApiValidator;
  beforeAll(() => (spec = ordersSpec()));

  it.each(FIXTURES)('GET /orders/{order_id}: %s', (_, fixture) => {
    spec.assertValidResponse({ method: 'get', path: '/orders/{order_id}', status: 200, body: fixture() });
  });

  it('GET /orders: the list of them', () => {
    spec.assertValidResponse({
      method: 'get',
      path: '/orders',
      status: 200,
      body: FIXTURES.map(([, fixture]) => fixture()),
    });
  });

  it('the validator is not blind to line items: a quantity as text breaks the fixture', () => {
    const broken = couponTaxOrder() as { consignments: { shipping: [{ line_items: [Json] }] } };
    broken.consignments.shipping[0].line_items[0].quantity = 'three';
    const result = spec.validateResponse({
      method: 'get',
      path: '/orders/{order_id}',
      status: 200,
      body: broken,
    });
    expect(result.errors.join('\n')).toMatch(/line_items\/0\/quantity must be integer/);
  });

  it('the validator is not blind: a money field as a number breaks the fixture', () => {
    const broken = { ...couponTaxOrder(), total_inc_tax: 76.34 };
    expect(
      spec.validateResponse({ method: 'get', path: '/orders/{order_id}', status: 200, body: broken }).valid,
    ).toBe(false);
  });
});

describe('parseBigCommerceOrder', () => {
  it('reads the fields the mapping needs and strips the rest', () => {
    const order = parseBigCommerceOrder(multiAddressOrder());
    expect(order).toMatchObject({
      id: 251,
      status_id: 11,
      status: 'Awaiting Fulfillment',
      customer_id: 11,
      payment_status: 'captured',
      currency_code: 'USD',
      total_inc_tax: '83.4600',
      discount_amount: '2.0000',
      coupon_discount: '3.0000',
      billing_address: { email: 'janedoe@example.com', zip: '78108', country_iso2: 'US' },
    });
    expect(order).not.toHaveProperty('cart_id');
    expect(order.consignments.shipping.map((c) => [c.id, c.cost_ex_tax, c.cost_inc_tax])).toEqual([
      [131, '7.5000', '8.1200'],
      [132, '5.0000', '5.0000'],
    ]);
    const [poster] = order.consignments.shipping[0]?.line_items ?? [];
    expect(poster).toEqual({
      id: 201,
      product_id: 301,
      variant_id: 401,
      order_address_id: 131,
      sku: 'POSTER-A2-CITY',
      name: 'City Skyline Poster A2',
      quantity: 2,
      quantity_shipped: 0,
      price_ex_tax: '19.0000',
      price_inc_tax: '20.4300',
      total_ex_tax: '38.0000',
      total_inc_tax: '40.8600',
      total_tax: '2.8600',
      applied_discounts: [
        { id: '7', amount: '2.0000', name: 'Posters $1 off', code: null, target: 'product' },
        { id: 'coupon', amount: '1.3300', name: '$3 off', code: 'THREE', target: 'order' },
      ],
      is_bundled_product: false,
      parent_order_product_id: null,
    });
  });

  it('parses the RFC-2822 dates to milliseconds and keeps the text', () => {
    const order = parseBigCommerceOrder(couponTaxOrder());
    expect(order.date_created).toBe('Tue, 01 Dec 2026 09:15:42 +0000');
    expect(orderCreatedMs(order)).toBe(Date.UTC(2026, 11, 1, 9, 15, 42));
    expect(bigCommerceDateMs('Thu, 20 Jun 2019 16:07:08 -0500')).toBe(Date.UTC(2019, 5, 20, 21, 7, 8));
  });

  it('fills optional amounts BigCommerce may leave out', () => {
    const raw = couponTaxOrder();
    delete raw.handling_cost_inc_tax;
    delete raw.wrapping_cost_ex_tax;
    delete raw.customer_message;
    const order = parseBigCommerceOrder(raw);
    expect(order.handling_cost_inc_tax).toBe('0');
    expect(order.wrapping_cost_ex_tax).toBe('0');
    expect(order.customer_message).toBe('');
  });

  it.each([
    [
      'total_inc_tax',
      (o: Json) => (o.total_inc_tax = 'lots'),
      /order 250 .*total_inc_tax: must be a decimal string/,
    ],
    ['date_created', (o: Json) => (o.date_created = 'yesterday'), /date_created: must be a date/],
    ['currency_code', (o: Json) => delete o.currency_code, /currency_code: must be the ISO 4217/],
    [
      'a line sku',
      (o: Json) => {
        const shipping = (o.consignments as { shipping: [{ line_items: [Json, Json] }] }).shipping;
        delete shipping[0].line_items[1].sku;
      },
      /consignments\.shipping\.0\.line_items\.1\.sku: must be the SKU/,
    ],
    [
      'unexpanded line items',
      (o: Json) => {
        const shipping = (o.consignments as { shipping: [Json] }).shipping;
        shipping[0].line_items = { url: 'x', resource: '/orders/250/products' };
      },
      /line_items: must be the expanded line items: request the order with include=consignments\.line_items/,
    ],
    [
      'consignments as a link',
      (o: Json) => (o.consignments = 'https://api.bigcommerce.com/stores/abc123/v2/orders/250/consignments'),
      /consignments: must be the consignments object/,
    ],
  ])('refuses a bad %s, naming the field', (_, breakIt, message) => {
    const raw = couponTaxOrder();
    breakIt(raw);
    expect(() => parseBigCommerceOrder(raw)).toThrow(BigCommerceOrderError);
    expect(() => parseBigCommerceOrder(raw)).toThrow(message);
  });

  it('reads the list endpoint, an empty page included', () => {
    expect(parseBigCommerceOrderList([couponTaxOrder(), writeInOrder()]).map((o) => o.id)).toEqual([
      250, 252,
    ]);
    expect(parseBigCommerceOrderList('')).toEqual([]);
    const broken = writeInOrder();
    broken.status_id = 'eleven';
    expect(() => parseBigCommerceOrderList([couponTaxOrder(), broken])).toThrow(
      /order 252 \(item 1 of the list\) cannot be read: status_id/,
    );
    expect(() => parseBigCommerceOrderList({})).toThrow(/not an array/);
  });
});
