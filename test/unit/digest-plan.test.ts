import { attentionKey, planDigest, type AttentionItem } from '../../server/notifications/digest-plan';
import { observeConnection, planConnectionNotice } from '../../server/notifications/connection-plan';
import {
  parseNotificationSettingsUpdate,
  DEFAULT_NOTIFICATION_SETTINGS,
} from '../../server/notifications/notification-settings';
import { loadConfig } from '../../server/config';

const MIN = 60_000;
const item = (
  orderId: number,
  code = 'unmapped_sku',
  direction: AttentionItem['direction'] = 'inbound',
): AttentionItem => ({
  direction,
  orderId,
  code,
  message: `message for ${code}`,
  fix: `fix for ${code}`,
});
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 12, minutes));
const empty = { lastSentAt: null, notified: [], pending: null };

describe('planning the failure digest', () => {
  it('sends the new orders grouped by cause with counts, and keeps the digest pending until sent', () => {
    const decision = planDigest({
      state: empty,
      current: [item(1), item(2), item(3, 'iom_rejected'), item(4, 'unmapped_carrier', 'outbound')],
      now: at(0),
      intervalMs: 15 * MIN,
      active: true,
      id: 'd1',
    });
    expect(decision.type).toBe('send');
    if (decision.type !== 'send') return;
    expect(decision.digest.total).toBe(4);
    expect(decision.digest.groups.map((g) => [g.direction, g.code, g.count, g.orderIds])).toEqual([
      ['inbound', 'unmapped_sku', 2, [1, 2]],
      ['inbound', 'iom_rejected', 1, [3]],
      ['outbound', 'unmapped_carrier', 1, [4]],
    ]);
    expect(decision.state.pending).toBe(decision.digest);
    expect(decision.state.lastSentAt).toBe(at(0).toISOString());
  });

  it('sends nothing when nothing is new, and never twice for the same order and cause', () => {
    const state = { lastSentAt: at(0).toISOString(), notified: [attentionKey(item(1))], pending: null };
    expect(
      planDigest({ state, current: [item(1)], now: at(30), intervalMs: 15 * MIN, active: true, id: 'x' })
        .type,
    ).toBe('nothing');
    // The same order, parked for another cause, is new.
    const other = planDigest({
      state,
      current: [item(1, 'iom_rejected')],
      now: at(30),
      intervalMs: 15 * MIN,
      active: true,
      id: 'x',
    });
    expect(other.type).toBe('send');
  });

  it('waits until 15 minutes after the last digest when new orders come sooner, without forgetting them', () => {
    const state = { lastSentAt: at(0).toISOString(), notified: [attentionKey(item(1))], pending: null };
    const decision = planDigest({
      state,
      current: [item(1), item(2)],
      now: at(5),
      intervalMs: 15 * MIN,
      active: true,
      id: 'x',
    });
    expect(decision).toMatchObject({ type: 'wait', at: at(15) });
    const later = planDigest({
      state: decision.state,
      current: [item(1), item(2)],
      now: at(15),
      intervalMs: 15 * MIN,
      active: true,
      id: 'y',
    });
    expect(later.type === 'send' && later.digest.groups[0]?.orderIds).toEqual([2]);
  });

  it('an order fixed and broken again is reported again; while off, what breaks becomes the baseline', () => {
    const state = { lastSentAt: at(0).toISOString(), notified: [attentionKey(item(1))], pending: null };
    const fixed = planDigest({
      state,
      current: [],
      now: at(20),
      intervalMs: 15 * MIN,
      active: true,
      id: 'x',
    });
    expect(fixed.state.notified).toEqual([]);
    const again = planDigest({
      state: fixed.state,
      current: [item(1)],
      now: at(40),
      intervalMs: 15 * MIN,
      active: true,
      id: 'y',
    });
    expect(again.type).toBe('send');
    const off = planDigest({
      state: empty,
      current: [item(7)],
      now: at(0),
      intervalMs: 15 * MIN,
      active: false,
      id: 'z',
    });
    expect(off).toMatchObject({ type: 'nothing', state: { notified: [attentionKey(item(7))] } });
  });
});

describe('planning connection notices', () => {
  const connection = (over: Record<string, unknown>) =>
    ({ relayPause: null, lastTest: { ok: true, testedAt: '', checks: [] }, ...over }) as never;

  it('one "down" notice per transition from working, one "back" notice after it, none on the first look', () => {
    const down = observeConnection(connection({ relayPause: { reason: 'IOM refused the sign-in', at: '' } }));
    expect(down).toEqual({ health: 'down', reason: 'IOM refused the sign-in' });
    const first = planConnectionNotice({
      state: { health: null, downNoticeSent: false, pending: null },
      observed: down,
      now: at(0),
      active: true,
      id: 'a',
    });
    expect(first.notice).toBeNull();
    const up = observeConnection(connection({}));
    const s1 = planConnectionNotice({ state: first.state, observed: up, now: at(1), active: true, id: 'b' });
    expect(s1.notice).toBeNull(); // no "down" notice went out, so no "back" notice either
    const s2 = planConnectionNotice({ state: s1.state, observed: down, now: at(2), active: true, id: 'c' });
    expect(s2.notice).toMatchObject({ kind: 'down', reason: 'IOM refused the sign-in' });
    const s3 = planConnectionNotice({
      state: { ...s2.state, pending: null },
      observed: down,
      now: at(3),
      active: true,
      id: 'd',
    });
    expect(s3.notice).toBeNull();
    const s4 = planConnectionNotice({ state: s3.state, observed: up, now: at(4), active: true, id: 'e' });
    expect(s4.notice).toMatchObject({ kind: 'back' });
    expect(observeConnection(null).health).toBe('none');
  });
});

describe('notification settings and configuration', () => {
  it('names the bad recipient by its index, caps the list at 10 and needs one address to turn on', () => {
    const bad = parseNotificationSettingsUpdate(DEFAULT_NOTIFICATION_SETTINGS, {
      recipients: ['ops@example.com', 'not-an-email'],
    });
    expect(bad.errors).toEqual([
      { field: 'notifications.recipients[1]', message: expect.stringMatching(/is not an e-mail address/) },
    ]);
    const many = parseNotificationSettingsUpdate(DEFAULT_NOTIFICATION_SETTINGS, {
      recipients: Array.from({ length: 11 }, (_, i) => `a${i}@example.com`),
    });
    expect(many.errors[0]?.field).toBe('notifications.recipients');
    expect(
      parseNotificationSettingsUpdate(DEFAULT_NOTIFICATION_SETTINGS, { enabled: true }).errors[0]?.message,
    ).toMatch(/at least one/);
    expect(
      parseNotificationSettingsUpdate(DEFAULT_NOTIFICATION_SETTINGS, {
        enabled: true,
        recipients: ['Ops@Example.com'],
      }).settings?.recipients,
    ).toEqual(['ops@example.com']);
  });

  it('SMTP_URL must be smtp:// or smtps:// with a host, without echoing the password; NOTIFY_FROM defaults to the app host', () => {
    const base = {
      BC_CLIENT_ID: 'c',
      BC_CLIENT_SECRET: 's',
      APP_SECRET_KEY: Buffer.alloc(32, 1).toString('base64'),
    };
    expect(loadConfig(base).notifications).toEqual({
      smtpUrl: null,
      from: 'IOM Connector <no-reply@localhost>',
    });
    expect(
      loadConfig({
        ...base,
        APP_URL: 'https://iom.example.com',
        SMTP_URL: 'smtps://u:p@mail.example.com:465',
      }).notifications,
    ).toEqual({
      smtpUrl: 'smtps://u:p@mail.example.com:465',
      from: 'IOM Connector <no-reply@iom.example.com>',
    });
    expect(() => loadConfig({ ...base, SMTP_URL: 'https://u:secret-pw@mail.example.com' })).toThrow(
      /SMTP_URL must start with smtp:\/\/ \(STARTTLS\) or smtps:\/\/ \(TLS\)/,
    );
    try {
      loadConfig({ ...base, SMTP_URL: 'https://u:secret-pw@mail.example.com' });
    } catch (error) {
      expect(String(error)).not.toContain('secret-pw');
    }
    expect(() => loadConfig({ ...base, NOTIFY_FROM: 'IOM <nope>' })).toThrow(
      /NOTIFY_FROM must be an e-mail address/,
    );
  });
});
