/**
 * The settings form without React: what the fields start with, which fields changed (PUT /api/settings
 * takes a partial body), and the server's field errors (`error.fields`) attached to the fields they name.
 */
import type { FieldErrorView, SettingsView } from '../server/http/api-types';

/** Every setting, in form order; also the field names the server's errors use. */
export const SETTINGS_FIELDS = [
  'syncEnabled',
  'defaultAccountId',
  'priceListId',
  'unitId',
  'warehouseId',
  'accountStrategy',
  'unmappedSkuPolicy',
  'statusAllowList',
  'goLiveDate',
] as const satisfies ReadonlyArray<keyof SettingsView>;

export type SettingsField = (typeof SETTINGS_FIELDS)[number];

export const SETTINGS_LABELS: Record<SettingsField, string> = {
  syncEnabled: 'Sync orders to IOM',
  defaultAccountId: 'IOM account',
  priceListId: 'Price list',
  unitId: 'Default unit',
  warehouseId: 'Warehouse',
  accountStrategy: 'Account per customer',
  unmappedSkuPolicy: 'Unmapped SKUs',
  statusAllowList: 'Statuses to import',
  goLiveDate: 'Go-live date',
};

/** What the merchant has chosen; `goLiveDate` is the date input's value ('' for none). */
export type SettingsFormValues = Omit<SettingsView, 'goLiveDate'> & { goLiveDate: string };

export type SettingsFieldErrors = Partial<Record<SettingsField, string>>;

/** A go-live date as the date input shows it: the calendar date of a date or date-time. */
function dateInputValue(goLiveDate: string | null): string {
  return goLiveDate ? goLiveDate.slice(0, 10) : '';
}

export function settingsFormValues(saved: SettingsView): SettingsFormValues {
  return {
    ...saved,
    statusAllowList: [...saved.statusAllowList],
    goLiveDate: dateInputValue(saved.goLiveDate),
  };
}

function sameStatuses(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((id) => set.has(id));
}

/** The PUT body: only the fields whose value differs from the saved settings. */
export function changedSettings(values: SettingsFormValues, saved: SettingsView): Partial<SettingsView> {
  const changes: Partial<SettingsView> = {};
  if (values.syncEnabled !== saved.syncEnabled) changes.syncEnabled = values.syncEnabled;
  if (values.accountStrategy !== saved.accountStrategy) changes.accountStrategy = values.accountStrategy;
  if (values.unmappedSkuPolicy !== saved.unmappedSkuPolicy)
    changes.unmappedSkuPolicy = values.unmappedSkuPolicy;
  for (const field of ['defaultAccountId', 'priceListId', 'unitId', 'warehouseId'] as const) {
    if (values[field] !== saved[field]) changes[field] = values[field];
  }
  if (!sameStatuses(values.statusAllowList, saved.statusAllowList)) {
    changes.statusAllowList = [...values.statusAllowList];
  }
  if (values.goLiveDate !== dateInputValue(saved.goLiveDate)) {
    changes.goLiveDate = values.goLiveDate === '' ? null : values.goLiveDate;
  }
  return changes;
}

function isSettingsField(name: string): name is SettingsField {
  return (SETTINGS_FIELDS as readonly string[]).includes(name);
}

/**
 * The server's field errors by form field, each read after the field's label ("IOM account is required
 * to turn syncing on: …"); `statusAllowList[1]` belongs to `statusAllowList`. Errors that name no form
 * field are returned in `other`, as "field: message".
 */
export function settingsFieldErrors(fields: readonly FieldErrorView[]): {
  byField: SettingsFieldErrors;
  other: string[];
} {
  const byField: SettingsFieldErrors = {};
  const other: string[] = [];
  for (const { field, message } of fields) {
    const name = field.split('[', 1)[0] ?? '';
    if (!isSettingsField(name)) {
      other.push(field ? `${field}: ${message}` : message);
      continue;
    }
    const text = `${SETTINGS_LABELS[name]} ${message}`;
    const previous = byField[name];
    if (previous !== text) byField[name] = previous ? `${previous}; ${message}` : text;
  }
  return { byField, other };
}

/** "Fix the field marked in red: IOM account." for the fields that have errors, in form order. */
export function describeSettingsErrors(errors: SettingsFieldErrors): string | null {
  const labels = SETTINGS_FIELDS.filter((field) => errors[field]).map((field) => SETTINGS_LABELS[field]);
  if (labels.length === 0) return null;
  if (labels.length === 1) return `Fix the field marked in red: ${labels[0]}.`;
  return `Fix the ${labels.length} fields marked in red: ${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}.`;
}
