import { Text } from '@bigcommerce/big-design';

/** Formats an ISO-8601 time for the browser's locale; shows the raw value if it is not a date. */
export function formatDateTime(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(date);
}

export function DateTime({ iso }: { iso: string }) {
  return (
    <Text as="span">
      <time dateTime={iso}>{formatDateTime(iso)}</time>
    </Text>
  );
}
