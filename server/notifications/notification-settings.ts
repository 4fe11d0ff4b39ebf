/**
 * A store's notification settings: who gets the failure e-mails and which. Stored under `notifications`
 * in the store's settings document (next to the inbound fields of relay/store-settings.ts and the
 * `outbound` member). `readNotificationSettings` tolerates documents from before notifications existed;
 * `parseNotificationSettingsUpdate` validates the `notifications` object of a `PUT /api/settings` body,
 * answering every problem as `{ field, message }` with `notifications.` paths
 * (`notifications.recipients[1]`).
 */
import { z } from 'zod';
import { NOTIFICATIONS_MEMBER, type FieldError } from '../relay/store-settings';

export { NOTIFICATIONS_MEMBER };
export const MAX_RECIPIENTS = 10;

export interface NotificationSettings {
  /** Send e-mails at all. */
  enabled: boolean;
  /** Who gets them (at most 10 addresses). */
  recipients: string[];
  /** The digest of orders that newly need attention (at most every 15 minutes). */
  digest: boolean;
  /** A notice when the connection to IOM goes down and when it comes back. */
  connectionNotices: boolean;
}

export const DEFAULT_NOTIFICATION_SETTINGS: Readonly<NotificationSettings> = Object.freeze({
  enabled: false,
  recipients: Object.freeze([]) as unknown as string[],
  digest: true,
  connectionNotices: true,
});

const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]{2,}$/;

const fields = {
  enabled: z.boolean({ error: 'must be true or false' }),
  recipients: z
    .array(
      z
        .string({ error: 'must be an e-mail address such as ops@example.com' })
        .trim()
        .max(254, 'is too long for an e-mail address')
        .regex(EMAIL, 'is not an e-mail address: write it as name@example.com')
        .transform((value) => value.toLowerCase()),
      { error: 'must be a list of e-mail addresses, e.g. ["ops@example.com"]' },
    )
    .max(MAX_RECIPIENTS, `lists more than ${MAX_RECIPIENTS} addresses: use a shared mailbox or a list`)
    .refine((list) => new Set(list).size === list.length, {
      message: 'lists an address twice: name each address once',
    }),
  digest: z.boolean({ error: 'must be true or false' }),
  connectionNotices: z.boolean({ error: 'must be true or false' }),
};

const updateSchema = z.strictObject(
  Object.fromEntries(Object.entries(fields).map(([name, schema]) => [name, schema.optional()])) as {
    [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]>;
  },
  { error: 'must be an object: { enabled, recipients, digest, connectionNotices }' },
);

function toFieldErrors(issues: ReadonlyArray<z.core.$ZodIssue>): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({
          field: `${NOTIFICATIONS_MEMBER}.${key}`,
          message: `is not a notification setting; they are ${Object.keys(fields).join(', ')}`,
        });
      }
      continue;
    }
    let field = NOTIFICATIONS_MEMBER;
    for (const part of path) field += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
    errors.push({ field, message: issue.message });
  }
  return errors;
}

/**
 * The notification settings after a `PUT /api/settings` whose `notifications` member is `body` (a
 * partial update over `current`). Returns the field errors instead of throwing, so the caller reports
 * them together with the other settings' errors.
 */
export function parseNotificationSettingsUpdate(
  current: NotificationSettings,
  body: unknown,
): { settings: NotificationSettings; errors: [] } | { settings: null; errors: FieldError[] } {
  const parsed = updateSchema.safeParse(body);
  if (!parsed.success) return { settings: null, errors: toFieldErrors(parsed.error.issues) };
  const update = Object.fromEntries(
    Object.entries(parsed.data).filter(([, value]) => value !== undefined),
  ) as Partial<NotificationSettings>;
  const next: NotificationSettings = {
    ...current,
    ...update,
    recipients: [...(update.recipients ?? current.recipients)],
  };
  if (next.enabled && next.recipients.length === 0) {
    return {
      settings: null,
      errors: [
        {
          field: `${NOTIFICATIONS_MEMBER}.recipients`,
          message: 'needs at least one e-mail address to turn notifications on',
        },
      ],
    };
  }
  return { settings: next, errors: [] };
}

/** The store's notification settings from its settings document; missing or invalid fields get their default. */
export function readNotificationSettings(stored: unknown): NotificationSettings {
  const doc = isObject(stored) ? stored : {};
  const source = isObject(doc[NOTIFICATIONS_MEMBER]) ? doc[NOTIFICATIONS_MEMBER] : {};
  const settings: Record<string, unknown> = {
    ...DEFAULT_NOTIFICATION_SETTINGS,
    recipients: [],
  };
  for (const [name, schema] of Object.entries(fields)) {
    if (!(name in source)) continue;
    const parsed = schema.safeParse(source[name]);
    if (parsed.success) settings[name] = parsed.data;
  }
  return settings as unknown as NotificationSettings;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
