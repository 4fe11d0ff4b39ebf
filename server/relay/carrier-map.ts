/**
 * Which BigCommerce shipment carrier an IOM carrier name stands for. IOM's carrier is free text ("UPS",
 * "DHL Express"); a BigCommerce shipment (POST /v2/orders/{id}/shipments,
 * https://developer.bigcommerce.com/docs/rest-management/orders/order-shipments) takes
 * `tracking_carrier` ("" or an AfterShip courier slug, https://www.aftership.com/couriers) and
 * `shipping_provider` (one of SHIPPING_PROVIDERS, or `carrier_{id}` for a store's own carrier).
 * Common carriers have defaults; a merchant's override (a mapping of kind 'carrier') wins. Names
 * compare case-, spacing- and punctuation-insensitively ("dhl-express" is "DHL Express").
 */
import { z } from 'zod';
import type { AppDeps } from '../deps';
import type { MappingRecord } from '../storage/types';
import { ValidationError } from '../errors';
import type { FieldError } from './store-settings';

export interface CarrierTarget {
  trackingCarrier: string;
  shippingProvider: string;
}

export type ResolvedCarrier = CarrierTarget & { source: 'merchant' | 'default' };

/** BigCommerce's `shipping_provider` values, besides `carrier_{id}` (orders v2 spec, orderShipment_Post). */
export const SHIPPING_PROVIDERS = [
  '',
  'auspost',
  'canadapost',
  'endicia',
  'usps',
  'fedex',
  'royalmail',
  'ups',
  'upsready',
  'shipperhq',
] as const;

const CUSTOM_PROVIDER = /^carrier_\d+$/;

/** AfterShip slugs are lower-case words joined by hyphens (e.g. `royal-mail`, `dhl`). */
const AFTERSHIP_SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Defaults, by the names IOM users commonly type. `shipping_provider` is set where BigCommerce has a
 * native provider for the carrier, otherwise "" (the tracking carrier alone builds the link).
 */
const DEFAULTS: ReadonlyArray<{ names: string[]; target: CarrierTarget }> = [
  { names: ['UPS', 'United Parcel Service'], target: { trackingCarrier: 'ups', shippingProvider: 'ups' } },
  { names: ['FedEx', 'Federal Express'], target: { trackingCarrier: 'fedex', shippingProvider: 'fedex' } },
  {
    names: ['USPS', 'US Postal Service', 'United States Postal Service'],
    target: { trackingCarrier: 'usps', shippingProvider: 'usps' },
  },
  { names: ['DHL', 'DHL Express'], target: { trackingCarrier: 'dhl', shippingProvider: '' } },
  { names: ['Royal Mail'], target: { trackingCarrier: 'royal-mail', shippingProvider: 'royalmail' } },
  { names: ['Canada Post'], target: { trackingCarrier: 'canada-post', shippingProvider: 'canadapost' } },
  {
    names: ['Australia Post', 'AusPost'],
    target: { trackingCarrier: 'australia-post', shippingProvider: 'auspost' },
  },
  { names: ['PostNL'], target: { trackingCarrier: 'postnl', shippingProvider: '' } },
  { names: ['DPD'], target: { trackingCarrier: 'dpd', shippingProvider: '' } },
  { names: ['GLS'], target: { trackingCarrier: 'gls', shippingProvider: '' } },
  { names: ['TNT'], target: { trackingCarrier: 'tnt', shippingProvider: '' } },
  { names: ['Purolator'], target: { trackingCarrier: 'purolator', shippingProvider: '' } },
  { names: ['OnTrac'], target: { trackingCarrier: 'ontrac', shippingProvider: '' } },
];

/** The comparison key of a carrier name: lower case, without spaces, dots, hyphens or underscores. */
export function carrierKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s._\-/]+/g, '');
}

const DEFAULT_BY_KEY: ReadonlyMap<string, CarrierTarget> = new Map(
  DEFAULTS.flatMap(({ names, target }) => names.map((name) => [carrierKey(name), target] as const)),
);

/** The built-in defaults, one row per name, for `GET /api/mappings/carrier`. */
export function defaultCarriers(): Array<{ iomCarrier: string } & CarrierTarget> {
  return DEFAULTS.flatMap(({ names, target }) => names.map((iomCarrier) => ({ iomCarrier, ...target })));
}

/** The default for an IOM carrier name, or null when there is none. */
export function defaultCarrier(iomCarrierName: string): CarrierTarget | null {
  const target = DEFAULT_BY_KEY.get(carrierKey(iomCarrierName));
  return target ? { ...target } : null;
}

/** A merchant's override as stored: `source` is the carrier key, `target` JSON with the name as typed. */
export interface CarrierOverride extends CarrierTarget {
  iomCarrier: string;
  updatedAt: string;
}

export function carrierMappingRecord(
  storeHash: string,
  iomCarrier: string,
  target: CarrierTarget,
  now: Date,
): MappingRecord {
  return {
    storeHash,
    kind: 'carrier',
    source: carrierKey(iomCarrier),
    target: JSON.stringify({ name: iomCarrier, ...target }),
    updatedAt: now.toISOString(),
  };
}

const storedTarget = z.object({
  name: z.string(),
  trackingCarrier: z.string(),
  shippingProvider: z.string(),
});

/** The override a mapping record holds; null for one that does not parse (never written by us). */
export function carrierOverrideOf(mapping: MappingRecord): CarrierOverride | null {
  let json: unknown;
  try {
    json = JSON.parse(mapping.target);
  } catch {
    return null;
  }
  const parsed = storedTarget.safeParse(json);
  if (!parsed.success) return null;
  return {
    iomCarrier: parsed.data.name,
    trackingCarrier: parsed.data.trackingCarrier,
    shippingProvider: parsed.data.shippingProvider,
    updatedAt: mapping.updatedAt,
  };
}

/**
 * What a shipment from IOM carrier `iomCarrierName` is created with in BigCommerce: the merchant's
 * override, else the default; null when neither exists (the relay parks the shipment with attention
 * code `unmapped_carrier`).
 */
export async function resolveCarrier(
  deps: Pick<AppDeps, 'storage'>,
  storeHash: string,
  iomCarrierName: string,
): Promise<ResolvedCarrier | null> {
  const key = carrierKey(iomCarrierName);
  if (key === '') return null;
  const mapping = await deps.storage.mappings.get(storeHash, 'carrier', key);
  const override = mapping ? carrierOverrideOf(mapping) : null;
  if (override) {
    return {
      trackingCarrier: override.trackingCarrier,
      shippingProvider: override.shippingProvider,
      source: 'merchant',
    };
  }
  const fallback = defaultCarrier(iomCarrierName);
  return fallback ? { ...fallback, source: 'default' } : null;
}

const PROVIDER_LIST = SHIPPING_PROVIDERS.map((p) => (p === '' ? '"" (none)' : p)).join(', ');

export const carrierNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty: use the carrier name exactly as IOM shows it, e.g. "DHL Express"')
  .max(100, 'must be at most 100 characters')
  .refine((name) => carrierKey(name) !== '', { message: 'must contain letters or digits, e.g. "UPS"' });

const carrierBody = z.strictObject(
  {
    trackingCarrier: z
      .string({ error: 'must be an AfterShip courier slug such as "ups" or "royal-mail", or "" for none' })
      .trim()
      .toLowerCase()
      .max(100, 'must be at most 100 characters')
      .refine((slug) => slug === '' || AFTERSHIP_SLUG.test(slug), {
        message:
          'must be an AfterShip courier slug (lower-case words joined by hyphens, e.g. "ups", "royal-mail"; see https://www.aftership.com/couriers), or "" for none',
      }),
    shippingProvider: z
      .string({ error: `must be one of ${PROVIDER_LIST}, or carrier_{id}` })
      .trim()
      .refine(
        (value) => (SHIPPING_PROVIDERS as readonly string[]).includes(value) || CUSTOM_PROVIDER.test(value),
        { message: `is not a BigCommerce shipping provider: use one of ${PROVIDER_LIST}, or carrier_{id}` },
      ),
  },
  { error: 'send { "trackingCarrier": "…", "shippingProvider": "…" }' },
);

/** A `PUT /api/mappings/carrier/{iomCarrier}` body, or its field errors. */
export function parseCarrierTarget(
  body: unknown,
): { target: CarrierTarget; errors: [] } | { target: null; errors: FieldError[] } {
  const parsed = carrierBody.safeParse(body);
  // Both empty is a choice too: the carrier is known, its shipments go without a carrier.
  if (parsed.success) return { target: parsed.data, errors: [] };
  const errors: FieldError[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        errors.push({
          field: key,
          message: 'is not a carrier field; send trackingCarrier and shippingProvider',
        });
      continue;
    }
    errors.push({ field: issue.path.map(String).join('.'), message: issue.message });
  }
  return { target: null, errors };
}

/** A refused carrier mapping, its field errors as data (`error.fields`). */
export class CarrierMappingValidationError extends ValidationError {
  constructor(readonly fields: FieldError[]) {
    super(
      `The carrier mapping is not valid: ${fields.map((f) => (f.field ? `${f.field} ${f.message}` : f.message)).join('; ')}.`,
    );
    this.name = 'CarrierMappingValidationError';
  }
}
