/**
 * What the failure digest sends, as a pure function of what was notified before and what needs
 * attention now. An order is in a digest once per cause: it is sent
 * again only after it was fixed (it left the attention list) and broke again, or broke for another
 * cause. Digests are at least `intervalMs` apart; nothing is sent when nothing is new.
 */

export type AttentionDirection = 'inbound' | 'outbound';

/** One order that needs attention now, for one cause. */
export interface AttentionItem {
  direction: AttentionDirection;
  orderId: number;
  code: string;
  message: string;
  fix: string;
}

/** The orders of one cause in a digest. */
export interface DigestGroup {
  direction: AttentionDirection;
  code: string;
  message: string;
  fix: string;
  count: number;
  /** The first orders of the group (at most MAX_LISTED_ORDERS), oldest id first. */
  orderIds: number[];
}

/** A digest decided on; kept until it is sent, so a crash or an SMTP failure never loses it. */
export interface PlannedDigest {
  id: string;
  plannedAt: string;
  total: number;
  groups: DigestGroup[];
}

/** What the store was last notified of (kept in storage between runs). */
export interface DigestState {
  /** When the last digest was decided on (null: never). */
  lastSentAt: string | null;
  /** Keys of the items already notified (or seen while notifications were off) that still need attention. */
  notified: string[];
  /** A digest decided on but not yet confirmed sent. */
  pending: PlannedDigest | null;
}

export const EMPTY_DIGEST_STATE: DigestState = Object.freeze({
  lastSentAt: null,
  notified: [],
  pending: null,
}) as DigestState;

export const MAX_LISTED_ORDERS = 20;

export type DigestDecision =
  /** Send `digest` (already in `state.pending`): store `state` first, then send, then clear `pending`. */
  | { type: 'send'; digest: PlannedDigest; state: DigestState }
  /** New orders, but the last digest was less than the interval ago: look again at `at`. */
  | { type: 'wait'; at: Date; state: DigestState }
  /** Nothing to send. */
  | { type: 'nothing'; state: DigestState };

export function attentionKey(item: Pick<AttentionItem, 'direction' | 'orderId' | 'code'>): string {
  return `${item.direction}:${item.orderId}:${item.code}`;
}

/**
 * Decide the next digest. `active` is false when the store's digest is off (or SMTP is not configured):
 * what needs attention now becomes the baseline, so turning the digest on reports only what breaks
 * from then on.
 */
export function planDigest(input: {
  state: DigestState;
  current: readonly AttentionItem[];
  now: Date;
  intervalMs: number;
  active: boolean;
  /** The new digest's id (the caller makes it unique). */
  id: string;
}): DigestDecision {
  const { state, current, now, intervalMs } = input;
  const currentKeys = [...new Set(current.map(attentionKey))];
  const notified = new Set(state.notified);
  const stillNotified = currentKeys.filter((key) => notified.has(key));
  if (!input.active) return { type: 'nothing', state: { ...state, notified: currentKeys } };
  const fresh = current.filter((item) => !notified.has(attentionKey(item)));
  if (fresh.length === 0) return { type: 'nothing', state: { ...state, notified: stillNotified } };
  const last = state.lastSentAt === null ? null : Date.parse(state.lastSentAt);
  if (last !== null && now.getTime() - last < intervalMs) {
    return { type: 'wait', at: new Date(last + intervalMs), state: { ...state, notified: stillNotified } };
  }
  const digest: PlannedDigest = {
    id: input.id,
    plannedAt: now.toISOString(),
    total: new Set(fresh.map((item) => `${item.direction}:${item.orderId}`)).size,
    groups: groupByCause(fresh),
  };
  return {
    type: 'send',
    digest,
    state: { lastSentAt: now.toISOString(), notified: currentKeys, pending: digest },
  };
}

function groupByCause(items: readonly AttentionItem[]): DigestGroup[] {
  const groups = new Map<string, { first: AttentionItem; orders: Set<number> }>();
  for (const item of items) {
    const id = `${item.direction}:${item.code}`;
    const group = groups.get(id) ?? { first: item, orders: new Set<number>() };
    group.orders.add(item.orderId);
    groups.set(id, group);
  }
  return [...groups.values()]
    .map(({ first, orders }) => ({
      direction: first.direction,
      code: first.code,
      message: first.message,
      fix: first.fix,
      count: orders.size,
      orderIds: [...orders].sort((a, b) => a - b).slice(0, MAX_LISTED_ORDERS),
    }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}
