import { Text } from '@bigcommerce/big-design';
import { useEffect, useState } from 'react';

/** Formats an ISO-8601 time for the browser's locale; shows the raw value if it is not a date. */
export function formatDateTime(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(date);
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * "just now", "5 minutes ago", "3 hours ago" within a day of `nowMs`; the full date and time beyond
 * that (and for times in the future beyond a minute of clock skew). Raw value if it is not a date.
 */
export function formatRelativeTime(iso: string, nowMs: number, locale?: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const ago = nowMs - time;
  if (ago < -MINUTE_MS || ago >= DAY_MS) return formatDateTime(iso, locale);
  if (ago < 45_000) return 'just now';
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (ago < HOUR_MS) return relative.format(-Math.max(1, Math.floor(ago / MINUTE_MS)), 'minute');
  return relative.format(-Math.floor(ago / HOUR_MS), 'hour');
}

export function DateTime({ iso }: { iso: string }) {
  return (
    <Text as="span">
      <time dateTime={iso}>{formatDateTime(iso)}</time>
    </Text>
  );
}

/** The current time, updated every `intervalMs` while the component is mounted. */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** "5 minutes ago" that keeps itself current; the full date and time is its tooltip. */
export function RelativeTime({ iso }: { iso: string }) {
  const now = useNow(30_000);
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelativeTime(iso, now)}
    </time>
  );
}
