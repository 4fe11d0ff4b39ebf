/**
 * A store's inbound settings: which BigCommerce orders the relay sends to IOM and with which IOM
 * references. Stored as the free-form StoreSettings document (server/storage/types.ts); this module gives
 * it its shape. `readSettings` tolerates what older versions stored; `parseSettingsUpdate` validates a
 * `PUT /api/settings` body and answers every problem as `{ field, message }`, the message saying what to
 * do. Whether the ids exist in IOM is checked elsewhere (against the connected environment).
 */
import { z } from 'zod';
import { ValidationError } from '../errors';

/** BigCommerce's order statuses (GET /v2/order_statuses), id → name, for messages and the settings screen. */
export const BIGCOMMERCE_ORDER_STATUSES: Readonly<Record<number, string>> = Object.freeze({
  0: 'Incomplete',
  1: 'Pending',
  2: 'Shipped',
  3: 'Partially Shipped',
  4: 'Refunded',
  5: 'Cancelled',
  6: 'Declined',
  7: 'Awaiting Payment',
  8: 'Awaiting Pickup',
  9: 'Awaiting Shipment',
  10: 'Completed',
  11: 'Awaiting Fulfillment',
  12: 'Manual Verification Required',
  13: 'Disputed',
  14: 'Partially Refunded',
});

/** The name of a BigCommerce status id ("status 42" for one BigCommerce may add later). */
export function statusName(id: number): string {
  return BIGCOMMERCE_ORDER_STATUSES[id] ?? `status ${id}`;
}

export type AccountStrategy = 'default' | 'per-customer';
export type UnmappedSkuPolicy = 'park' | 'write-in';

export interface InboundSettings {
  /** Send orders to IOM at all. */
  syncEnabled: boolean;
  /** BigCommerce status ids an order must have to be sent. */
  statusAllowList: number[];
  /** ISO-8601 date or date-time; orders created before it are skipped. */
  goLiveDate: string | null;
  /** One IOM account for every order, or one per BigCommerce customer (falling back to the default). */
  accountStrategy: AccountStrategy;
  defaultAccountId: string | null;
  priceListId: string | null;
  unitId: string | null;
  warehouseId: string | null;
  /** A line whose SKU has no IOM product: hold the order ('park') or send it as a write-in line. */
  unmappedSkuPolicy: UnmappedSkuPolicy;
}

export const DEFAULT_SETTINGS: Readonly<InboundSettings> = Object.freeze({
  syncEnabled: false,
  statusAllowList: [11, 9, 8],
  goLiveDate: null,
  accountStrategy: 'default',
  defaultAccountId: null,
  priceListId: null,
  unitId: null,
  warehouseId: null,
  unmappedSkuPolicy: 'park',
});

export interface FieldError {
  field: string;
  message: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const STATUS_IDS = Object.keys(BIGCOMMERCE_ORDER_STATUSES).map(Number);
const STATUS_HINT = `use BigCommerce status ids 0–14 (11 ${statusName(11)}, 9 ${statusName(9)}, 8 ${statusName(8)}, …)`;

function guid(what: string) {
  return z
    .string({ error: `must be the ${what} GUID (pick it from the list), or null` })
    .trim()
    .regex(
      GUID,
      `must be the ${what} GUID like 5b3a1c8e-7d2f-4e6a-9b1c-0d2e3f4a5b6c (pick it from the list), or null`,
    )
    .transform((value) => value.toLowerCase())
    .nullable();
}

/** Whether `value` is an ISO-8601 date (2026-12-01) or date-time with an offset, and a real one. */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value) && !ISO_DATE_TIME.test(value)) return false;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return false;
  // Date.parse rolls 2026-02-30 over to March; compare the calendar date it read.
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1));
  return date.getUTCFullYear() === year && date.getUTCMonth() + 1 === month && date.getUTCDate() === day;
}

/** The instant the go-live date starts (a bare date: midnight UTC), in ms; null for no go-live date. */
export function goLiveMs(settings: Pick<InboundSettings, 'goLiveDate'>): number | null {
  if (settings.goLiveDate === null) return null;
  const value = ISO_DATE.test(settings.goLiveDate) ? `${settings.goLiveDate}T00:00:00Z` : settings.goLiveDate;
  return Date.parse(value);
}

const fields = {
  syncEnabled: z.boolean({ error: 'must be true or false' }),
  statusAllowList: z
    .array(
      z
        .number({ error: `must be a status id: ${STATUS_HINT}` })
        .int(`must be a whole status id: ${STATUS_HINT}`)
        .refine((id) => STATUS_IDS.includes(id), { message: `is not a BigCommerce status: ${STATUS_HINT}` }),
      { error: `must be a list of status ids, e.g. [11, 9, 8]` },
    )
    .min(1, 'must name at least one status; to stop sending orders, set syncEnabled to false instead')
    .refine((ids) => new Set(ids).size === ids.length, {
      message: 'lists a status twice: name each status once',
    }),
  goLiveDate: z
    .string({ error: 'must be an ISO-8601 date such as 2026-12-01 (or a date-time with offset), or null' })
    .trim()
    .refine(isIsoDate, {
      message:
        'must be an ISO-8601 date such as 2026-12-01 or a date-time such as 2026-12-01T08:00:00Z, or null',
    })
    .nullable(),
  accountStrategy: z.enum(['default', 'per-customer'], {
    error: 'must be "default" (one IOM account for every order) or "per-customer" (one account per customer)',
  }),
  defaultAccountId: guid('IOM account'),
  priceListId: guid('IOM price list'),
  unitId: guid('IOM unit'),
  warehouseId: guid('IOM warehouse'),
  unmappedSkuPolicy: z.enum(['park', 'write-in'], {
    error:
      'must be "park" (hold orders with unmapped SKUs until you map them) or "write-in" (send those lines as write-in products)',
  }),
};

const updateSchema = z.strictObject(
  Object.fromEntries(Object.entries(fields).map(([name, schema]) => [name, schema.optional()])) as {
    [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]>;
  },
);

/** The member of the settings document (and of a PUT body) that outbound-settings.ts owns. */
export const OUTBOUND_MEMBER = 'outbound';

/** The member notifications/notification-settings.ts owns. */
export const NOTIFICATIONS_MEMBER = 'notifications';

const KNOWN = [...Object.keys(fields), OUTBOUND_MEMBER, NOTIFICATIONS_MEMBER];

function toFieldErrors(issues: ReadonlyArray<z.core.$ZodIssue>): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ field: key, message: `is not a setting; the settings are ${KNOWN.join(', ')}` });
      }
      continue;
    }
    const [head, ...rest] = issue.path.map(String);
    const field = head === undefined ? '' : rest.length ? `${head}[${rest.join('][')}]` : head;
    errors.push({ field, message: issue.message });
  }
  return errors;
}

/** The field errors of a refused settings update, as data (`error.fields`). */
export class SettingsValidationError extends ValidationError {
  constructor(readonly fields: FieldError[]) {
    super(`The settings are not valid: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}.`);
    this.name = 'SettingsValidationError';
  }
}

/** Problems that involve more than one field (after merging the update over the current settings). */
function crossFieldErrors(next: InboundSettings, touched: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = [];
  if (
    next.syncEnabled &&
    next.defaultAccountId === null &&
    (touched.has('syncEnabled') || touched.has('defaultAccountId'))
  ) {
    errors.push({
      field: 'defaultAccountId',
      message:
        next.accountStrategy === 'default'
          ? 'is required to turn syncing on: choose the IOM account the orders are booked to'
          : 'is required to turn syncing on: choose the IOM account for customers without their own',
    });
  }
  if (
    next.syncEnabled &&
    next.priceListId === null &&
    (touched.has('syncEnabled') || touched.has('priceListId'))
  ) {
    errors.push({
      field: 'priceListId',
      message: 'is required to turn syncing on: choose the IOM price list',
    });
  }
  return errors;
}

/**
 * The settings after `PUT /api/settings` with `body` (a partial update over `current`). Unknown fields,
 * wrong types and bad values are refused with a SettingsValidationError listing each field's problem.
 * The body's `outbound` member is left to parseOutboundSettingsUpdate (outbound-settings.ts).
 */
export function parseSettingsUpdate(current: InboundSettings, body: unknown): InboundSettings {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SettingsValidationError([{ field: '', message: 'send the settings as a JSON object' }]);
  }
  // The outbound member is validated by outbound-settings.ts (settings-update.ts joins the two).
  const {
    [OUTBOUND_MEMBER]: _outbound,
    [NOTIFICATIONS_MEMBER]: _notifications,
    ...inbound
  } = body as Record<string, unknown>;
  const parsed = updateSchema.safeParse(inbound);
  if (!parsed.success) throw new SettingsValidationError(toFieldErrors(parsed.error.issues));
  const update = Object.fromEntries(
    Object.entries(parsed.data).filter(([, value]) => value !== undefined),
  ) as Partial<InboundSettings>;
  const next: InboundSettings = {
    ...current,
    ...update,
    statusAllowList: [...(update.statusAllowList ?? current.statusAllowList)],
  };
  const errors = crossFieldErrors(next, new Set(Object.keys(update)));
  if (errors.length > 0) throw new SettingsValidationError(errors);
  return next;
}

/**
 * The settings a store has, from what storage holds (null, an older or partial document, even a value
 * that no longer validates): each field that is missing or invalid gets its default.
 */
export function readSettings(stored: unknown): InboundSettings {
  const source =
    typeof stored === 'object' && stored !== null && !Array.isArray(stored)
      ? (stored as Record<string, unknown>)
      : {};
  const settings: Record<string, unknown> = {
    ...DEFAULT_SETTINGS,
    statusAllowList: [...DEFAULT_SETTINGS.statusAllowList],
  };
  for (const [name, schema] of Object.entries(fields)) {
    if (!(name in source)) continue;
    const parsed = schema.safeParse(source[name]);
    if (parsed.success) settings[name] = parsed.data;
  }
  return settings as unknown as InboundSettings;
}

/** Why an order is not sent (null: it is). Pure; the caller logs or shows the reason. */
export function skipReason(
  order: { id: number; status_id: number; date_created: string },
  settings: InboundSettings,
): string | null {
  if (!settings.syncEnabled) return 'Syncing is turned off in Settings.';
  if (!settings.statusAllowList.includes(order.status_id)) {
    const allowed = settings.statusAllowList.map(statusName).join(', ');
    return `Order ${order.id} is ${statusName(order.status_id)}; only orders that are ${allowed} are sent.`;
  }
  const goLive = goLiveMs(settings);
  const created = Date.parse(order.date_created);
  if (goLive !== null && !(created >= goLive)) {
    return `Order ${order.id} was created before the go-live date ${settings.goLiveDate}.`;
  }
  return null;
}
