import { z } from 'zod';
import { parseMoney, type Money } from './money';
import { STANDARD_PROVIDERS } from './tracking-links';

/** The bodies of `POST` and `PUT /v2/orders/{id}/shipments[/{shipment_id}]` (orderShipment_Post/_Put). */

const providerSchema = z
  .string()
  .refine(
    (v) => (STANDARD_PROVIDERS as readonly string[]).includes(v) || /^carrier_[A-Za-z0-9_-]+$/.test(v),
    {
      message: `"" or one of ${STANDARD_PROVIDERS.filter((p) => p !== '').join(', ')}, or carrier_{your_carrier_id}`,
    },
  );
/** An AfterShip courier slug (https://www.aftership.com/docs/tracking/others/supported-couriers) or "". */
const carrierSchema = z.string().regex(/^([a-z0-9][a-z0-9-]{0,49})?$/, {
  message: '"" or an AfterShip courier slug such as usps, ups, fedex, dhl',
});
const moneySchema = z
  .string()
  .regex(/^\d{1,10}(\.\d{1,4})?$/, { message: 'a decimal string such as "1.0000"' })
  .transform((v) => parseMoney(v));

const commonFields = {
  order_address_id: z.int().positive(),
  tracking_number: z.string().max(50, { message: 'at most 50 characters' }),
  tracking_link: z.string().max(500, { message: 'at most 500 characters' }),
  merchant_shipping_cost: moneySchema,
  shipping_method: z.string().max(250),
  shipping_provider: providerSchema,
  tracking_carrier: carrierSchema,
  comments: z.string().max(65535),
};

export const shipmentPostSchema = z
  .object({
    ...commonFields,
    items: z
      .array(
        z
          .object({
            order_product_id: z.int().positive(),
            quantity: z.int().min(1, { message: 'ship at least 1 unit' }),
          })
          .strict(),
      )
      .min(1, { message: 'a shipment needs at least one item' })
      .refine((items) => new Set(items.map((i) => i.order_product_id)).size === items.length, {
        message: 'list each order_product_id once',
      }),
  })
  .partial({
    tracking_number: true,
    tracking_link: true,
    merchant_shipping_cost: true,
    shipping_method: true,
    shipping_provider: true,
    tracking_carrier: true,
    comments: true,
  })
  .strict();

/** PUT cannot change the items (orderShipment_Put has none). */
export const shipmentPutSchema = z.object(commonFields).partial().strict();

/** A shipment to create, whoever asks (the API or the merchant). */
export interface NewShipment {
  orderAddressId: number;
  items: Array<{ orderProductId: number; quantity: number }>;
  trackingNumber: string;
  trackingCarrier: string;
  shippingProvider: string;
  shippingMethod: string;
  trackingLink: string;
  comments: string;
  merchantShippingCost: Money;
}

export type ShipmentChanges = Partial<Omit<NewShipment, 'items'>>;

export function newShipmentFrom(body: z.output<typeof shipmentPostSchema>): NewShipment {
  return {
    orderAddressId: body.order_address_id,
    items: body.items.map((i) => ({ orderProductId: i.order_product_id, quantity: i.quantity })),
    trackingNumber: body.tracking_number ?? '',
    trackingCarrier: body.tracking_carrier ?? '',
    shippingProvider: body.shipping_provider ?? '',
    shippingMethod: body.shipping_method ?? '',
    trackingLink: body.tracking_link ?? '',
    comments: body.comments ?? '',
    merchantShippingCost: body.merchant_shipping_cost ?? 0,
  };
}

export function shipmentChangesFrom(body: z.output<typeof shipmentPutSchema>): ShipmentChanges {
  const changes: ShipmentChanges = {
    orderAddressId: body.order_address_id,
    trackingNumber: body.tracking_number,
    trackingCarrier: body.tracking_carrier,
    shippingProvider: body.shipping_provider,
    shippingMethod: body.shipping_method,
    trackingLink: body.tracking_link,
    comments: body.comments,
    merchantShippingCost: body.merchant_shipping_cost,
  };
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as ShipmentChanges;
}

/** The merchant's "Ship items" in the control panel; items default to everything not yet shipped. */
export const merchantShipmentSchema = z
  .object({
    items: z
      .array(z.object({ orderProductId: z.int().positive(), quantity: z.int().min(1) }).strict())
      .min(1)
      .optional(),
    trackingNumber: commonFields.tracking_number.default(''),
    trackingCarrier: carrierSchema.default(''),
    shippingProvider: providerSchema.default(''),
    shippingMethod: commonFields.shipping_method.default(''),
    trackingLink: commonFields.tracking_link.default(''),
    comments: commonFields.comments.default(''),
  })
  .strict();
export type MerchantShipmentInput = z.input<typeof merchantShipmentSchema>;
export type MerchantShipmentParsed = z.output<typeof merchantShipmentSchema>;
