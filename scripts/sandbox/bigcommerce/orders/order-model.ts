import type { CatalogItem } from './catalog';
import type { Money } from './money';

/** A postal address as the merchant action takes it (and as orders keep it). */
export interface OrderAddress {
  first_name: string;
  last_name: string;
  company: string;
  street_1: string;
  street_2: string;
  city: string;
  state: string;
  zip: string;
  country: string;
  country_iso2: string;
  phone: string;
  email: string;
}

/** One shipping address of an order, which is also one shipping consignment. */
export interface ShippingDestination {
  /** The order_address_id (also the consignment id). */
  id: number;
  address: OrderAddress;
  shippingExTax: Money;
  shippingTax: Money;
}

/** One order product (a line item), its amounts fixed when the order was placed. */
export interface OrderLine {
  /** The order_product_id. */
  id: number;
  addressId: number;
  item: CatalogItem;
  quantity: number;
  /** This line's share of the coupon discount. */
  discount: Money;
  unitTax: Money;
  /** Tax on the discounted line total. */
  totalTax: Money;
}

export interface OrderCoupon {
  id: number;
  couponId: number;
  code: string;
  /** BigCommerce coupon types: 1 percentage discount, 2 discount on the order total. */
  type: 1 | 2;
  /** The percentage (type 1) or the amount off (type 2), as entered. */
  amount: number;
  discount: Money;
}

export type PaymentStatus = 'captured' | 'pending' | 'declined';

/** An order as the simulator keeps it; `order-views.ts` renders the API's shapes from it. */
export interface OrderRecord {
  id: number;
  storeHash: string;
  customerId: number;
  createdAt: number;
  modifiedAt: number;
  statusId: number;
  paymentStatus: PaymentStatus;
  currencyCode: string;
  customerMessage: string;
  staffNotes: string;
  externalOrderId: string;
  billingAddress: OrderAddress;
  destinations: ShippingDestination[];
  lines: OrderLine[];
  coupon: OrderCoupon | null;
  /** Tax rate in 1/10000 (825 = 8.25 %). */
  taxRate: number;
  isDeleted: boolean;
}

export interface OrderTotals {
  subtotalExTax: Money;
  subtotalTax: Money;
  shippingExTax: Money;
  shippingTax: Money;
  discount: Money;
  totalTax: Money;
  totalExTax: Money;
  totalIncTax: Money;
  itemsTotal: number;
}

export function lineBaseTotal(line: OrderLine): Money {
  return line.item.price * line.quantity;
}

/** The order's totals: items before discount + shipping − discount + tax = total_inc_tax, exactly. */
export function orderTotals(order: OrderRecord): OrderTotals {
  const sum = (values: Money[]): Money => values.reduce((a, b) => a + b, 0);
  const subtotalExTax = sum(order.lines.map(lineBaseTotal));
  const subtotalTax = sum(order.lines.map((l) => l.totalTax));
  const shippingExTax = sum(order.destinations.map((d) => d.shippingExTax));
  const shippingTax = sum(order.destinations.map((d) => d.shippingTax));
  const discount = sum(order.lines.map((l) => l.discount));
  const totalTax = subtotalTax + shippingTax;
  const totalIncTax = subtotalExTax + shippingExTax - discount + totalTax;
  return {
    subtotalExTax,
    subtotalTax,
    shippingExTax,
    shippingTax,
    discount,
    totalTax,
    totalExTax: totalIncTax - totalTax,
    totalIncTax,
    itemsTotal: sum(order.lines.map((l) => l.quantity)),
  };
}
