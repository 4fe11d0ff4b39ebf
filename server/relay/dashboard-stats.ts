/**
 * The dashboard's numbers (GET /api/dashboard), each from an indexed count or a read of a handful of
 * documents, so its cost does not grow with the store's order history. What each one costs is said
 * where it is read; in total about 60 indexed counts, 12 small document reads and, at most every
 * WEBHOOK_CHECK_TTL_MS per store, one BigCommerce call.
 */
import { storeClient } from '../bigcommerce/store-client';
import { listWebhooks, ORDER_WEBHOOK_SCOPES } from '../bigcommerce/webhooks';
import { callbackUrls } from '../config';
import type { AppDeps } from '../deps';
import type {
  DashboardConnection,
  DashboardResponse,
  DashboardWebhooks,
  SeriesPoint,
} from '../http/dashboard-api-types';
import type { ConnectionRecord, StoreRecord } from '../storage/types';
import { lastHours, lastLocalDays } from './local-days';
import { readSettings } from './store-settings';

/** How long BigCommerce's hook list is trusted before the dashboard asks again. */
export const WEBHOOK_CHECK_TTL_MS = 5 * 60_000;
/** Timeline events shown as recent activity. */
const RECENT_EVENTS = 6;

type HookCheck = Pick<DashboardWebhooks, 'state' | 'active' | 'expected' | 'missing' | 'checkedAt' | 'error'>;

/** Reads the store's order webhooks from BigCommerce, at most once per WEBHOOK_CHECK_TTL_MS per store. */
export type WebhookChecker = (store: StoreRecord) => Promise<HookCheck>;

export function createWebhookChecker(deps: AppDeps): WebhookChecker {
  const cache = new Map<string, { at: number; check: HookCheck }>();
  return async (store) => {
    const now = deps.clock().getTime();
    const cached = cache.get(store.hash);
    if (cached && now - cached.at < WEBHOOK_CHECK_TTL_MS) return cached.check;
    const expected = ORDER_WEBHOOK_SCOPES.length;
    let check: HookCheck;
    try {
      // One BigCommerce request (the app's hooks fit one page of 250).
      const hooks = await listWebhooks(storeClient(deps, store));
      const destination = callbackUrls(deps.config.appUrl).webhooks;
      const live = new Set(
        hooks.filter((h) => h.destination === destination && h.is_active !== false).map((h) => h.scope),
      );
      const missing = ORDER_WEBHOOK_SCOPES.filter((scope) => !live.has(scope));
      check = {
        state: missing.length === 0 ? 'active' : 'incomplete',
        active: expected - missing.length,
        expected,
        missing,
        checkedAt: new Date(now).toISOString(),
        error: null,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Not cached: the next look asks again.
      return { state: 'unknown', active: 0, expected, missing: [], checkedAt: null, error: message };
    }
    cache.set(store.hash, { at: now, check });
    return check;
  };
}

function connectionView(connection: ConnectionRecord | null): DashboardConnection {
  if (!connection)
    return { state: 'not_connected', environmentUrl: null, lastTest: null, pausedReason: null };
  const lastTest = connection.lastTest
    ? { ok: connection.lastTest.ok, testedAt: connection.lastTest.testedAt }
    : null;
  const base = { environmentUrl: connection.environmentUrl, lastTest, pausedReason: null };
  if (connection.relayPause) return { ...base, state: 'paused', pausedReason: connection.relayPause.reason };
  if (!lastTest) return { ...base, state: 'untested' };
  return { ...base, state: lastTest.ok ? 'connected' : 'failing' };
}

/** The dashboard of one store; `timeZone` (a valid IANA name) sets where "today" and the days begin. */
export async function dashboardStats(
  deps: AppDeps,
  store: StoreRecord,
  timeZone: string,
  checkWebhooks: WebhookChecker,
): Promise<DashboardResponse> {
  const now = deps.clock();
  const storeHash = store.hash;
  const hours = lastHours(now, 24);
  const days = lastLocalDays(timeZone, now, 30);
  const todayStart = days.starts[days.starts.length - 1]!.toISOString();

  const series = (starts: Date[], end: Date): Promise<SeriesPoint[]> =>
    Promise.all(
      starts.map(async (start, i) => {
        const before = (starts[i + 1] ?? end).toISOString();
        // One indexed count per bar (orderLinks by storeHash, syncedAt).
        const count = await deps.storage.orderLinks.countSynced(storeHash, {
          from: start.toISOString(),
          before,
        });
        return { start: start.toISOString(), count };
      }),
    );

  const [
    connection,
    settings,
    webhooks,
    lastWebhook,
    lastOrder,
    queued,
    inboundAttention,
    outboundAttention,
    shipmentsToday,
    hourly,
    daily,
    recent,
  ] = await Promise.all([
    deps.storage.connections.get(storeHash), // one document
    deps.storage.settings.get(storeHash), // one document
    checkWebhooks(store), // cached; one BigCommerce call every few minutes
    deps.storage.events.listForStore(storeHash, { limit: 1, type: 'webhook.received' }), // ≤ 2 documents
    deps.storage.orderLinks.latest(storeHash), // one document
    deps.storage.orderLinks.countByState(storeHash, 'pending'), // indexed count
    deps.storage.orderLinks.countByState(storeHash, 'needs_attention'), // indexed count
    deps.storage.outbound.countAttention(storeHash), // indexed count
    deps.storage.events.countForStore(storeHash, { type: 'shipment.created', since: todayStart }), // indexed count
    series(hours.starts, hours.end), // 24 indexed counts
    series(days.starts, days.end), // 30 indexed counts
    deps.storage.events.listForStore(storeHash, { limit: RECENT_EVENTS }), // ≤ 7 documents
  ]);

  const webhook = lastWebhook.items[0];
  return {
    generatedAt: now.toISOString(),
    timeZone,
    syncEnabled: readSettings(settings).syncEnabled,
    connection: connectionView(connection),
    webhooks: {
      ...webhooks,
      lastReceivedAt: webhook?.at ?? null,
      lastReceivedOrderId: webhook?.orderId ?? null,
    },
    lastOrder: lastOrder
      ? {
          orderId: lastOrder.orderId,
          createdAt: lastOrder.orderCreatedAt ?? null,
          state: lastOrder.syncState,
        }
      : null,
    counts: {
      queued,
      syncedToday: daily[daily.length - 1]!.count,
      needsAttention: inboundAttention + outboundAttention,
      shipmentsToday,
    },
    series: { hourly, daily },
    recent: recent.items.map((e) => ({
      id: e.id,
      at: e.at,
      orderId: e.orderId,
      direction: e.direction,
      type: e.type,
      message: e.message,
    })),
  };
}
