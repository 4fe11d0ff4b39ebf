/**
 * The first-run flow without React: its steps in order, where a store that comes back half-way starts,
 * and whether the connection test lets the merchant go on.
 */
import type { ConnectionTestView, ConnectionView, SettingsView } from '../../server/http/api-types';

export const ONBOARDING_STEPS = [
  { id: 'connect', label: 'Connect IOM' },
  { id: 'test', label: 'Test the connection' },
  { id: 'defaults', label: 'Choose defaults' },
  { id: 'filter', label: 'Choose orders' },
  { id: 'preview', label: 'Preview and go live' },
] as const;

export type OnboardingStepId = (typeof ONBOARDING_STEPS)[number]['id'];

/** The checks that stop the relay (a warning only makes the connection less sturdy). */
export function blockingChecks(result: ConnectionTestView | null): ConnectionTestView['checks'] {
  if (!result) return [];
  return result.checks.filter((check) => check.status === 'fail');
}

/** True when the last test passed every blocking check (the relay can reach IOM). */
export function connectionWorks(result: ConnectionTestView | null): boolean {
  return result !== null && result.ok && blockingChecks(result).length === 0;
}

/** Where the flow opens: the first step that is not done yet. */
export function firstOpenStep(connection: ConnectionView | null, settings: SettingsView): OnboardingStepId {
  if (!connection) return 'connect';
  if (!connectionWorks(connection.lastTest ?? null)) return 'test';
  if (settings.defaultAccountId === null || settings.priceListId === null) return 'defaults';
  return 'filter';
}

/** Today's calendar date in UTC (what a date input shows), the suggested go-live date. */
export function todayIsoDate(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
