/**
 * Realistic BigCommerce v2 orders as `GET /v2/orders/{id}?include=consignments.line_items&consignment_structure=object`
 * returns them, for the mapping tests. Written by hand (values invented, field names from BigCommerce's
 * orders.v2 schemas); test/unit/order-schema.test.ts checks each one against the spec so they stay truthful.
 *
 * Amounts follow BigCommerce's arithmetic for a tax-exclusive store: a line's `total_ex_tax` is
 * price_ex_tax × quantity before discounts, its `applied_discounts` are the coupon/promotion amounts spread
 * onto it, its `total_tax` is the tax on the discounted amount; `total_inc_tax` of the order is
 * subtotal_inc_tax + shipping_cost_inc_tax + handling_cost_inc_tax + wrapping_cost_inc_tax − discount_amount − coupon_discount.
 */

type Json = Record<string, unknown>;

export interface LineSpec {
  id: number;
  sku: string;
  name: string;
  quantity: number;
  priceExTax: string;
  /** The tax on the discounted line total. */
  totalTax: string;
  discounts?: Array<{
    id: string;
    amount: string;
    name: string;
    code: string | null;
    target: 'order' | 'product';
  }>;
  productId?: number;
  variantId?: number;
}

export interface ConsignmentSpec {
  id: number;
  firstName: string;
  lastName: string;
  street1: string;
  city: string;
  state: string;
  zip: string;
  countryIso2: string;
  country: string;
  costExTax: number;
  costIncTax: number;
  lines: LineSpec[];
}

const cents = (value: number) => value.toFixed(4);
const toCents = (value: string) => Math.round(Number(value) * 100);
const fromCents = (value: number) => cents(value / 100);

function lineItem(orderId: number, addressId: number, line: LineSpec): Json {
  const exTotal = toCents(line.priceExTax) * line.quantity;
  const tax = toCents(line.totalTax);
  const discount = (line.discounts ?? []).reduce((sum, d) => sum + toCents(d.amount), 0);
  const unitTax = Math.round(tax / line.quantity);
  return {
    id: line.id,
    order_id: orderId,
    product_id: line.productId ?? 100 + line.id,
    variant_id: line.variantId ?? 200 + line.id,
    order_pickup_method_id: 0,
    order_address_id: addressId,
    name: line.name,
    sku: line.sku,
    type: 'physical',
    base_price: line.priceExTax,
    price_ex_tax: line.priceExTax,
    price_inc_tax: fromCents(toCents(line.priceExTax) + unitTax),
    price_tax: fromCents(unitTax),
    base_total: fromCents(exTotal),
    total_ex_tax: fromCents(exTotal),
    total_inc_tax: fromCents(exTotal + tax),
    total_tax: line.totalTax,
    quantity: line.quantity,
    base_cost_price: '0.0000',
    cost_price_inc_tax: '0.0000',
    cost_price_ex_tax: '0.0000',
    weight: '1.0000',
    width: '0.0000',
    height: '0.0000',
    depth: '0.0000',
    cost_price_tax: '0.0000',
    is_refunded: false,
    quantity_refunded: 0,
    refund_amount: '0.0000',
    return_id: 0,
    wrapping_id: 0,
    wrapping_name: null,
    base_wrapping_cost: '0.0000',
    wrapping_cost_ex_tax: '0.0000',
    wrapping_cost_inc_tax: '0.0000',
    wrapping_cost_tax: '0.0000',
    wrapping_message: '',
    quantity_shipped: 0,
    event_name: null,
    event_date: null,
    fixed_shipping_cost: '0.0000',
    ebay_item_id: '',
    ebay_transaction_id: '',
    option_set_id: null,
    parent_order_product_id: null,
    is_bundled_product: false,
    bin_picking_number: '',
    external_id: null,
    brand: 'Common Good',
    applied_discounts: line.discounts ?? [],
    product_options: [],
    configurable_fields: [],
    upc: '',
    name_customer: line.name,
    name_merchant: line.name,
    gift_certificate_id: null,
    discounted_total_inc_tax: fromCents(exTotal - discount + tax),
  };
}

function stripUndefined(value: Json): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

export interface OrderSpec {
  id: number;
  consignments: ConsignmentSpec[];
  /** Order-level discounts (promotions, manual) and coupons, as BigCommerce totals them. */
  discountAmount?: string;
  couponDiscount?: string;
  customerMessage?: string;
  statusId?: number;
  status?: string;
  dateCreated?: string;
  currencyCode?: string;
}

/** A full order response; the order totals are derived from the lines and consignments. */
export function bigCommerceOrder(spec: OrderSpec): Json {
  const lines = spec.consignments.flatMap((c) => c.lines);
  const subtotalEx = lines.reduce((sum, l) => sum + toCents(l.priceExTax) * l.quantity, 0);
  const lineTax = lines.reduce((sum, l) => sum + toCents(l.totalTax), 0);
  const shipEx = spec.consignments.reduce((sum, c) => sum + Math.round(c.costExTax * 100), 0);
  const shipInc = spec.consignments.reduce((sum, c) => sum + Math.round(c.costIncTax * 100), 0);
  const discount = toCents(spec.discountAmount ?? '0');
  const coupon = toCents(spec.couponDiscount ?? '0');
  const totalTax = lineTax + (shipInc - shipEx);
  const totalInc = subtotalEx + lineTax + shipInc - discount - coupon;
  const order: Json = {
    id: spec.id,
    customer_id: 11,
    date_created: spec.dateCreated ?? 'Tue, 01 Dec 2026 09:15:42 +0000',
    date_modified: 'Tue, 01 Dec 2026 09:16:03 +0000',
    date_shipped: '',
    cart_id: '7e48f7ef-2e88-4817-aea4-b0ed01490114',
    status_id: spec.statusId ?? 11,
    status: spec.status ?? 'Awaiting Fulfillment',
    subtotal_ex_tax: fromCents(subtotalEx),
    subtotal_inc_tax: fromCents(subtotalEx + lineTax),
    subtotal_tax: fromCents(lineTax),
    base_shipping_cost: fromCents(shipEx),
    shipping_cost_ex_tax: fromCents(shipEx),
    shipping_cost_inc_tax: fromCents(shipInc),
    shipping_cost_tax: fromCents(shipInc - shipEx),
    shipping_cost_tax_class_id: 2,
    base_handling_cost: '0.0000',
    handling_cost_ex_tax: '0.0000',
    handling_cost_inc_tax: '0.0000',
    handling_cost_tax: '0.0000',
    handling_cost_tax_class_id: 2,
    base_wrapping_cost: '0.0000',
    wrapping_cost_ex_tax: '0.0000',
    wrapping_cost_inc_tax: '0.0000',
    wrapping_cost_tax: '0.0000',
    wrapping_cost_tax_class_id: 3,
    total_ex_tax: fromCents(totalInc - totalTax),
    total_inc_tax: fromCents(totalInc),
    total_tax: fromCents(totalTax),
    items_total: lines.reduce((sum, l) => sum + l.quantity, 0),
    items_shipped: 0,
    payment_method: 'Credit Card',
    payment_provider_id: '',
    payment_status: 'captured',
    refunded_amount: '0.0000',
    order_is_digital: false,
    store_credit_amount: '0.0000',
    gift_certificate_amount: '0.0000',
    ip_address: '203.0.113.7',
    ip_address_v6: '',
    geoip_country: 'United States',
    geoip_country_iso2: 'US',
    currency_id: 1,
    currency_code: spec.currencyCode ?? 'USD',
    currency_exchange_rate: '1.0000000000',
    default_currency_id: 1,
    default_currency_code: 'USD',
    store_default_currency_code: 'USD',
    store_default_to_transactional_exchange_rate: '1.0000000000',
    staff_notes: '',
    customer_message: spec.customerMessage ?? '',
    discount_amount: spec.discountAmount ?? '0.0000',
    coupon_discount: spec.couponDiscount ?? '0.0000',
    shipping_address_count: spec.consignments.length,
    is_deleted: false,
    ebay_order_id: '0',
    is_email_opt_in: false,
    channel_id: 1,
    customer_locale: 'en',
    external_source: null,
    external_id: null,
    external_merchant_id: null,
    external_order_id: '',
    tax_provider_id: 'BasicTaxProvider',
    order_source: 'www',
    billing_address: {
      first_name: 'Jane',
      last_name: 'Doe',
      company: 'Doe Outfitters',
      street_1: '555 East Street',
      street_2: 'Suite 4',
      city: 'Austin',
      state: 'Texas',
      zip: '78108',
      country: 'United States',
      country_iso2: 'US',
      phone: '512-555-0100',
      email: 'janedoe@example.com',
      form_fields: [],
    },
    products: {
      url: `https://api.bigcommerce.com/stores/abc123/v2/orders/${spec.id}/products`,
      resource: `/orders/${spec.id}/products`,
    },
    shipping_addresses: {
      url: `https://api.bigcommerce.com/stores/abc123/v2/orders/${spec.id}/shipping_addresses`,
      resource: `/orders/${spec.id}/shipping_addresses`,
    },
    coupons: {
      url: `https://api.bigcommerce.com/stores/abc123/v2/orders/${spec.id}/coupons`,
      resource: `/orders/${spec.id}/coupons`,
    },
    consignments: {
      pickups: [],
      downloads: [],
      email: { gift_certificates: [] },
      shipping: spec.consignments.map((c) => ({
        id: c.id,
        first_name: c.firstName,
        last_name: c.lastName,
        company: '',
        street_1: c.street1,
        street_2: '',
        city: c.city,
        zip: c.zip,
        country: c.country,
        country_iso2: c.countryIso2,
        state: c.state,
        email: 'janedoe@example.com',
        phone: '512-555-0199',
        form_fields: [],
        line_items: c.lines.map((line) => lineItem(spec.id, c.id, line)),
        items_total: c.lines.reduce((sum, l) => sum + l.quantity, 0),
        items_shipped: 0,
        shipping_method: 'Flat Rate',
        base_cost: c.costExTax,
        cost_ex_tax: c.costExTax,
        cost_inc_tax: c.costIncTax,
        cost_tax: Math.round((c.costIncTax - c.costExTax) * 100) / 100,
        cost_tax_class_id: 2,
        base_handling_cost: 0,
        handling_cost_ex_tax: 0,
        handling_cost_inc_tax: 0,
        handling_cost_tax: 0,
        handling_cost_tax_class_id: 2,
        shipping_zone_id: 1,
        shipping_zone_name: 'United States',
        shipping_quotes: {
          url: `https://api.bigcommerce.com/stores/abc123/v2/orders/${spec.id}/consignments/shipping/${c.id}/shipping_quotes`,
          resource: `/orders/${spec.id}/consignments/shipping/${c.id}/shipping_quotes`,
        },
      })),
    },
  };
  return stripUndefined(order);
}

const AUSTIN: Omit<ConsignmentSpec, 'id' | 'lines' | 'costExTax' | 'costIncTax'> = {
  firstName: 'Jane',
  lastName: 'Doe',
  street1: '555 East Street',
  city: 'Austin',
  state: 'Texas',
  zip: '78108',
  countryIso2: 'US',
  country: 'United States',
};

/**
 * Order 250: a 10% coupon (SAVE10) spread onto both lines, 10% tax on the discounted lines and on
 * shipping. 66.00 − 6.60 + 5.94 tax + 11.00 shipping = 76.34.
 */
export function couponTaxOrder(): Json {
  return bigCommerceOrder({
    id: 250,
    couponDiscount: '6.6000',
    customerMessage: 'Please leave at the back door.',
    consignments: [
      {
        id: 128,
        ...AUSTIN,
        costExTax: 10,
        costIncTax: 11,
        lines: [
          {
            id: 194,
            sku: 'MUG-GRY',
            name: 'Ceramic Mug – Grey',
            quantity: 3,
            priceExTax: '14.0000',
            totalTax: '3.7800',
            discounts: [{ id: 'coupon', amount: '4.2000', name: '10% off', code: 'SAVE10', target: 'order' }],
          },
          {
            id: 195,
            sku: 'TSHIRT-BLK-M',
            name: 'Logo T-Shirt – Black – M',
            quantity: 1,
            priceExTax: '24.0000',
            totalTax: '2.1600',
            discounts: [{ id: 'coupon', amount: '2.4000', name: '10% off', code: 'SAVE10', target: 'order' }],
          },
        ],
      },
    ],
  });
}

/**
 * Order 251: two ship-to addresses. A product promotion on the poster (on the line), a $3.00 coupon
 * spread as 1.23 + 0.89 + 0.88 (uneven cents), tax at 8.25% with cents that do not divide evenly, and a
 * shipping charge per consignment (one taxed).
 */
export function multiAddressOrder(): Json {
  return bigCommerceOrder({
    id: 251,
    discountAmount: '2.0000',
    couponDiscount: '3.0000',
    consignments: [
      {
        id: 131,
        ...AUSTIN,
        costExTax: 7.5,
        costIncTax: 8.12,
        lines: [
          {
            id: 201,
            sku: 'POSTER-A2-CITY',
            name: 'City Skyline Poster A2',
            quantity: 2,
            priceExTax: '19.0000',
            totalTax: '2.8600',
            discounts: [
              { id: '7', amount: '2.0000', name: 'Posters $1 off', code: null, target: 'product' },
              { id: 'coupon', amount: '1.3300', name: '$3 off', code: 'THREE', target: 'order' },
            ],
          },
          {
            id: 202,
            sku: 'MUG-WHT',
            name: 'Ceramic Mug – White',
            quantity: 1,
            priceExTax: '14.0000',
            totalTax: '1.0800',
            discounts: [{ id: 'coupon', amount: '0.9200', name: '$3 off', code: 'THREE', target: 'order' }],
          },
        ],
      },
      {
        id: 132,
        firstName: 'Trish',
        lastName: 'Smith',
        street1: '666 Sussex St',
        city: 'Seattle',
        state: 'Washington',
        zip: '98101',
        countryIso2: 'US',
        country: 'United States',
        costExTax: 5,
        costIncTax: 5,
        lines: [
          {
            id: 203,
            sku: 'TOTE-NAT',
            name: 'Canvas Tote – Natural',
            quantity: 1,
            priceExTax: '18.0000',
            totalTax: '1.4000',
            discounts: [{ id: 'coupon', amount: '0.7500', name: '$3 off', code: 'THREE', target: 'order' }],
          },
        ],
      },
    ],
  });
}

/**
 * Order 252: a product IOM does not know (SKU GIFT-CARD-BOX), shipped with a known one, and a $2.00
 * manual order discount that BigCommerce did not spread onto the lines.
 */
export function writeInOrder(): Json {
  return bigCommerceOrder({
    id: 252,
    discountAmount: '2.0000',
    consignments: [
      {
        id: 140,
        ...AUSTIN,
        costExTax: 4.99,
        costIncTax: 4.99,
        lines: [
          {
            id: 210,
            sku: 'GIFT-CARD-BOX',
            name: 'Gift box with card',
            quantity: 2,
            priceExTax: '3.5000',
            totalTax: '0.5800',
          },
          {
            id: 211,
            sku: 'TSHIRT-BLK-L',
            name: 'Logo T-Shirt – Black – L',
            quantity: 2,
            priceExTax: '24.0000',
            totalTax: '3.9600',
          },
          {
            id: 212,
            sku: 'GIFT-CARD-BOX',
            name: 'Gift box with card',
            quantity: 1,
            priceExTax: '3.5000',
            totalTax: '0.2900',
          },
        ],
      },
    ],
  });
}
