/**
 * What each needs-attention cause means in the merchant's words, and where its fix is. The server's
 * message and fix (per order) say the details; these say what the group is.
 */
import type { AttentionGroupView } from '../../../server/http/api-types';

export interface CauseText {
  title: string;
  /** What is wrong, in one sentence. */
  explain: string;
  /** A page that holds the fix, if the fix is not on this page. */
  page?: { label: string; path: string };
}

const CONNECTION = { label: 'Open IOM connection', path: '/connection' };
const SETTINGS = { label: 'Open Settings', path: '/settings' };

const INBOUND: Record<string, CauseText> = {
  unmapped_sku: {
    title: 'Products IOM does not know',
    explain:
      'These orders have SKUs that match no IOM product number. Map each SKU to an IOM product below; its orders are then sent.',
  },
  missing_reference: {
    title: 'A setting IOM needs is missing',
    explain:
      'IOM needs an account, price list or unit the settings do not name. Choose it in Settings, then retry.',
    page: SETTINGS,
  },
  authentication: {
    title: 'IOM refused the sign-in',
    explain:
      'Microsoft Entra ID refused the app’s credentials, so no order can be sent. Fix the connection and test it; the orders are then sent by themselves.',
    page: CONNECTION,
  },
  not_connected: {
    title: 'IOM is not connected',
    explain: 'These orders arrived before IOM was connected. Connect IOM and test it; they are then sent.',
    page: CONNECTION,
  },
  throttled: {
    title: 'IOM kept asking to slow down',
    explain:
      'Dataverse’s service protection limits turned these orders away ten times in a row. Retry them now.',
  },
  iom_unavailable: {
    title: 'IOM could not be reached',
    explain: 'IOM did not answer after ten attempts. Retry once IOM answers again.',
  },
  iom_rejected: {
    title: 'IOM refused the order',
    explain: 'Dataverse refused the sales order. Correct what it names, then retry.',
  },
  invalid_order: {
    title: 'The order cannot be sent as it is',
    explain: 'Something in the BigCommerce order stops it. Check the order, then retry.',
  },
  no_lines: {
    title: 'Orders without products',
    explain: 'IOM needs at least one product line. Check the order in BigCommerce.',
  },
  unmatched_line: {
    title: 'Lines that could not be matched',
    explain:
      'A line changed in BigCommerce could not be matched with the IOM order. Check the order, then retry.',
  },
  change_after_fulfilment: {
    title: 'Changed after IOM started fulfilling',
    explain:
      'The order changed in BigCommerce after IOM began fulfilling it. Make the same change in IOM by hand.',
  },
  order_deleted: {
    title: 'Deleted in BigCommerce',
    explain: 'The order is gone from BigCommerce. Nothing can be sent.',
  },
  bigcommerce_unavailable: {
    title: 'BigCommerce could not be read',
    explain: 'BigCommerce did not answer after ten attempts. Retry in a moment.',
  },
};

const OUTBOUND: Record<string, CauseText> = {
  unmapped_carrier: {
    title: 'IOM carriers without a BigCommerce carrier',
    explain:
      'IOM shipped with carriers BigCommerce has no match for, so those shipments wait. Map each carrier below; the shipments are then written.',
  },
  iom_schema: {
    title: 'IOM’s fulfillment tables could not be read',
    explain:
      'IOM’s shipment or return tables (or some of their columns) were not found, so updates from IOM wait. Name them in IOM connection › IOM schema, then retry.',
    page: CONNECTION,
  },
};

/** The group's title and explanation (its own message for a cause this version does not know). */
export function causeText(group: AttentionGroupView): CauseText {
  const known = (group.direction === 'outbound' ? OUTBOUND : INBOUND)[group.code];
  if (known) return known;
  return {
    title:
      group.direction === 'outbound' ? 'IOM’s updates could not be written' : 'Orders IOM has not received',
    explain: group.message,
  };
}

/** Whether the orders can be retried from here (some causes need a change elsewhere first). */
export function retryable(group: AttentionGroupView): boolean {
  return group.code !== 'order_deleted' && group.code !== 'change_after_fulfilment';
}

/** A stable key of a group (the same code can hold orders on both sides). */
export function groupKey(group: Pick<AttentionGroupView, 'direction' | 'code'>): string {
  return `${group.direction}:${group.code}`;
}

export function ordersText(count: number): string {
  return count === 1 ? '1 order' : `${count} orders`;
}
