/**
 * A store's outbound settings: how what IOM did to a sales order (shipped, cancelled, returned) is
 * written back to the BigCommerce order. Stored under `outbound` in the store's settings document
 * (next to the inbound fields of store-settings.ts). `readOutboundSettings` tolerates documents from
 * before the outbound relay existed; `parseOutboundSettingsUpdate` validates the `outbound` object of a
 * `PUT /api/settings` body, answering every problem as `{ field, message }` with `outbound.` paths.
 */
import { z } from 'zod';
import { BIGCOMMERCE_ORDER_STATUSES, statusName, type FieldError } from './store-settings';

/** The IOM outcomes the status map covers, in the order the settings screen lists them. */
export const OUTBOUND_OUTCOMES = [
  'partiallyShipped',
  'shipped',
  'cancelRequested',
  'cancelled',
  'partiallyReturned',
  'returned',
] as const;

export type OutboundOutcome = (typeof OUTBOUND_OUTCOMES)[number];

export interface OutboundSettings {
  /** IOM outcome → the BigCommerce status id to set; null leaves the status alone. */
  statusMap: Record<OutboundOutcome, number | null>;
  /** BigCommerce status ids in which the relay never changes an order (no status change, no shipment). */
  lockedStatuses: number[];
  /** BigCommerce → IOM: whether a BigCommerce cancellation cancels the IOM order ('cancel') or is only recorded ('record'). */
  onBigCommerceCancel: 'cancel' | 'record';
  /** Seconds between polls of IOM's changes for this store; null = the deployment's IOM_POLL_INTERVAL_S. */
  pollIntervalSeconds: number | null;
  /** Move money in BigCommerce (v3 refunds) when IOM receives a return; off = status only. */
  refundsEnabled: boolean;
}

export const MIN_POLL_INTERVAL_S = 5;
export const MAX_POLL_INTERVAL_S = 3600;

export const DEFAULT_OUTBOUND_SETTINGS: Readonly<OutboundSettings> = Object.freeze({
  statusMap: Object.freeze({
    partiallyShipped: 3,
    shipped: 2,
    cancelRequested: null,
    cancelled: 5,
    partiallyReturned: 14,
    returned: 4,
  }),
  lockedStatuses: Object.freeze([4, 5, 10]) as unknown as number[],
  onBigCommerceCancel: 'cancel',
  pollIntervalSeconds: null,
  refundsEnabled: false,
});

const STATUS_IDS = Object.keys(BIGCOMMERCE_ORDER_STATUSES).map(Number);
const STATUS_HINT = `use a BigCommerce status id 0–14 (2 ${statusName(2)}, 3 ${statusName(3)}, 5 ${statusName(5)}, …)`;

const statusId = (what: string) =>
  z
    .number({ error: `must be a status id or null ${what}: ${STATUS_HINT}` })
    .int(`must be a whole status id: ${STATUS_HINT}`)
    .refine((id) => STATUS_IDS.includes(id), { message: `is not a BigCommerce status: ${STATUS_HINT}` });

const statusMapFields = Object.fromEntries(
  OUTBOUND_OUTCOMES.map((outcome) => [outcome, statusId('(null leaves the status alone)').nullable()]),
) as Record<OutboundOutcome, z.ZodNullable<ReturnType<typeof statusId>>>;

const fields = {
  statusMap: z.strictObject(
    Object.fromEntries(OUTBOUND_OUTCOMES.map((o) => [o, statusMapFields[o].optional()])) as {
      [K in OutboundOutcome]: z.ZodOptional<(typeof statusMapFields)[K]>;
    },
    { error: `must be an object of IOM outcomes (${OUTBOUND_OUTCOMES.join(', ')}) → status id or null` },
  ),
  lockedStatuses: z
    .array(
      z
        .number({ error: `must be a status id: ${STATUS_HINT}` })
        .int(`must be a whole status id: ${STATUS_HINT}`)
        .refine((id) => STATUS_IDS.includes(id), { message: `is not a BigCommerce status: ${STATUS_HINT}` }),
      { error: 'must be a list of status ids, e.g. [4, 5, 10] (an empty list locks no status)' },
    )
    .refine((ids) => new Set(ids).size === ids.length, {
      message: 'lists a status twice: name each status once',
    }),
  onBigCommerceCancel: z.enum(['cancel', 'record'], {
    error:
      'must be "cancel" (a BigCommerce cancellation cancels the IOM order) or "record" (it is only noted on the order)',
  }),
  pollIntervalSeconds: z
    .number({
      error: `must be a number of seconds from ${MIN_POLL_INTERVAL_S} to ${MAX_POLL_INTERVAL_S}, or null for the deployment's default`,
    })
    .int(`must be a whole number of seconds from ${MIN_POLL_INTERVAL_S} to ${MAX_POLL_INTERVAL_S}`)
    .min(
      MIN_POLL_INTERVAL_S,
      `must be at least ${MIN_POLL_INTERVAL_S} seconds; for faster updates let IOM push its changes (POST /iom/events)`,
    )
    .max(MAX_POLL_INTERVAL_S, `must be at most ${MAX_POLL_INTERVAL_S} seconds (one hour)`)
    .nullable(),
  refundsEnabled: z.boolean({
    error: 'must be true (refund in BigCommerce) or false (change the status only)',
  }),
};

const updateSchema = z.strictObject(
  Object.fromEntries(Object.entries(fields).map(([name, schema]) => [name, schema.optional()])) as {
    [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]>;
  },
);

const KNOWN = Object.keys(fields);
const PREFIX = 'outbound';

function toFieldErrors(issues: ReadonlyArray<z.core.$ZodIssue>): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      const inStatusMap = path[0] === 'statusMap';
      for (const key of issue.keys) {
        errors.push({
          field: [PREFIX, ...path, key].join('.'),
          message: inStatusMap
            ? `is not an IOM outcome; the outcomes are ${OUTBOUND_OUTCOMES.join(', ')}`
            : `is not an outbound setting; the outbound settings are ${KNOWN.join(', ')}`,
        });
      }
      continue;
    }
    // Objects by dots (outbound.statusMap.shipped), list items by index (outbound.lockedStatuses[1]).
    let field = PREFIX;
    for (const part of path) field += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
    errors.push({ field, message: issue.message });
  }
  return errors;
}

function copy(settings: OutboundSettings): OutboundSettings {
  return {
    ...settings,
    statusMap: { ...settings.statusMap },
    lockedStatuses: [...settings.lockedStatuses],
  };
}

/**
 * The outbound settings after a `PUT /api/settings` whose `outbound` member is `body` (a partial update
 * over `current`; `statusMap` is partial too). Returns the field errors instead of throwing, so the
 * caller can report them together with the inbound ones.
 */
export function parseOutboundSettingsUpdate(
  current: OutboundSettings,
  body: unknown,
): { settings: OutboundSettings; errors: [] } | { settings: null; errors: FieldError[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      settings: null,
      errors: [
        {
          field: PREFIX,
          message: `must be an object with any of ${KNOWN.join(', ')}, e.g. { "refundsEnabled": true }`,
        },
      ],
    };
  }
  const parsed = updateSchema.safeParse(body);
  if (!parsed.success) return { settings: null, errors: toFieldErrors(parsed.error.issues) };
  const update = parsed.data;
  const next = copy(current);
  if (update.statusMap) {
    for (const outcome of OUTBOUND_OUTCOMES) {
      const value = update.statusMap[outcome];
      if (value !== undefined) next.statusMap[outcome] = value;
    }
  }
  if (update.lockedStatuses !== undefined) next.lockedStatuses = [...update.lockedStatuses];
  if (update.onBigCommerceCancel !== undefined) next.onBigCommerceCancel = update.onBigCommerceCancel;
  if (update.pollIntervalSeconds !== undefined) next.pollIntervalSeconds = update.pollIntervalSeconds;
  if (update.refundsEnabled !== undefined) next.refundsEnabled = update.refundsEnabled;
  return { settings: next, errors: [] };
}

/**
 * The outbound settings a store has, from its whole stored settings document (null, one from before the
 * outbound relay, or one holding values that no longer validate): each missing or invalid value gets
 * its default, one status-map entry at a time.
 */
export function readOutboundSettings(storedDocument: unknown): OutboundSettings {
  const settings = copy(DEFAULT_OUTBOUND_SETTINGS);
  const source = objectOrEmpty(objectOrEmpty(storedDocument)[PREFIX]);
  const map = objectOrEmpty(source.statusMap);
  for (const outcome of OUTBOUND_OUTCOMES) {
    if (!(outcome in map)) continue;
    const parsed = statusMapFields[outcome].safeParse(map[outcome]);
    if (parsed.success) settings.statusMap[outcome] = parsed.data;
  }
  const locked = fields.lockedStatuses.safeParse(source.lockedStatuses);
  if (locked.success) settings.lockedStatuses = locked.data;
  const onCancel = fields.onBigCommerceCancel.safeParse(source.onBigCommerceCancel);
  if (onCancel.success) settings.onBigCommerceCancel = onCancel.data;
  if ('pollIntervalSeconds' in source) {
    const poll = fields.pollIntervalSeconds.safeParse(source.pollIntervalSeconds);
    if (poll.success) settings.pollIntervalSeconds = poll.data;
  }
  const refunds = fields.refundsEnabled.safeParse(source.refundsEnabled);
  if (refunds.success) settings.refundsEnabled = refunds.data;
  return settings;
}

/** The seconds between two polls of IOM for a store: its own setting, else the deployment's. */
export function pollIntervalSeconds(settings: OutboundSettings, deploymentDefaultS: number): number {
  return settings.pollIntervalSeconds ?? deploymentDefaultS;
}

/** Whether the relay must leave an order in this BigCommerce status alone. */
export function isLocked(settings: OutboundSettings, statusId: number): boolean {
  return settings.lockedStatuses.includes(statusId);
}

function objectOrEmpty(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
