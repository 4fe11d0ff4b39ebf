import { parseBigCommerceOrder, type BigCommerceOrder } from '../../server/bigcommerce/order-schema';
import {
  externalOrderIdFor,
  mapSalesOrder,
  type MappingInput,
  type MappingProblem,
} from '../../server/iom/sales-order-mapping';
import { DEFAULT_SETTINGS, type InboundSettings } from '../../server/relay/store-settings';
import { couponTaxOrder, multiAddressOrder, writeInOrder } from '../helpers/bigcommerce-orders';

const ACCOUNT = '5b3a1c8e-0000-4000-8000-000000000001';
const PRICE_LIST = '7c1d2e3f-0000-4000-8000-000000000002';
const USD = '9a8b7c6d-0000-4000-8000-000000000003';
const EACH = '2f3a4b5c-0000-4000-8000-000000000005';
const BOX = '2f3a4b5c-0000-4000-8000-000000000006';
const WAREHOUSE = '3a4b5c6d-0000-4000-8000-000000000007';
const product = (n: number) => `1e2f3a4b-0000-4000-8000-00000000010${n}`;

const PRODUCTS: MappingInput['products'] = {
  'MUG-GRY': { productId: product(1), unitId: EACH },
  'MUG-WHT': { productId: product(2), unitId: EACH },
  'TSHIRT-BLK-M': { productId: product(3), unitId: null },
  'TSHIRT-BLK-L': { productId: product(4), unitId: BOX },
  'POSTER-A2-CITY': { productId: product(5), unitId: EACH },
  'TOTE-NAT': { productId: product(6), unitId: EACH },
};

function input(
  order: BigCommerceOrder,
  overrides: Partial<MappingInput> = {},
  settings: Partial<InboundSettings> = {},
): MappingInput {
  return {
    storeHash: 'abc123',
    order,
    settings: {
      ...DEFAULT_SETTINGS,
      syncEnabled: true,
      defaultAccountId: ACCOUNT,
      priceListId: PRICE_LIST,
      unitId: EACH,
      ...settings,
    },
    refs: { accountId: ACCOUNT, priceListId: PRICE_LIST, currencyId: USD, unitId: EACH, warehouseId: null },
    products: PRODUCTS,
    externalOrderIdColumn: 'msdyn_externalorderid',
    ...overrides,
  };
}

const lines = (body: Record<string, unknown>) => body.order_details as Array<Record<string, unknown>>;
const codes = (problems: MappingProblem[]) => problems.map((p) => p.code);

describe('mapSalesOrder', () => {
  it('maps a coupon and tax order to the exact deep-insert body', () => {
    const { draft, problems } = mapSalesOrder(input(parseBigCommerceOrder(couponTaxOrder())));
    expect(problems).toEqual([]);
    expect(draft.externalOrderId).toBe('bigcommerce_abc123_250');
    expect(draft.body).toEqual({
      name: 'BigCommerce #250',
      msdyn_externalorderid: 'bigcommerce_abc123_250',
      'customerid_account@odata.bind': `/accounts(${ACCOUNT})`,
      'pricelevelid@odata.bind': `/pricelevels(${PRICE_LIST})`,
      'transactioncurrencyid@odata.bind': `/transactioncurrencies(${USD})`,
      emailaddress: 'janedoe@example.com',
      billto_name: 'Jane Doe',
      billto_line1: '555 East Street',
      billto_line2: 'Suite 4',
      billto_city: 'Austin',
      billto_stateorprovince: 'Texas',
      billto_postalcode: '78108',
      billto_country: 'US',
      billto_telephone: '512-555-0100',
      shipto_name: 'Jane Doe',
      shipto_line1: '555 East Street',
      shipto_city: 'Austin',
      shipto_stateorprovince: 'Texas',
      shipto_postalcode: '78108',
      shipto_country: 'US',
      shipto_telephone: '512-555-0199',
      description: 'Please leave at the back door.',
      freightamount: 11,
      discountamount: 0,
      totaltax: 5.94,
      ispricelocked: true,
      order_details: [
        {
          'productid@odata.bind': `/products(${product(1)})`,
          'uomid@odata.bind': `/uoms(${EACH})`,
          quantity: 3,
          ispriceoverridden: true,
          priceperunit: 14,
          manualdiscountamount: 4.2,
          tax: 3.78,
          lineitemnumber: 1,
        },
        {
          'productid@odata.bind': `/products(${product(3)})`,
          'uomid@odata.bind': `/uoms(${EACH})`,
          quantity: 1,
          ispriceoverridden: true,
          priceperunit: 24,
          manualdiscountamount: 2.4,
          tax: 2.16,
          lineitemnumber: 2,
        },
      ],
    });
    expect(draft.lineLinks).toEqual([
      { lineItemNumber: 1, orderProductId: 194, orderAddressId: 128, sku: 'MUG-GRY', quantity: 3 },
      { lineItemNumber: 2, orderProductId: 195, orderAddressId: 128, sku: 'TSHIRT-BLK-M', quantity: 1 },
    ]);
    expect(draft.totals).toEqual({ bigcommerceTotalIncTax: '76.34', expectedIomTotal: '76.34' });
  });

  it('does not count a coupon twice: what BigCommerce spread onto the lines is not an order discount', () => {
    const order = parseBigCommerceOrder(couponTaxOrder());
    expect(order.coupon_discount).toBe('6.6000');
    const { draft } = mapSalesOrder(input(order));
    expect(draft.body.discountamount).toBe(0);
    expect(lines(draft.body).map((l) => l.manualdiscountamount)).toEqual([4.2, 2.4]);
  });

  it('gives each line its ship-to address when the order ships to several addresses', () => {
    const { draft, problems } = mapSalesOrder(
      input(parseBigCommerceOrder(multiAddressOrder()), {
        refs: {
          accountId: ACCOUNT,
          priceListId: PRICE_LIST,
          currencyId: USD,
          unitId: EACH,
          warehouseId: WAREHOUSE,
        },
      }),
    );
    expect(problems).toEqual([]);
    expect(draft.body).toMatchObject({
      shipto_city: 'Austin',
      freightamount: 13.12,
      discountamount: 0,
      totaltax: 5.34,
    });
    expect(
      lines(draft.body).map((l) => [
        l.lineitemnumber,
        l.shipto_name,
        l.shipto_city,
        l.manualdiscountamount,
        l.tax,
      ]),
    ).toEqual([
      [1, 'Jane Doe', 'Austin', 3.33, 2.86],
      [2, 'Jane Doe', 'Austin', 0.92, 1.08],
      [3, 'Trish Smith', 'Seattle', 0.75, 1.4],
    ]);
    expect(
      lines(draft.body).every(
        (l) => l['msdyn_shippingwarehouse@odata.bind'] === `/msdyn_warehouses(${WAREHOUSE})`,
      ),
    ).toBe(true);
    expect(draft.lineLinks.map((l) => [l.orderProductId, l.orderAddressId])).toEqual([
      [201, 131],
      [202, 131],
      [203, 132],
    ]);
    expect(draft.totals).toEqual({ bigcommerceTotalIncTax: '83.46', expectedIomTotal: '83.46' });
  });

  it('leaves the per-line ship-to out for a single address and the warehouse out without one', () => {
    const { draft } = mapSalesOrder(input(parseBigCommerceOrder(couponTaxOrder())));
    for (const line of lines(draft.body)) {
      expect(Object.keys(line).filter((k) => k.startsWith('shipto_') || k.startsWith('msdyn_'))).toEqual([]);
    }
  });

  it('sends unmapped SKUs as write-in lines under the write-in policy, and books the unspread discount on the order', () => {
    const { draft, problems } = mapSalesOrder(
      input(parseBigCommerceOrder(writeInOrder()), {}, { unmappedSkuPolicy: 'write-in' }),
    );
    expect(problems).toEqual([]);
    expect(lines(draft.body)).toEqual([
      {
        isproductoverridden: true,
        productdescription: 'GIFT-CARD-BOX Gift box with card',
        quantity: 2,
        ispriceoverridden: true,
        priceperunit: 3.5,
        manualdiscountamount: 0,
        tax: 0.58,
        lineitemnumber: 1,
      },
      {
        'productid@odata.bind': `/products(${product(4)})`,
        'uomid@odata.bind': `/uoms(${BOX})`,
        quantity: 2,
        ispriceoverridden: true,
        priceperunit: 24,
        manualdiscountamount: 0,
        tax: 3.96,
        lineitemnumber: 2,
      },
      {
        isproductoverridden: true,
        productdescription: 'GIFT-CARD-BOX Gift box with card',
        quantity: 1,
        ispriceoverridden: true,
        priceperunit: 3.5,
        manualdiscountamount: 0,
        tax: 0.29,
        lineitemnumber: 3,
      },
    ]);
    expect(draft.body.discountamount).toBe(2);
    expect(draft.totals).toEqual({ bigcommerceTotalIncTax: '66.32', expectedIomTotal: '66.32' });
  });

  it('parks an order with unmapped SKUs: one problem per SKU listing all its lines', () => {
    const order = parseBigCommerceOrder(writeInOrder());
    const { problems, draft } = mapSalesOrder(input(order, { products: {} }));
    expect(problems).toEqual([
      {
        code: 'unmapped_sku',
        sku: 'GIFT-CARD-BOX',
        lineIds: [210, 212],
        message: expect.stringContaining('GIFT-CARD-BOX'),
        fix: expect.stringContaining('Map SKU GIFT-CARD-BOX'),
      },
      {
        code: 'unmapped_sku',
        sku: 'TSHIRT-BLK-L',
        lineIds: [211],
        message: expect.any(String),
        fix: expect.any(String),
      },
    ]);
    expect(lines(draft.body)).toHaveLength(3);
  });

  it('names the setting to fix for each missing reference', () => {
    const { problems, draft } = mapSalesOrder(
      input(
        parseBigCommerceOrder(couponTaxOrder()),
        {
          refs: { accountId: null, priceListId: null, currencyId: null, unitId: null, warehouseId: null },
        },
        { accountStrategy: 'per-customer' },
      ),
    );
    expect(problems.map((p) => (p.code === 'missing_reference' ? p.setting : p.code))).toEqual([
      'defaultAccountId',
      'priceListId',
      'currency',
      'unitId',
    ]);
    expect(problems[0]?.message).toMatch(/customer 11 has no IOM account/);
    expect(problems[2]?.message).toMatch(/no active currency USD/);
    expect(problems[3]?.fix).toMatch(/default IOM unit/);
    expect(draft.body).not.toHaveProperty('customerid_account@odata.bind');
    expect(lines(draft.body)[1]).not.toHaveProperty('uomid@odata.bind');
  });

  it('falls back to the settings unit for a product without its own', () => {
    const { draft } = mapSalesOrder(input(parseBigCommerceOrder(couponTaxOrder())));
    expect(lines(draft.body)[1]?.['uomid@odata.bind']).toBe(`/uoms(${EACH})`);
  });

  it('reports an order without shipping items', () => {
    const order = parseBigCommerceOrder({ ...couponTaxOrder(), consignments: { shipping: [] } });
    const { problems, draft } = mapSalesOrder(input(order));
    expect(codes(problems)).toEqual(['no_lines']);
    expect(lines(draft.body)).toEqual([]);
    expect(draft.body).not.toHaveProperty('shipto_name');
  });

  it('skips lines with nothing to ship (quantity 0)', () => {
    const order = parseBigCommerceOrder(writeInOrder());
    const first = order.consignments.shipping[0];
    if (!first?.line_items[0]) throw new Error('fixture has no line');
    first.line_items[0].quantity = 0;
    const { draft } = mapSalesOrder(input(order, {}, { unmappedSkuPolicy: 'write-in' }));
    expect(draft.lineLinks.map((l) => [l.lineItemNumber, l.orderProductId])).toEqual([
      [1, 211],
      [2, 212],
    ]);
  });

  it('refuses to send a total that would differ from what BigCommerce charged', () => {
    const order = parseBigCommerceOrder({ ...couponTaxOrder(), total_inc_tax: '76.4400' });
    const { problems, draft } = mapSalesOrder(input(order));
    expect(problems).toEqual([
      {
        code: 'invalid_order',
        message: expect.stringContaining('make 76.34 USD, but BigCommerce charged 76.44'),
        fix: expect.any(String),
      },
    ]);
    expect(draft.totals).toEqual({ bigcommerceTotalIncTax: '76.44', expectedIomTotal: '76.34' });
    expect(lines(draft.body).map((l) => l.tax)).toEqual([3.78, 2.16]);
  });

  it('rounds four-decimal taxes and discounts without losing a cent', () => {
    const order = parseBigCommerceOrder(writeInOrder());
    const items = order.consignments.shipping[0]?.line_items ?? [];
    // 0.5833 + 3.9633 + 0.2834 = 4.8300; rounding each line would give 0.58 + 3.96 + 0.28 = 4.82,
    // so the lost cent goes to the line with the largest remainder (0.2834).
    ['0.5833', '3.9633', '0.2834'].forEach((tax, i) => {
      const item = items[i];
      if (item) item.total_tax = tax;
    });
    items.forEach((item) =>
      item.applied_discounts.push({
        id: 'coupon',
        amount: '0.3333',
        name: '$1',
        code: 'ONE',
        target: 'order',
      }),
    );
    order.coupon_discount = '0.9999';
    order.total_inc_tax = '65.3200';
    const { problems, draft } = mapSalesOrder(input(order, {}, { unmappedSkuPolicy: 'write-in' }));
    expect(problems).toEqual([]);
    const taxes = lines(draft.body).map((l) => l.tax as number);
    expect(taxes).toEqual([0.58, 3.96, 0.29]);
    expect(lines(draft.body).map((l) => l.manualdiscountamount)).toEqual([0.34, 0.33, 0.33]);
    expect(draft.body.totaltax).toBe(4.83);
    expect(draft.totals.expectedIomTotal).toBe('65.32');
  });

  it('leaves the external id column out when IOM has none, and clips long texts to the column lengths', () => {
    const raw = couponTaxOrder();
    raw.customer_message = 'x'.repeat(2500);
    (raw.billing_address as Record<string, unknown>).city = 'C'.repeat(100);
    const { draft } = mapSalesOrder(input(parseBigCommerceOrder(raw), { externalOrderIdColumn: null }));
    expect(draft.body).not.toHaveProperty('msdyn_externalorderid');
    expect(draft.externalOrderId).toBe(externalOrderIdFor('abc123', 250));
    expect((draft.body.description as string).length).toBe(2000);
    expect((draft.body.billto_city as string).length).toBe(80);
    const custom = mapSalesOrder(
      input(parseBigCommerceOrder(couponTaxOrder()), { externalOrderIdColumn: 'new_externalorderid' }),
    );
    expect(custom.draft.body.new_externalorderid).toBe('bigcommerce_abc123_250');
  });

  it('is pure: the same input gives the same draft and the input is not changed', () => {
    const order = parseBigCommerceOrder(multiAddressOrder());
    const snapshot = JSON.stringify(order);
    const first = mapSalesOrder(input(order));
    expect(mapSalesOrder(input(order))).toEqual(first);
    expect(JSON.stringify(order)).toBe(snapshot);
  });

  it('lets the tax take a rounding cent of tax-inclusive prices (12.99 incl. 20% VAT)', () => {
    const order = parseBigCommerceOrder(couponTaxOrder());
    const consignment = order.consignments.shipping[0];
    const item = consignment?.line_items[0];
    if (!consignment || !item) throw new Error('fixture has no line');
    consignment.line_items = [item];
    Object.assign(item, {
      quantity: 1,
      price_ex_tax: '10.8250',
      price_inc_tax: '12.9900',
      total_ex_tax: '10.8250',
      total_inc_tax: '12.9900',
      total_tax: '2.1650',
      applied_discounts: [],
    });
    Object.assign(order, {
      coupon_discount: '0.0000',
      shipping_cost_inc_tax: '0.0000',
      total_inc_tax: '12.9900',
    });
    const { draft, problems } = mapSalesOrder(input(order));
    expect(problems).toEqual([]);
    expect(lines(draft.body)[0]).toMatchObject({ priceperunit: 10.825, tax: 2.16, manualdiscountamount: 0 });
    expect(draft.totals).toEqual({ bigcommerceTotalIncTax: '12.99', expectedIomTotal: '12.99' });
  });
});
