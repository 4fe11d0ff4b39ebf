/** BigCommerce's order statuses (ids, names and the control panel's sort order), per orders.v2 `/order_statuses`. */
export interface OrderStatus {
  id: number;
  name: string;
  description: string;
  order: number;
}

export const ORDER_STATUSES: readonly OrderStatus[] = [
  {
    id: 0,
    name: 'Incomplete',
    order: 0,
    description: 'The shopper reached the payment page but did not complete the transaction.',
  },
  {
    id: 1,
    name: 'Pending',
    order: 1,
    description: 'The customer started the checkout process but did not complete it.',
  },
  {
    id: 7,
    name: 'Awaiting Payment',
    order: 2,
    description: 'The customer completed checkout, but payment is not yet confirmed.',
  },
  {
    id: 11,
    name: 'Awaiting Fulfillment',
    order: 3,
    description: 'The customer completed checkout and payment is confirmed.',
  },
  {
    id: 9,
    name: 'Awaiting Shipment',
    order: 4,
    description: 'The order is pulled and packaged and awaits collection by the carrier.',
  },
  {
    id: 8,
    name: 'Awaiting Pickup',
    order: 5,
    description: 'The order is packaged and awaits pickup by the customer.',
  },
  { id: 3, name: 'Partially Shipped', order: 6, description: 'Only some items of the order have shipped.' },
  {
    id: 10,
    name: 'Completed',
    order: 7,
    description: 'The order has shipped and receipt is confirmed, or it was picked up.',
  },
  { id: 2, name: 'Shipped', order: 8, description: 'The order has shipped, but receipt is not confirmed.' },
  { id: 5, name: 'Cancelled', order: 9, description: 'The seller cancelled the order.' },
  { id: 6, name: 'Declined', order: 10, description: 'The seller marked the order as declined.' },
  {
    id: 4,
    name: 'Refunded',
    order: 11,
    description: 'The seller used the Refund action to refund the whole order.',
  },
  {
    id: 13,
    name: 'Disputed',
    order: 12,
    description: 'The customer initiated a dispute resolution process.',
  },
  {
    id: 12,
    name: 'Manual Verification Required',
    order: 13,
    description: 'The order is on hold while some aspect needs manual confirmation.',
  },
  { id: 14, name: 'Partially Refunded', order: 14, description: 'The seller partially refunded the order.' },
];

export const STATUS_IDS = ORDER_STATUSES.map((s) => s.id);

export function statusById(id: number): OrderStatus | undefined {
  return ORDER_STATUSES.find((s) => s.id === id);
}

/** The status a new order starts in, by the outcome of its payment. */
export const STATUS_FOR_PAYMENT = { captured: 11, pending: 7, declined: 6 } as const;
