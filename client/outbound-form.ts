/**
 * The outbound settings forms without React: their starting values, the PUT body of what changed, and
 * the server's `outbound.…` field errors attached to the fields they name. Two panels share it: the
 * status map and its locks (Mappings › Order statuses, StatusMapPanel) and the rest (Settings,
 * OutboundSettingsPanel); each edits only its own fields, so the diff holds only those.
 */
import type { FieldErrorView, OutboundSettingsView } from '../server/http/api-types';
import type { OutboundSettingsChanges } from './hooks/relay';

export type OutboundOutcome = keyof OutboundSettingsView['statusMap'];

/** The outcomes in form order, with their labels. */
export const OUTCOME_LABELS: ReadonlyArray<{ outcome: OutboundOutcome; label: string; description: string }> =
  [
    { outcome: 'partiallyShipped', label: 'Partly shipped', description: 'IOM shipped some of the lines.' },
    { outcome: 'shipped', label: 'Shipped', description: 'IOM shipped every line.' },
    {
      outcome: 'cancelRequested',
      label: 'Cancellation requested',
      description: 'IOM is cancelling the order.',
    },
    { outcome: 'cancelled', label: 'Cancelled', description: 'IOM cancelled the order.' },
    {
      outcome: 'partiallyReturned',
      label: 'Partly returned',
      description: 'IOM received a return of some lines.',
    },
    { outcome: 'returned', label: 'Returned', description: 'IOM received a return of every line.' },
  ];

/** What the merchant has chosen; the poll interval is the input's text ('' for the deployment's). */
export type OutboundFormValues = Omit<OutboundSettingsView, 'pollIntervalSeconds'> & {
  pollIntervalSeconds: string;
};

export type OutboundField =
  OutboundOutcome | 'lockedStatuses' | 'onBigCommerceCancel' | 'pollIntervalSeconds' | 'refundsEnabled';

export function outboundFormValues(saved: OutboundSettingsView): OutboundFormValues {
  return {
    ...saved,
    statusMap: { ...saved.statusMap },
    lockedStatuses: [...saved.lockedStatuses],
    pollIntervalSeconds: saved.pollIntervalSeconds === null ? '' : String(saved.pollIntervalSeconds),
  };
}

/** The PUT's `outbound` object: only what differs from the saved settings. */
export function changedOutbound(
  values: OutboundFormValues,
  saved: OutboundSettingsView,
): OutboundSettingsChanges {
  const changes: OutboundSettingsChanges = {};
  const statusMap: Partial<OutboundSettingsView['statusMap']> = {};
  for (const { outcome } of OUTCOME_LABELS) {
    if (values.statusMap[outcome] !== saved.statusMap[outcome])
      statusMap[outcome] = values.statusMap[outcome];
  }
  if (Object.keys(statusMap).length > 0) changes.statusMap = statusMap;
  const locked = [...values.lockedStatuses].sort((a, b) => a - b);
  if (locked.join() !== [...saved.lockedStatuses].sort((a, b) => a - b).join())
    changes.lockedStatuses = locked;
  if (values.onBigCommerceCancel !== saved.onBigCommerceCancel)
    changes.onBigCommerceCancel = values.onBigCommerceCancel;
  if (values.refundsEnabled !== saved.refundsEnabled) changes.refundsEnabled = values.refundsEnabled;
  const poll = values.pollIntervalSeconds.trim();
  const savedPoll = saved.pollIntervalSeconds === null ? '' : String(saved.pollIntervalSeconds);
  if (poll !== savedPoll) {
    // A value that is not a number goes as sent, so the server's message explains it.
    changes.pollIntervalSeconds =
      poll === '' ? null : Number.isFinite(Number(poll)) ? Number(poll) : (poll as unknown as number);
  }
  return changes;
}

/** The server's field errors by form field (`outbound.statusMap.shipped` → shipped), and the rest. */
export function outboundFieldErrors(fields: readonly FieldErrorView[] | undefined): {
  byField: Partial<Record<OutboundField, string>>;
  other: string[];
} {
  const byField: Partial<Record<OutboundField, string>> = {};
  const other: string[] = [];
  for (const { field, message } of fields ?? []) {
    const name = field
      .replace(/^outbound\.?/, '')
      .replace(/^statusMap\./, '')
      .replace(/\[\d+\]$/, '');
    const known =
      OUTCOME_LABELS.some((o) => o.outcome === name) ||
      ['lockedStatuses', 'onBigCommerceCancel', 'pollIntervalSeconds', 'refundsEnabled'].includes(name);
    if (known) byField[name as OutboundField] ??= message;
    else other.push(field ? `${field} ${message}` : message);
  }
  return { byField, other };
}
