import type { AppDeps } from '../deps';
import type { DataverseClient } from '../iom/dataverse-client';
import { DataverseError } from '../iom/errors';
import type { ConnectionRecord } from '../storage/types';
import {
  parseNotificationSettingsUpdate,
  readNotificationSettings,
  type NotificationSettings,
} from '../notifications/notification-settings';
import {
  parseOutboundSettingsUpdate,
  readOutboundSettings,
  type OutboundSettings,
} from './outbound-settings';
import {
  NOTIFICATIONS_MEMBER,
  OUTBOUND_MEMBER,
  parseSettingsUpdate,
  readSettings,
  SettingsValidationError,
  type FieldError,
  type InboundSettings,
} from './store-settings';

/** Each id setting and the IOM table it names. */
const ID_FIELDS: Array<{ field: keyof InboundSettings; collection: string; idColumn: string; what: string }> =
  [
    { field: 'defaultAccountId', collection: 'accounts', idColumn: 'accountid', what: 'account' },
    { field: 'priceListId', collection: 'pricelevels', idColumn: 'pricelevelid', what: 'price list' },
    { field: 'unitId', collection: 'uoms', idColumn: 'uomid', what: 'unit' },
    {
      field: 'warehouseId',
      collection: 'msdyn_warehouses',
      idColumn: 'msdyn_warehouseid',
      what: 'warehouse',
    },
  ];

/**
 * Apply `PUT /api/settings`: validate the body over the current settings (the inbound fields and the
 * `outbound` member, every field error of both reported at once), check that every id that changed
 * exists in IOM (400 naming the field otherwise), store, and return old and new settings.
 */
export async function updateSettings(
  deps: Pick<AppDeps, 'storage' | 'iom' | 'clock'>,
  storeHash: string,
  body: unknown,
): Promise<{
  before: InboundSettings;
  after: InboundSettings;
  outbound: { before: OutboundSettings; after: OutboundSettings };
  notifications: { before: NotificationSettings; after: NotificationSettings };
}> {
  const stored = await deps.storage.settings.get(storeHash);
  const before = readSettings(stored);
  const outboundBefore = readOutboundSettings(stored);
  const notificationsBefore = readNotificationSettings(stored);
  const { after, outboundAfter, notificationsAfter } = parseAll(
    before,
    outboundBefore,
    notificationsBefore,
    body,
  );
  const changed = ID_FIELDS.filter(({ field }) => after[field] !== null && after[field] !== before[field]);
  if (changed.length > 0) {
    const connection = await deps.storage.connections.get(storeHash);
    const errors = connection
      ? await missingIds(
          deps.iom.clientFor(connection, { maxWaitMs: 5_000, timeoutMs: 10_000, maxAttempts: 2 }),
          after,
          changed,
          connection,
        )
      : changed.map(({ field, what }) => ({
          field,
          message: `cannot be checked: connect IOM first, then choose the ${what}`,
        }));
    if (errors.length > 0) throw new SettingsValidationError(errors);
  }
  await deps.storage.settings.put(
    storeHash,
    { ...after, [OUTBOUND_MEMBER]: outboundAfter, [NOTIFICATIONS_MEMBER]: notificationsAfter },
    deps.clock(),
  );
  return {
    before,
    after,
    outbound: { before: outboundBefore, after: outboundAfter },
    notifications: { before: notificationsBefore, after: notificationsAfter },
  };
}

/** Every member of the update, or one SettingsValidationError with the field errors of all. */
function parseAll(
  before: InboundSettings,
  outboundBefore: OutboundSettings,
  notificationsBefore: NotificationSettings,
  body: unknown,
): { after: InboundSettings; outboundAfter: OutboundSettings; notificationsAfter: NotificationSettings } {
  const errors: FieldError[] = [];
  let after = before;
  try {
    after = parseSettingsUpdate(before, body);
  } catch (error) {
    if (!(error instanceof SettingsValidationError)) throw error;
    errors.push(...error.fields);
  }
  let outboundAfter = outboundBefore;
  const outboundBody = isObject(body) ? body[OUTBOUND_MEMBER] : undefined;
  if (outboundBody !== undefined) {
    const parsed = parseOutboundSettingsUpdate(outboundBefore, outboundBody);
    if (parsed.settings) outboundAfter = parsed.settings;
    else errors.push(...parsed.errors);
  }
  let notificationsAfter = notificationsBefore;
  const notificationsBody = isObject(body) ? body[NOTIFICATIONS_MEMBER] : undefined;
  if (notificationsBody !== undefined) {
    const parsed = parseNotificationSettingsUpdate(notificationsBefore, notificationsBody);
    if (parsed.settings) notificationsAfter = parsed.settings;
    else errors.push(...parsed.errors);
  }
  if (errors.length > 0) throw new SettingsValidationError(errors);
  return { after, outboundAfter, notificationsAfter };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function missingIds(
  client: DataverseClient,
  settings: InboundSettings,
  fields: typeof ID_FIELDS,
  connection: ConnectionRecord,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const { field, collection, idColumn, what } of fields) {
    const id = String(settings[field]);
    try {
      await client.call(
        `check ${what}`,
        (api) =>
          api.retrieve({
            collection,
            key: id,
            select: [idColumn],
          }),
        {
          idempotent: true,
        },
      );
    } catch (error) {
      if (error instanceof DataverseError && (error.upstreamStatus === 404 || error.upstreamStatus === 400)) {
        errors.push({
          field,
          message: `names no ${what} in ${connection.environmentUrl}: pick one from the list`,
        });
      } else throw error;
    }
  }
  return errors;
}
