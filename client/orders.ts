/** How the order pages name and colour an order's sync state. */
import type { BadgeProps } from '@bigcommerce/big-design';

import type { OrderLinkView, OrderSyncState } from '../server/http/api-types';

export const STATE_LABELS: Record<OrderSyncState, string> = {
  synced: 'Synced',
  needs_attention: 'Needs attention',
  skipped: 'Skipped',
  pending: 'Pending',
};

export const STATE_BADGES: Record<OrderSyncState, BadgeProps['variant']> = {
  synced: 'success',
  needs_attention: 'danger',
  skipped: 'secondary',
  pending: 'warning',
};

/** The filter tabs of the order list, in order; `all` shows every state. */
export const STATE_FILTERS: ReadonlyArray<{ id: OrderSyncState | 'all'; title: string }> = [
  { id: 'all', title: 'All' },
  { id: 'synced', title: 'Synced' },
  { id: 'needs_attention', title: 'Needs attention' },
  { id: 'skipped', title: 'Skipped' },
  { id: 'pending', title: 'Pending' },
];

/** The one line that says what is wrong with an order, if anything: attention, error or skip reason. */
export function orderProblem(order: OrderLinkView): string | null {
  return order.attention?.message ?? order.lastError ?? order.skipReason ?? null;
}

/**
 * A noun agreeing with its count, for BigDesign tables (which put the count before `itemName`) and
 * sentences: `plural(1, 'event')` is "event", `plural(3, 'event')` "events".
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return count === 1 ? singular : pluralForm;
}

/** "1 order", "3 orders". */
export function countOf(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${plural(count, singular, pluralForm)}`;
}

/** The order in the BigCommerce control panel (opens outside the app's iframe); `controlPanelUrl` comes
 *  from GET /api/session. */
export function controlPanelOrderUrl(controlPanelUrl: string, orderId: number | string): string {
  return `${controlPanelUrl.replace(/\/+$/, '')}/orders/${encodeURIComponent(String(orderId))}`;
}

/** The sales order in IOM (the Dynamics 365 record page of the environment). */
export function iomSalesOrderUrl(environmentUrl: string, salesOrderId: string): string {
  const base = environmentUrl.replace(/\/+$/, '');
  return `${base}/main.aspx?etn=salesorder&id=${encodeURIComponent(salesOrderId)}&pagetype=entityrecord`;
}
