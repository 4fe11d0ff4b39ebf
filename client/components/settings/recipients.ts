/** The recipients field without React: the list as typed, and the server's `notifications.recipients[i]` errors by row. */
import type { FieldErrorView } from '../../../server/http/api-types';

export const MAX_RECIPIENTS = 10;

/** The addresses to save: trimmed, blanks dropped. */
export function recipientList(rows: readonly string[]): string[] {
  return rows.map((row) => row.trim()).filter((row) => row !== '');
}

/**
 * The server's notification field errors: by recipient row (the index is of the saved list, which is
 * the typed rows without blanks), for the whole list, and the rest.
 */
export function notificationErrors(
  fields: readonly FieldErrorView[],
  rows: readonly string[],
): { byRow: Record<number, string>; list: string | null; other: string[] } {
  const rowOfSaved: number[] = [];
  rows.forEach((row, index) => {
    if (row.trim() !== '') rowOfSaved.push(index);
  });
  const byRow: Record<number, string> = {};
  let list: string | null = null;
  const other: string[] = [];
  for (const { field, message } of fields) {
    const item = /^notifications\.recipients\[(\d+)\]$/.exec(field);
    if (item) {
      const row = rowOfSaved[Number(item[1])] ?? Number(item[1]);
      byRow[row] = `E-mail address ${message}`;
    } else if (field === 'notifications.recipients') list = `Recipients ${message}`;
    else other.push(field ? `${field}: ${message}` : message);
  }
  return { byRow, list, other };
}
