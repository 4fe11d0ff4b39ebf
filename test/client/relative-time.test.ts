import { formatDateTime, formatRelativeTime } from '../../client/components/DateTime';

describe('formatRelativeTime', () => {
  const now = Date.parse('2026-03-04T15:30:00Z');
  const ago = (ms: number) => new Date(now - ms).toISOString();

  it('says "just now" for the last 45 seconds, and for a clock a little ahead', () => {
    expect(formatRelativeTime(ago(0), now, 'en-US')).toBe('just now');
    expect(formatRelativeTime(ago(44_000), now, 'en-US')).toBe('just now');
    expect(formatRelativeTime(ago(-30_000), now, 'en-US')).toBe('just now');
  });

  it('counts whole minutes, then whole hours, within a day', () => {
    expect(formatRelativeTime(ago(50_000), now, 'en-US')).toBe('1 minute ago');
    expect(formatRelativeTime(ago(5 * 60_000 + 40_000), now, 'en-US')).toBe('5 minutes ago');
    expect(formatRelativeTime(ago(59 * 60_000 + 59_000), now, 'en-US')).toBe('59 minutes ago');
    expect(formatRelativeTime(ago(60 * 60_000), now, 'en-US')).toBe('1 hour ago');
    expect(formatRelativeTime(ago(23 * 3_600_000 + 59 * 60_000), now, 'en-US')).toBe('23 hours ago');
  });

  it('gives the full date and time from a day back, and for times well in the future', () => {
    const dayAgo = ago(24 * 3_600_000);
    expect(formatRelativeTime(dayAgo, now, 'en-US')).toBe(formatDateTime(dayAgo, 'en-US'));
    expect(formatRelativeTime(dayAgo, now, 'en-US')).toMatch(/^March 3, 2026/);
    const future = ago(-5 * 60_000);
    expect(formatRelativeTime(future, now, 'en-US')).toBe(formatDateTime(future, 'en-US'));
  });

  it('shows the raw value when it is not a date', () => {
    expect(formatRelativeTime('soon', now, 'en-US')).toBe('soon');
  });
});
