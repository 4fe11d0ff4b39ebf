/**
 * The part of a BigCommerce v2 order the relay reads, as returned by
 * `GET /v2/orders/{id}?include=consignments.line_items&consignment_structure=object` (and, as an array,
 * by `GET /v2/orders` with the same parameters). Field names follow the `order_Resp`,
 * `orderConsignment_Get`, `shippingConsignment_Get`, `orderProducts` and `orderProductAppliedDiscounts`
 * schemas of BigCommerce's orders.v2 OpenAPI document.
 *
 * Lenient where BigCommerce adds or omits what the mapping does not use (unknown fields are stripped,
 * optional amounts default to zero); strict on what the mapping needs, and every refusal names the field.
 * Order-level amounts are decimal strings; shipping-consignment costs are numbers in the spec, so both are
 * accepted there. Amounts stay as the decimal text BigCommerce sent (server/iom/money.ts parses them).
 */
import { z } from 'zod';
import { AppError, describeIssues } from '../errors';

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A decimal string such as "69.8400". */
const decimal = z
  .string({ error: 'must be a decimal string such as "12.3400"' })
  .trim()
  .regex(DECIMAL, 'must be a decimal string such as "12.3400"');

/** A decimal string or a JSON number, kept as decimal text. */
const decimalOrNumber = z
  .union([decimal, z.number().finite()], {
    error: 'must be a decimal number or string such as 6.2 or "6.2000"',
  })
  .transform((value) => (typeof value === 'number' ? value.toFixed(4) : value));

const optionalDecimal = decimal.optional().default('0');
const optionalDecimalOrNumber = decimalOrNumber.optional().default('0');

/** An RFC-2822 date as BigCommerce writes it ("Thu, 20 Jun 2019 16:07:08 +0000"). */
const rfc2822 = z
  .string({ error: 'must be a date such as "Thu, 20 Jun 2019 16:07:08 +0000"' })
  .refine((value) => !Number.isNaN(Date.parse(value)), {
    message: 'must be a date such as "Thu, 20 Jun 2019 16:07:08 +0000"',
  });

const text = z.string().optional().default('');
const nullableText = z.string().nullable().optional().default(null);
const count = (what: string) => z.number({ error: `must be ${what}` }).int(`must be ${what}`);

const addressFields = {
  first_name: text,
  last_name: text,
  company: text,
  street_1: text,
  street_2: text,
  city: text,
  state: text,
  zip: text,
  country: text,
  country_iso2: text,
  phone: text,
  email: text,
};

export const billingAddressSchema = z.object(addressFields);

export const appliedDiscountSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  amount: decimalOrNumber,
  name: text,
  code: nullableText,
  target: z.string().optional().default('order'),
});

export const orderLineItemSchema = z.object({
  /** The order_product_id (what shipments refer to). */
  id: count('the numeric order product id'),
  product_id: count('the numeric product id'),
  variant_id: z.number().int().nullable().optional().default(null),
  order_address_id: count('the numeric order address id of its consignment'),
  sku: z.string({ error: 'must be the SKU text (may be empty)' }),
  name: text,
  quantity: count('a whole quantity').min(0, 'must not be negative'),
  quantity_shipped: z.number().optional().default(0),
  price_ex_tax: decimal,
  price_inc_tax: decimal,
  total_ex_tax: decimal,
  total_inc_tax: decimal,
  total_tax: decimal,
  applied_discounts: z.array(appliedDiscountSchema).optional().default([]),
  is_bundled_product: z.boolean().optional().default(false),
  parent_order_product_id: z.number().int().nullable().optional().default(null),
});

export const shippingConsignmentSchema = z.object({
  id: count('the numeric consignment id'),
  ...addressFields,
  shipping_method: text,
  cost_ex_tax: optionalDecimalOrNumber,
  cost_inc_tax: optionalDecimalOrNumber,
  line_items: z.array(orderLineItemSchema, {
    error: 'must be the expanded line items: request the order with include=consignments.line_items',
  }),
});

export const orderSchema = z.object({
  id: count('the numeric order id').positive('must be positive'),
  status_id: count('the numeric status id'),
  status: text,
  date_created: rfc2822,
  date_modified: rfc2822,
  customer_id: z.number({ error: 'must be the numeric customer id (0 for a guest)' }).int(),
  payment_status: text,
  currency_code: z
    .string({ error: 'must be the ISO 4217 currency code, e.g. "USD"' })
    .regex(/^[A-Za-z]{3}$/, 'must be the ISO 4217 currency code, e.g. "USD"')
    .transform((code) => code.toUpperCase()),
  subtotal_ex_tax: decimal,
  subtotal_inc_tax: decimal,
  shipping_cost_ex_tax: decimal,
  shipping_cost_inc_tax: decimal,
  handling_cost_ex_tax: optionalDecimal,
  handling_cost_inc_tax: optionalDecimal,
  wrapping_cost_ex_tax: optionalDecimal,
  wrapping_cost_inc_tax: optionalDecimal,
  total_ex_tax: decimal,
  total_inc_tax: decimal,
  total_tax: decimal,
  discount_amount: optionalDecimal,
  coupon_discount: optionalDecimal,
  customer_message: text,
  external_order_id: nullableText,
  billing_address: billingAddressSchema,
  consignments: z.object(
    {
      shipping: z.array(shippingConsignmentSchema).optional().default([]),
    },
    {
      error:
        'must be the consignments object: request the order with include=consignments.line_items&consignment_structure=object',
    },
  ),
});

export type BigCommerceOrder = z.infer<typeof orderSchema>;
export type BigCommerceShippingConsignment = z.infer<typeof shippingConsignmentSchema>;
export type BigCommerceOrderLineItem = z.infer<typeof orderLineItemSchema>;
export type BigCommerceAppliedDiscount = z.infer<typeof appliedDiscountSchema>;
export type BigCommerceAddress = z.infer<typeof billingAddressSchema>;

/** An order BigCommerce sent that the relay cannot read; the message names each field. */
export class BigCommerceOrderError extends AppError {
  constructor(message: string) {
    super(502, 'bigcommerce_order_invalid', message, { retriable: false });
    this.name = 'BigCommerceOrderError';
  }
}

function idOf(raw: unknown): string {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'number' ? ` ${id}` : '';
}

/** One order from `GET /v2/orders/{id}?include=consignments.line_items&consignment_structure=object`. */
export function parseBigCommerceOrder(raw: unknown): BigCommerceOrder {
  const parsed = orderSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BigCommerceOrderError(
      `BigCommerce order${idOf(raw)} cannot be read: ${describeIssues(parsed.error.issues)}.`,
    );
  }
  return parsed.data;
}

/** The list from `GET /v2/orders` with the same parameters (an empty page may come back as no body). */
export function parseBigCommerceOrderList(raw: unknown): BigCommerceOrder[] {
  if (raw === null || raw === undefined || raw === '') return [];
  if (!Array.isArray(raw))
    throw new BigCommerceOrderError('BigCommerce order list cannot be read: not an array.');
  return raw.map((item, index) => {
    const parsed = orderSchema.safeParse(item);
    if (!parsed.success) {
      throw new BigCommerceOrderError(
        `BigCommerce order${idOf(item)} (item ${index} of the list) cannot be read: ${describeIssues(parsed.error.issues)}.`,
      );
    }
    return parsed.data;
  });
}

/** Milliseconds since the epoch of a BigCommerce RFC-2822 date (NaN if it is not one). */
export function bigCommerceDateMs(value: string): number {
  return Date.parse(value);
}

/** When the order was created, in ms since the epoch. */
export function orderCreatedMs(order: Pick<BigCommerceOrder, 'date_created'>): number {
  return bigCommerceDateMs(order.date_created);
}

/** When the order was last modified, in ms since the epoch. */
export function orderModifiedMs(order: Pick<BigCommerceOrder, 'date_modified'>): number {
  return bigCommerceDateMs(order.date_modified);
}
