/** Day and hour boundaries in a merchant's time zone (IANA name), as UTC instants. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a time zone this runtime knows (`Europe/Berlin`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock date and time in `timeZone` at `ms`. */
function wallClock(timeZone: string, ms: number): { y: number; m: number; d: number; asUtc: number } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const y = parts.year!;
  const m = parts.month!;
  const d = parts.day!;
  return { y, m, d, asUtc: Date.UTC(y, m - 1, d, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0) };
}

/** The UTC instant of local midnight of the date y-m-d (month 1-12; days past the month roll over). */
function localMidnight(timeZone: string, y: number, m: number, d: number): number {
  const naive = Date.UTC(y, m - 1, d);
  let guess = naive;
  // Two passes settle the offset across a DST change.
  for (let i = 0; i < 2; i++) guess = naive - (wallClock(timeZone, guess).asUtc - guess);
  return guess;
}

/** The starts of the last `days` local days (oldest first) and the end of today, as UTC instants. */
export function lastLocalDays(timeZone: string, now: Date, days: number): { starts: Date[]; end: Date } {
  const today = wallClock(timeZone, now.getTime());
  const starts = Array.from(
    { length: days },
    (_, i) => new Date(localMidnight(timeZone, today.y, today.m, today.d - (days - 1 - i))),
  );
  return { starts, end: new Date(localMidnight(timeZone, today.y, today.m, today.d + 1)) };
}

/** The starts of the last `hours` whole hours (oldest first; the last is the current hour). */
export function lastHours(now: Date, hours: number): { starts: Date[]; end: Date } {
  const hour = 3_600_000;
  const current = Math.floor(now.getTime() / hour) * hour;
  const starts = Array.from({ length: hours }, (_, i) => new Date(current - (hours - 1 - i) * hour));
  return { starts, end: new Date(current + hour) };
}
