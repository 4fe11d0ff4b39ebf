import { z } from 'zod';
import { CATALOG_SKUS } from './catalog';
import { STATUS_IDS } from './order-statuses';

/** Inputs of the order merchant actions, validated before anything is stored. */

const text = (max: number) => z.string().trim().max(max);
const required = (max: number) => z.string().trim().min(1).max(max);

const addressFields = z.object({
  first_name: required(255),
  last_name: required(255),
  company: text(255),
  street_1: required(255),
  street_2: text(255),
  city: required(50),
  state: required(50),
  zip: required(20),
  country_iso2: z.string().regex(/^[A-Z]{2}$/, 'a two-letter ISO 3166-1 country code'),
  phone: text(50),
  email: z.email(),
});

export const addressInputSchema = addressFields.extend({
  company: text(255).default(''),
  street_2: text(255).default(''),
  phone: text(50).default(''),
  email: z.email().default('buyer@example.com'),
});
/** A change to an address: only the given fields change. */
export const addressChangeSchema = addressFields.partial().strict();
export type AddressInput = z.input<typeof addressInputSchema>;

const statusIdSchema = z
  .int()
  .refine((id) => STATUS_IDS.includes(id), { message: `a BigCommerce status id (${STATUS_IDS.join(', ')})` });

export const placeOrderSchema = z
  .object({
    lines: z
      .array(
        z.object({
          sku: z.enum(CATALOG_SKUS, { message: `one of the catalog's SKUs: ${CATALOG_SKUS.join(', ')}` }),
          quantity: z.int().min(1).max(1000),
          /** Index into `addresses` (default 0). */
          address: z.int().min(0).default(0),
        }),
      )
      .min(1, 'an order needs at least one line'),
    addresses: z.array(addressInputSchema).min(1).max(10).optional(),
    billingAddress: addressInputSchema.optional(),
    coupon: z
      .object({
        code: required(50),
        percent: z.number().gt(0).max(100).optional(),
        amount: z.number().gt(0).optional(),
      })
      .refine((c) => (c.percent === undefined) !== (c.amount === undefined), {
        message: 'give the coupon either a percent or an amount',
      })
      .optional(),
    paymentStatus: z.enum(['captured', 'pending', 'declined']).default('captured'),
    statusId: statusIdSchema.optional(),
    customerEmail: z.email().optional(),
    customerMessage: text(65535).default(''),
    currencyCode: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code')
      .default('USD'),
  })
  .superRefine((input, ctx) => {
    const count = input.addresses?.length ?? 1;
    input.lines.forEach((line, i) => {
      if (line.address >= count)
        ctx.addIssue({
          code: 'custom',
          path: ['lines', i, 'address'],
          message: `address index ${line.address} but the order has ${count} address(es)`,
        });
    });
  });
export type PlaceOrderInput = z.input<typeof placeOrderSchema>;
export type PlaceOrderParsed = z.output<typeof placeOrderSchema>;

export const updateOrderSchema = z
  .object({
    statusId: statusIdSchema.optional(),
    customerMessage: text(65535).optional(),
    staffNotes: text(65535).optional(),
    externalOrderId: text(255).optional(),
    billingAddress: addressChangeSchema.optional(),
    /** Changes one shipping address: `id` is its order_address_id (default: the first). */
    shippingAddress: addressChangeSchema.extend({ id: z.int().positive().optional() }).optional(),
    /** Changes existing lines (by order product id); clears their discounts, as BigCommerce does. */
    products: z
      .array(z.object({ id: z.int().positive(), quantity: z.int().min(0).max(1000).optional() }).strict())
      .min(1)
      .optional(),
  })
  .strict();
export type UpdateOrderInput = z.input<typeof updateOrderSchema>;
export type UpdateOrderParsed = z.output<typeof updateOrderSchema>;

export const orderIdSchema = z.int().min(1);
export const statusIdInputSchema = statusIdSchema;
export const orderCountSchema = z.int().min(1).max(10_000);
