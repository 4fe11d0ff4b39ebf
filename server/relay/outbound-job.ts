/**
 * The outbound relay's per-order job: bring one BigCommerce order up to date with what IOM did to its
 * sales order (shipments with tracking, status, cancellation, returns). Anything that learns of an IOM
 * change (the poll of IOM's change tracking, the push endpoint, a merchant's re-sync) enqueues it; jobs
 * coalesce per order, and the task reads the whole current picture, so a repeated or late trigger
 * changes nothing.
 */
export const OUTBOUND_ORDER_JOB = 'order.outbound';

export function outboundJobKey(orderId: number): string {
  return `order:${orderId}`;
}

export interface OutboundJobPayload {
  orderId: number;
  /** What triggered it, for the timeline: 'poll', 'push', 'resync', … */
  reason: string;
}
