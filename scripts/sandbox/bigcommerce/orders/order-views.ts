import { formatMoney, moneyNumber } from './money';
import {
  itemsShipped,
  lineBaseTotal,
  lineRefunds,
  orderTotals,
  quantityShipped,
  type OrderLine,
  type OrderRecord,
  type ShippingDestination,
} from './order-model';
import { ORDER_STATUSES, statusById } from './order-statuses';

/** Renders orders in the v2 API's shapes (orders.v2.oas2.yml: order_Resp, orderProducts, orderShippingAddress,
 *  orderConsignment_Get, orderCoupons_Base, orderTaxes_Base, orderStatus_Base). Money fields are 4-decimal
 *  strings except in shipping consignments, where the spec types them as numbers. */

type Json = Record<string, unknown>;

/** Where resource links point: `${apiBase}/stores/{hash}` (e.g. `http://127.0.0.1:1234/stores/demo7x3`). */
export interface ViewContext {
  storeApiBase: string;
}

export type ConsignmentDetail = 'none' | 'links' | 'line_items';

/** "Tue, 05 Mar 2019 21:40:11 +0000" */
export function rfc2822(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toUTCString().replace('GMT', '+0000');
}

const money = formatMoney;
const ZERO = '0.0000';

function link(view: ViewContext, resource: string): { url: string; resource: string } {
  return { url: `${view.storeApiBase}/v2${resource}`, resource };
}

export function renderOrder(order: OrderRecord, view: ViewContext, consignments: ConsignmentDetail): Json {
  const totals = orderTotals(order);
  const status = statusById(order.statusId)?.name ?? '';
  const base = `/orders/${order.id}`;
  return {
    id: order.id,
    customer_id: order.customerId,
    date_created: rfc2822(order.createdAt),
    date_modified: rfc2822(order.modifiedAt),
    date_shipped: order.shippedAt === null ? '' : rfc2822(order.shippedAt),
    status_id: order.statusId,
    status,
    custom_status: status,
    subtotal_ex_tax: money(totals.subtotalExTax),
    subtotal_inc_tax: money(totals.subtotalExTax + totals.subtotalTax),
    subtotal_tax: money(totals.subtotalTax),
    base_shipping_cost: money(totals.shippingExTax),
    shipping_cost_ex_tax: money(totals.shippingExTax),
    shipping_cost_inc_tax: money(totals.shippingExTax + totals.shippingTax),
    shipping_cost_tax: money(totals.shippingTax),
    shipping_cost_tax_class_id: 0,
    base_handling_cost: ZERO,
    handling_cost_ex_tax: ZERO,
    handling_cost_inc_tax: ZERO,
    handling_cost_tax: ZERO,
    handling_cost_tax_class_id: 0,
    base_wrapping_cost: ZERO,
    wrapping_cost_ex_tax: ZERO,
    wrapping_cost_inc_tax: ZERO,
    wrapping_cost_tax: ZERO,
    wrapping_cost_tax_class_id: 0,
    total_ex_tax: money(totals.totalExTax),
    total_inc_tax: money(totals.totalIncTax),
    total_tax: money(totals.totalTax),
    is_tax_inclusive_pricing: false,
    items_total: totals.itemsTotal,
    items_shipped: itemsShipped(order),
    payment_method: 'Credit Card',
    payment_provider_id: '',
    payment_status: order.paymentStatus,
    refunded_amount: money(order.refunds.reduce((sum, r) => sum + r.totalAmount, 0)),
    order_is_digital: false,
    store_credit_amount: ZERO,
    gift_certificate_amount: ZERO,
    ip_address: '127.0.0.1',
    ip_address_v6: '',
    geoip_country: order.billingAddress.country,
    geoip_country_iso2: order.billingAddress.country_iso2,
    currency_id: 1,
    currency_code: order.currencyCode,
    currency_exchange_rate: '1.0000000000',
    default_currency_id: 1,
    default_currency_code: order.currencyCode,
    store_default_currency_code: order.currencyCode,
    store_default_to_transactional_exchange_rate: '1.0000000000',
    staff_notes: order.staffNotes,
    customer_message: order.customerMessage,
    // BigCommerce's example order ("Get an order" in the orders v2 spec) reports discount_amount and
    // coupon_discount as two amounts and subtracts both from its total: discount_amount is the discount
    // besides coupons. The simulator's only discounts are coupons.
    discount_amount: money(0),
    coupon_discount: money(order.coupon?.discount ?? 0),
    shipping_address_count: order.destinations.length,
    is_deleted: order.isDeleted,
    ebay_order_id: '0',
    cart_id: '',
    billing_address: { ...order.billingAddress, form_fields: [] },
    is_email_opt_in: false,
    credit_card_type: null,
    order_source: 'www',
    channel_id: 1,
    external_source: null,
    external_id: null,
    external_merchant_id: null,
    external_order_id: order.externalOrderId,
    tax_provider_id: 'BasicTaxProvider',
    customer_locale: 'en',
    products: link(view, `${base}/products`),
    shipping_addresses: link(view, `${base}/shipping_addresses`),
    coupons: link(view, `${base}/coupons`),
    consignments:
      consignments === 'none'
        ? link(view, `${base}/consignments`)
        : renderConsignments(order, view, consignments === 'line_items'),
  };
}

export function renderProduct(order: OrderRecord, line: OrderLine): Json {
  const base = lineBaseTotal(line);
  const price = line.item.price;
  const refunded = lineRefunds(order, line.id);
  return {
    id: line.id,
    order_id: order.id,
    product_id: line.item.productId,
    variant_id: line.item.variantId,
    order_pickup_method_id: 0,
    order_address_id: line.addressId,
    name: line.item.name,
    name_customer: line.item.name,
    name_merchant: line.item.name,
    sku: line.item.sku,
    upc: '',
    type: 'physical',
    base_price: money(price),
    price_ex_tax: money(price),
    price_inc_tax: money(price + line.unitTax),
    price_tax: money(line.unitTax),
    base_total: money(base),
    total_ex_tax: money(base),
    total_inc_tax: money(base + line.totalTax),
    total_tax: money(line.totalTax),
    discounted_total_inc_tax: money(base - line.discount + line.totalTax),
    weight: line.item.weight,
    width: '0.0000',
    height: '0.0000',
    depth: '0.0000',
    quantity: line.quantity,
    base_cost_price: ZERO,
    cost_price_inc_tax: ZERO,
    cost_price_ex_tax: ZERO,
    cost_price_tax: ZERO,
    is_refunded: refunded.quantity >= line.quantity && line.quantity > 0,
    quantity_refunded: refunded.quantity,
    refund_amount: money(refunded.amount),
    return_id: 0,
    wrapping_id: 0,
    wrapping_name: null,
    base_wrapping_cost: ZERO,
    wrapping_cost_ex_tax: ZERO,
    wrapping_cost_inc_tax: ZERO,
    wrapping_cost_tax: ZERO,
    wrapping_message: '',
    quantity_shipped: quantityShipped(order, line.id),
    event_name: null,
    event_date: null,
    fixed_shipping_cost: ZERO,
    ebay_item_id: '',
    ebay_transaction_id: '',
    option_set_id: null,
    parent_order_product_id: null,
    is_bundled_product: false,
    bin_picking_number: '',
    external_id: null,
    brand: 'Sandbox',
    gift_certificate_id: null,
    applied_discounts:
      order.coupon && line.discount > 0
        ? [
            {
              id: 'coupon',
              amount: money(line.discount),
              name: 'Coupon',
              code: order.coupon.code,
              target: 'order',
            },
          ]
        : [],
    product_options: [],
    configurable_fields: [],
  };
}

function destinationCosts(dest: ShippingDestination, order: OrderRecord): { itemsTotal: number } {
  return {
    itemsTotal: order.lines.filter((l) => l.addressId === dest.id).reduce((a, l) => a + l.quantity, 0),
  };
}

export function renderShippingAddress(
  order: OrderRecord,
  dest: ShippingDestination,
  view: ViewContext,
): Json {
  const { itemsTotal } = destinationCosts(dest, order);
  return {
    id: dest.id,
    order_id: order.id,
    ...dest.address,
    form_fields: [],
    items_total: itemsTotal,
    items_shipped: itemsShipped(order, dest.id),
    shipping_method: 'Flat Rate',
    base_cost: money(dest.shippingExTax),
    cost_ex_tax: money(dest.shippingExTax),
    cost_inc_tax: money(dest.shippingExTax + dest.shippingTax),
    cost_tax: money(dest.shippingTax),
    cost_tax_class_id: 0,
    base_handling_cost: ZERO,
    handling_cost_ex_tax: ZERO,
    handling_cost_inc_tax: ZERO,
    handling_cost_tax: ZERO,
    handling_cost_tax_class_id: 0,
    shipping_zone_id: 1,
    shipping_zone_name: dest.address.country,
    shipping_quotes: link(view, `/orders/${order.id}/shipping_addresses/${dest.id}/shipping_quotes`),
  };
}

/** The object structure of `consignments` (`consignment_structure=object`); line items as links or in full. */
export function renderConsignments(order: OrderRecord, view: ViewContext, fullLineItems: boolean): Json {
  return {
    pickups: [],
    downloads: [],
    email: { gift_certificates: [] },
    shipping: order.destinations.map((dest) => {
      const lines = order.lines.filter((l) => l.addressId === dest.id);
      return {
        id: dest.id,
        ...dest.address,
        form_fields: [],
        line_items: lines.map((line) =>
          fullLineItems ? renderProduct(order, line) : link(view, `/orders/${order.id}/products/${line.id}`),
        ),
        items_total: destinationCosts(dest, order).itemsTotal,
        items_shipped: itemsShipped(order, dest.id),
        shipping_method: 'Flat Rate',
        base_cost: moneyNumber(dest.shippingExTax),
        cost_ex_tax: moneyNumber(dest.shippingExTax),
        cost_inc_tax: moneyNumber(dest.shippingExTax + dest.shippingTax),
        cost_tax: moneyNumber(dest.shippingTax),
        cost_tax_class_id: 0,
        base_handling_cost: 0,
        handling_cost_ex_tax: 0,
        handling_cost_inc_tax: 0,
        handling_cost_tax: 0,
        handling_cost_tax_class_id: 0,
        shipping_zone_id: 1,
        shipping_zone_name: dest.address.country,
        shipping_quotes: link(view, `/orders/${order.id}/consignments/shipping/${dest.id}/shipping_quotes`),
      };
    }),
  };
}

export function renderCoupons(order: OrderRecord): Json[] {
  if (!order.coupon) return [];
  const c = order.coupon;
  return [
    {
      id: c.id,
      coupon_id: c.couponId,
      order_id: order.id,
      code: c.code,
      amount: c.amount,
      type: c.type,
      discount: moneyNumber(c.discount),
    },
  ];
}

/** One tax row per line item and one per shipping consignment; they add up to the order's total_tax. */
export function renderTaxes(order: OrderRecord): Json[] {
  let id = order.id * 1000;
  const row = (addressId: number, amount: number, type: 'item' | 'shipping', productId?: number): Json => ({
    id: ++id,
    order_id: order.id,
    order_address_id: addressId,
    tax_rate_id: 1,
    sales_tax_id: '',
    tax_class_id: 0,
    name: 'Sales Tax',
    class: 'Default Tax Class',
    rate: formatMoney(order.taxRate * 100),
    priority: 0,
    priority_amount: money(amount),
    line_amount: money(amount),
    order_pickup_method_id: 0,
    ...(productId === undefined ? {} : { order_product_id: String(productId) }),
    line_item_type: type,
  });
  return [
    ...order.lines.filter((l) => l.totalTax !== 0).map((l) => row(l.addressId, l.totalTax, 'item', l.id)),
    ...order.destinations.filter((d) => d.shippingTax !== 0).map((d) => row(d.id, d.shippingTax, 'shipping')),
  ];
}

export function renderStatuses(): Json[] {
  return ORDER_STATUSES.map((s) => ({
    id: s.id,
    name: s.name,
    system_label: s.name,
    custom_label: s.name,
    system_description: s.description,
    order: s.order,
  }));
}

export function renderCount(orders: OrderRecord[]): Json {
  return {
    statuses: ORDER_STATUSES.map((s) => ({
      id: s.id,
      name: s.name,
      system_label: s.name,
      custom_label: s.name,
      system_description: s.description,
      count: orders.filter((o) => o.statusId === s.id).length,
      sort_order: s.order,
    })),
    count: orders.length,
  };
}
