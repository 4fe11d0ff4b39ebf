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

/** One shipment of an order (`POST /v2/orders/{id}/shipments`): some quantities of lines of one address. */
export interface ShipmentRecord {
  id: number;
  orderAddressId: number;
  createdAt: number;
  trackingNumber: string;
  trackingCarrier: string;
  shippingProvider: string;
  shippingMethod: string;
  /** A custom tracking link; empty when BigCommerce generates one. */
  trackingLink: string;
  comments: string;
  merchantShippingCost: Money;
  items: Array<{ orderProductId: number; quantity: number }>;
}

/** One refund (`POST /v3/orders/{id}/payment_actions/refunds`); only product quantities in the sandbox. */
export interface RefundRecord {
  id: number;
  createdAt: number;
  reason: string;
  totalAmount: Money;
  totalTax: Money;
  items: Array<{ orderProductId: number; quantity: number; amount: Money; reason: string }>;
  payments: Array<{ id: number; providerId: string; amount: Money; offline: boolean; transactionId: string }>;
}

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
  shipments: ShipmentRecord[];
  refunds: RefundRecord[];
  /** When the order was last shipped (the order's `date_shipped`); null before any shipment. */
  shippedAt: number | null;
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

/** How many of the line's units the order's shipments carry (`quantity_shipped`). */
export function quantityShipped(order: OrderRecord, lineId: number): number {
  let shipped = 0;
  for (const shipment of order.shipments)
    for (const item of shipment.items) if (item.orderProductId === lineId) shipped += item.quantity;
  return shipped;
}

/** How many of the line's units were refunded (`quantity_refunded`) and for how much. */
export function lineRefunds(order: OrderRecord, lineId: number): { quantity: number; amount: Money } {
  let quantity = 0;
  let amount = 0;
  for (const refund of order.refunds)
    for (const item of refund.items)
      if (item.orderProductId === lineId) {
        quantity += item.quantity;
        amount += item.amount;
      }
  return { quantity, amount };
}

/** Units shipped across the order, or to one address (`items_shipped`). */
export function itemsShipped(order: OrderRecord, addressId?: number): number {
  return order.lines
    .filter((l) => addressId === undefined || l.addressId === addressId)
    .reduce((sum, l) => sum + quantityShipped(order, l.id), 0);
}

/** What a line sold for after its discount, tax included: what a full refund of it gives back. */
export function lineNetTotal(line: OrderLine): Money {
  return lineBaseTotal(line) - line.discount + line.totalTax;
}
