/** GET /api/dashboard: the relay's health at a glance (types only; the client imports them type-only). */
import type { OrderSyncState, TimelineEventView } from './api-types';

/**
 * `not_connected`: no IOM connection saved; `untested`: saved, never tested; `failing`: the last test
 * failed; `paused`: IOM refused the credentials while relaying (orders wait); `connected`: the last test
 * passed. Whether orders flow also depends on `syncEnabled` and on what has been relayed.
 */
export type DashboardConnectionState = 'not_connected' | 'untested' | 'failing' | 'paused' | 'connected';

export interface DashboardConnection {
  state: DashboardConnectionState;
  environmentUrl: string | null;
  lastTest: { ok: boolean; testedAt: string } | null;
  /** Why the relay is paused (state `paused`). */
  pausedReason: string | null;
}

/**
 * `active`: every order webhook is registered and active; `incomplete`: some are missing or inactive
 * (`missing` names them; the hourly health check repairs them); `unknown`: BigCommerce could not be asked.
 */
export type WebhookHealthState = 'active' | 'incomplete' | 'unknown';

export interface DashboardWebhooks {
  state: WebhookHealthState;
  /** Order webhook scopes registered, active and pointing at this app. */
  active: number;
  expected: number;
  /** The scopes that are missing or inactive. */
  missing: string[];
  /** When BigCommerce's hook list was read (it is kept for a few minutes). */
  checkedAt: string | null;
  /** Why the list could not be read (state `unknown`). */
  error: string | null;
  /** The last order webhook the app accepted, and its order. */
  lastReceivedAt: string | null;
  lastReceivedOrderId: number | null;
}

/** One bar of the chart: orders IOM first received in [start, start + one hour or one local day). */
export interface SeriesPoint {
  start: string;
  count: number;
}

export interface DashboardCounts {
  /** Orders waiting to be sent to IOM (sync state pending). */
  queued: number;
  /** Orders IOM first received since local midnight. */
  syncedToday: number;
  /** Orders held back in either direction (inbound needs attention + outbound needs attention). */
  needsAttention: number;
  /** BigCommerce shipments created from IOM since local midnight. */
  shipmentsToday: number;
}

export interface DashboardResponse {
  generatedAt: string;
  /** The IANA time zone the day boundaries were computed in. */
  timeZone: string;
  syncEnabled: boolean;
  connection: DashboardConnection;
  webhooks: DashboardWebhooks;
  /** The store's newest order IOM Connector knows (the highest order id). */
  lastOrder: { orderId: number; createdAt: string | null; state: OrderSyncState } | null;
  counts: DashboardCounts;
  series: {
    /** The last 24 whole hours, oldest first (the last bar is the current hour). */
    hourly: SeriesPoint[];
    /** The last 30 local days, oldest first (the last bar is today). */
    daily: SeriesPoint[];
  };
  /** The latest timeline events across the store's orders, newest first. */
  recent: Array<TimelineEventView & { orderId: number }>;
}
