/**
 * The dashboard's one-line verdict. "Connected" alone never claims orders flow: it says whether syncing
 * is on and whether anything has been relayed, and names the next step when something is missing.
 */
import type { DashboardResponse } from '../../../server/http/dashboard-api-types';
import { countOf } from '../../orders';

export type HealthTone = 'success' | 'warning' | 'error' | 'info';

export interface HealthHeadline {
  tone: HealthTone;
  text: string;
  /** The in-app page that fixes it, and the words of the link. */
  action?: { label: string; path: string };
}

export function healthHeadline(d: DashboardResponse): HealthHeadline {
  const fixConnection = { label: 'Check the connection', path: '/connection' };
  switch (d.connection.state) {
    case 'not_connected':
      return {
        tone: 'error',
        text: 'Not connected to IOM',
        action: { label: 'Connect IOM', path: '/connection' },
      };
    case 'untested':
      return {
        tone: 'warning',
        text: 'The IOM connection has not been tested',
        action: { label: 'Test the connection', path: '/connection' },
      };
    case 'failing':
      return { tone: 'error', text: 'The last IOM connection test failed', action: fixConnection };
    case 'paused':
      return {
        tone: 'error',
        text: 'IOM refused the connection · orders are waiting',
        action: fixConnection,
      };
    case 'connected':
      break;
  }
  if (!d.syncEnabled)
    return {
      tone: 'warning',
      text: 'Connected · syncing is off',
      action: { label: 'Start syncing', path: '/settings' },
    };
  if (d.webhooks.state === 'incomplete')
    return {
      tone: 'warning',
      text: `Connected · ${countOf(d.webhooks.missing.length, 'order webhook')} missing or inactive in BigCommerce (checked hourly and repaired)`,
    };
  const relayed30d = d.series.daily.reduce((sum, p) => sum + p.count, 0);
  if (d.lastOrder === null) return { tone: 'info', text: 'Connected · syncing is on · no order relayed yet' };
  if (relayed30d === 0)
    return { tone: 'info', text: 'Connected · syncing is on · no order relayed in the last 30 days' };
  return {
    tone: 'success',
    text: `Connected · syncing · ${countOf(d.counts.syncedToday, 'order')} relayed today`,
  };
}
