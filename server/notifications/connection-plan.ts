/**
 * When to tell the merchant that the connection to IOM went down or came back, as a pure function of
 * what was last observed and what the connection record says now. One notice per transition (not per
 * failed job): "down" when a working connection stops working, "back" when it works again after a
 * "down" notice. The first observation of a store only sets the baseline.
 */
import type { ConnectionRecord } from '../storage/types';

/** `unknown`: saved but not tested since (changes nothing); `none`: no connection. */
export type ConnectionHealth = 'up' | 'down' | 'none' | 'unknown';

export interface ConnectionObservation {
  health: ConnectionHealth;
  /** Why it is down (a sentence a merchant can read); null otherwise. */
  reason: string | null;
}

export type ConnectionNoticeKind = 'down' | 'back';

export interface ConnectionNotice {
  id: string;
  kind: ConnectionNoticeKind;
  reason: string | null;
  at: string;
}

export interface ConnectionNoticeState {
  /** The health last observed (null: never looked). */
  health: ConnectionHealth | null;
  /** A "down" notice went out and no "back" notice since. */
  downNoticeSent: boolean;
  /** A notice decided on but not yet confirmed sent. */
  pending: ConnectionNotice | null;
}

export const EMPTY_CONNECTION_STATE: ConnectionNoticeState = Object.freeze({
  health: null,
  downNoticeSent: false,
  pending: null,
}) as ConnectionNoticeState;

/**
 * The connection's health from its record: down while the relay is paused (IOM refused the sign-in) or
 * the last connection test failed; up once a test passed and nothing paused it; unknown when saved
 * and not tested since; none without a connection.
 */
export function observeConnection(connection: ConnectionRecord | null): ConnectionObservation {
  if (!connection) return { health: 'none', reason: null };
  if (connection.relayPause) return { health: 'down', reason: connection.relayPause.reason };
  if (!connection.lastTest) return { health: 'unknown', reason: null };
  if (!connection.lastTest.ok) {
    const failed = connection.lastTest.checks.find((c) => c.status === 'fail');
    return {
      health: 'down',
      reason: failed ? `${failed.label}: ${failed.message}` : 'The connection test failed.',
    };
  }
  return { health: 'up', reason: null };
}

export function planConnectionNotice(input: {
  state: ConnectionNoticeState;
  observed: ConnectionObservation;
  now: Date;
  /** Whether the store wants connection notices (and SMTP is configured). */
  active: boolean;
  id: string;
}): { notice: ConnectionNotice | null; state: ConnectionNoticeState } {
  const { state, observed } = input;
  const previous = state.health;
  const notice = (kind: ConnectionNoticeKind): ConnectionNotice => ({
    id: input.id,
    kind,
    reason: observed.reason,
    at: input.now.toISOString(),
  });
  if (observed.health === 'unknown') return { notice: null, state };
  if (observed.health === 'none') {
    return { notice: null, state: { health: 'none', downNoticeSent: false, pending: state.pending } };
  }
  if (previous === 'up' && observed.health === 'down' && input.active) {
    const down = notice('down');
    return { notice: down, state: { health: 'down', downNoticeSent: true, pending: down } };
  }
  if (previous === 'down' && observed.health === 'up' && state.downNoticeSent) {
    if (!input.active) return { notice: null, state: { health: 'up', downNoticeSent: false, pending: null } };
    const back = notice('back');
    return { notice: back, state: { health: 'up', downNoticeSent: false, pending: back } };
  }
  return { notice: null, state: { ...state, health: observed.health } };
}
