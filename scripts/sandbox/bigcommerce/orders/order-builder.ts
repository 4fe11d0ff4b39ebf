import { catalogItem, type CatalogItem } from './catalog';
import { parseMoney, percentOf, spread, type Money } from './money';
import type { AddressInput, PlaceOrderParsed } from './order-input';
import type { OrderAddress, OrderCoupon, OrderLine, OrderRecord, ShippingDestination } from './order-model';
import { STATUS_FOR_PAYMENT } from './order-statuses';

/** Sandbox pricing rules: one tax rate for every store and a flat shipping cost per consignment. */
export const TAX_RATE_BASIS = 825; // 8.25 %
export const SHIPPING_PER_CONSIGNMENT: Money = parseMoney('5.0000');

export const DEFAULT_ADDRESS: AddressInput = {
  first_name: 'Jane',
  last_name: 'Doe',
  street_1: '555 East Street',
  city: 'Austin',
  state: 'Texas',
  zip: '78108',
  country_iso2: 'US',
  email: 'janedoe@example.com',
};

const COUNTRY_NAMES: Record<string, string> = {
  US: 'United States',
  CA: 'Canada',
  GB: 'United Kingdom',
  DE: 'Germany',
  FR: 'France',
  NL: 'Netherlands',
  AU: 'Australia',
};

/** Hands out the store's ids: orders from 100, order products and addresses from their own counters. */
export interface IdSource {
  nextOrderProductId(): number;
  nextAddressId(): number;
  nextCouponId(): number;
}

export function toOrderAddress(input: AddressInput, email?: string): OrderAddress {
  return {
    first_name: input.first_name,
    last_name: input.last_name,
    company: input.company ?? '',
    street_1: input.street_1,
    street_2: input.street_2 ?? '',
    city: input.city,
    state: input.state,
    zip: input.zip,
    country: COUNTRY_NAMES[input.country_iso2] ?? input.country_iso2,
    country_iso2: input.country_iso2,
    phone: input.phone ?? '',
    email: email ?? input.email ?? 'buyer@example.com',
  };
}

/** Applies a change to an address (the country name follows the country code). */
export function changeAddress(address: OrderAddress, changes: Partial<AddressInput>): OrderAddress {
  const next = { ...address };
  for (const [key, value] of Object.entries(changes)) {
    if (value !== undefined && key in next) (next as Record<string, string>)[key] = value;
  }
  if (changes.country_iso2) next.country = COUNTRY_NAMES[changes.country_iso2] ?? changes.country_iso2;
  return next;
}

/** A new order's record: lines priced from the catalog, the coupon spread over them, tax per line. */
export function buildOrder(
  input: PlaceOrderParsed,
  ids: IdSource,
  meta: { id: number; storeHash: string; now: number },
): OrderRecord {
  const addressInputs = input.addresses ?? [DEFAULT_ADDRESS];
  const destinations: ShippingDestination[] = addressInputs.map((address) => ({
    id: ids.nextAddressId(),
    address: toOrderAddress(address, input.customerEmail),
    shippingExTax: SHIPPING_PER_CONSIGNMENT,
    shippingTax: percentOf(SHIPPING_PER_CONSIGNMENT, TAX_RATE_BASIS),
  }));
  const priced = input.lines.map((line) => ({ ...line, item: mustFind(line.sku) }));
  const used = new Set(priced.map((l) => l.address));
  const shipped = destinations.filter((_d, i) => used.has(i));
  const baseTotals = priced.map((l) => l.item.price * l.quantity);
  const subtotal = baseTotals.reduce((a, b) => a + b, 0);
  const coupon = input.coupon ? couponFor(input.coupon, subtotal, ids.nextCouponId()) : null;
  const discounts = spread(coupon?.discount ?? 0, baseTotals);
  const lines: OrderLine[] = priced.map((line, i) => {
    const discount = discounts[i] ?? 0;
    return {
      id: ids.nextOrderProductId(),
      addressId: destinations[line.address]?.id ?? 0,
      item: line.item,
      quantity: line.quantity,
      discount,
      unitTax: percentOf(line.item.price, TAX_RATE_BASIS),
      totalTax: percentOf((baseTotals[i] ?? 0) - discount, TAX_RATE_BASIS),
    };
  });
  const billing = input.billingAddress ?? addressInputs[0] ?? DEFAULT_ADDRESS;
  return {
    id: meta.id,
    storeHash: meta.storeHash,
    customerId: 0,
    createdAt: meta.now,
    modifiedAt: meta.now,
    statusId: input.statusId ?? STATUS_FOR_PAYMENT[input.paymentStatus],
    paymentStatus: input.paymentStatus,
    currencyCode: input.currencyCode,
    customerMessage: input.customerMessage,
    staffNotes: '',
    externalOrderId: '',
    billingAddress: toOrderAddress(billing, input.customerEmail),
    // An address no line ships to is no consignment.
    destinations: shipped,
    lines,
    coupon,
    taxRate: TAX_RATE_BASIS,
    isDeleted: false,
    shipments: [],
    refunds: [],
    shippedAt: null,
  };
}

function couponFor(
  coupon: NonNullable<PlaceOrderParsed['coupon']>,
  subtotal: Money,
  id: number,
): OrderCoupon {
  if (coupon.percent !== undefined) {
    return {
      id,
      couponId: id,
      code: coupon.code,
      type: 1,
      amount: coupon.percent,
      discount: percentOf(subtotal, Math.round(coupon.percent * 100)),
    };
  }
  const amount = parseMoney((coupon.amount ?? 0).toFixed(2));
  return {
    id,
    couponId: id,
    code: coupon.code,
    type: 2,
    amount: coupon.amount ?? 0,
    discount: Math.min(amount, subtotal),
  };
}

function mustFind(sku: string): CatalogItem {
  const item = catalogItem(sku);
  if (!item) throw new Error(`SKU ${sku} is not in the catalog`);
  return item;
}
