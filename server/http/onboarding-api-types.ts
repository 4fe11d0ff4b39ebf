/** Response types of the onboarding routes (server/http/routes/onboarding.ts). */

/** GET /api/onboarding: whether the store still needs the first-run flow. */
export interface OnboardingStatusResponse {
  /** An IOM connection is saved. */
  connected: boolean;
  /** Syncing is on now, or was on once (the relay has linked an order). */
  syncStarted: boolean;
}

/** One BigCommerce order as the onboarding preview lists it. */
export interface RecentOrderView {
  id: number;
  /** ISO-8601. */
  createdAt: string;
  customerEmail: string;
  /** Grand total with tax, as BigCommerce writes it ("108.0000"). */
  total: string;
  currency: string;
  status: string;
  statusId: number;
}

/** GET /api/bigcommerce/recent-orders: the store's newest orders, newest first (empty: none yet). */
export interface RecentOrdersResponse {
  orders: RecentOrderView[];
}
