import { startMailCatcher, type MailCatcher } from '../../scripts/sandbox/mail';
import { checkDigestSoon, NOTIFY_DIGEST_JOB } from '../../server/notifications/notification-jobs';
import { eventually } from '../helpers/eventually';
import { jsonRequest, sandboxConnectionBody, type Harness } from '../helpers/harness';
import { expectOk, startSyncingHarness, STORE, waitForLink } from '../helpers/relay';

jest.setTimeout(60_000);

describe('failure notifications by e-mail, through the runtime and a real SMTP server', () => {
  let h: Harness;
  let token: string;
  let mail: MailCatcher;
  const digests = () => mail.messages().filter((m) => /orders? needs? attention/.test(m.subject));

  beforeAll(async () => {
    mail = await startMailCatcher();
    ({ h, token } = await startSyncingHarness({
      env: {
        IOM_POLL_INTERVAL_S: '3600',
        SMTP_URL: mail.smtpUrl,
        NOTIFY_FROM: 'IOM Connector <alerts@example.com>',
      },
      tuning: {
        notifications: { digestIntervalMs: 15 * 60_000, connectionCheckMs: 150, smtpRetryBaseMs: 100 },
      },
    }));
  });
  afterAll(async () => {
    await h.close();
    await mail.close();
  });
  afterEach(() => {
    h.iom.knobs.forceStatus = {};
  });

  it('the settings take recipients (a bad one is named by its index), and a test e-mail reaches them', async () => {
    const bad = await jsonRequest(h, token, 'PUT', '/api/settings', {
      notifications: { enabled: true, recipients: ['ops@example.com', 'not-an-address'] },
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { fields: Array<{ field: string; message: string }> } };
    expect(body.error.fields).toEqual([
      { field: 'notifications.recipients[1]', message: expect.stringMatching(/is not an e-mail address/) },
    ]);
    const saved = (await expectOk(
      jsonRequest(h, token, 'PUT', '/api/settings', {
        notifications: { enabled: true, recipients: ['Ops@Example.com'] },
      }),
    )) as { settings: { notifications: unknown; syncEnabled: boolean }; mail: unknown };
    expect(saved.settings.notifications).toEqual({
      enabled: true,
      recipients: ['ops@example.com'],
      digest: true,
      connectionNotices: true,
    });
    expect(saved.settings.syncEnabled).toBe(true); // the other settings are kept
    expect(saved.mail).toEqual({
      configured: true,
      from: 'IOM Connector <alerts@example.com>',
      digestIntervalMinutes: 15,
    });

    await expectOk(jsonRequest(h, token, 'POST', '/api/notifications/test', {}));
    const test = await mail.waitForMessage((m) => m.subject.startsWith('IOM Connector: test e-mail'));
    expect(test.to).toEqual(['ops@example.com']);
    expect(test.from).toBe('IOM Connector <alerts@example.com>');
    // The SMTP credentials never reach the logs.
    expect(h.logs.join('\n')).not.toContain('sandbox-password');
  });

  it('an order that parks is e-mailed at once (no wait for the next 15-minute look); more within 15 minutes send none', async () => {
    // The SMTP server refuses the first try (451): the digest is kept and sent on the retry.
    mail.failNext(1);
    // A SKU IOM has no product for: the order waits for a mapping, and the digest looks at once.
    const first = h.sim.placeOrder(STORE, { lines: [{ sku: 'GIFT-CARD-BOX', quantity: 1 }] });
    const link = await waitForLink(h, first.id, (l) => l?.syncState === 'needs_attention', 20_000);
    expect(link?.syncState).toBe('needs_attention');
    const digest = await mail.waitForMessage((m) => /orders? needs? attention/.test(m.subject));
    expect(digest.subject).toBe(`IOM Connector: 1 order needs attention in store ${STORE}`);
    expect(digest.text).toMatch(/^1 × .*SKU.* \(BigCommerce → IOM\)$/m);
    expect(digest.text).toContain(`Orders: ${first.id}`);
    expect(digest.text).toContain(`${h.sim.url}/control-panel?store=${STORE}`);
    expect(digest.html).toContain('Open IOM Connector');
    expect(h.logs.some((line) => line.includes('The failure digest could not be sent; retrying'))).toBe(true);

    // Two more orders park within 15 minutes of the digest: nothing is sent, and the job waits until
    // the 15 minutes are up.
    const more = [1, 2].map(() =>
      h.sim.placeOrder(STORE, { lines: [{ sku: 'GIFT-CARD-BOX', quantity: 1 }] }),
    );
    for (const order of more) await waitForLink(h, order.id, (l) => l?.syncState === 'needs_attention');
    const before = await h.deps.storage.cursors.get(STORE, 'notify:digest');
    await checkDigestSoon(h.deps, STORE, new Date());
    const job = await eventually(
      () => h.deps.storage.jobs.get(STORE, NOTIFY_DIGEST_JOB, 'notifications'),
      (j) => j?.state === 'idle' || (j?.dueAt !== null && Date.parse(j!.dueAt!) > Date.now() + 10 * 60_000),
    );
    const lastSentAt = Date.parse(String(before?.lastSentAt));
    expect(Date.parse(job!.dueAt!)).toBe(lastSentAt + 15 * 60_000);
    expect(digests()).toHaveLength(1);
  });

  it('a revoked secret sends one "down" notice (not one per order) and a passing test one "back" notice', async () => {
    await eventually(
      () => h.deps.storage.cursors.get(STORE, 'notify:connection'),
      (c) => c?.health === 'up',
    );
    h.iom.knobs.tokenLifetimeSeconds = 1;
    h.deps.iom.tokens.invalidate(h.iom.credentials);
    const newSecret = h.iom.rotateClientSecret();
    const orders = [1, 2, 3].map(() =>
      h.sim.placeOrder(STORE, { lines: [{ sku: 'POSTER-A2-CITY', quantity: 1 }] }),
    );
    for (const order of orders) await waitForLink(h, order.id, (l) => l?.syncState === 'needs_attention');
    const down = await mail.waitForMessage((m) => m.subject.includes('is down'));
    expect(down.subject).toBe(`IOM Connector: the connection to IOM is down (store ${STORE})`);
    expect(down.text).toMatch(/Reason: IOM refused the connector's sign-in/);

    await expectOk(
      jsonRequest(h, token, 'PUT', '/api/connection', sandboxConnectionBody(h, { clientSecret: newSecret })),
    );
    await expectOk(jsonRequest(h, token, 'POST', '/api/connection/test'));
    const back = await mail.waitForMessage((m) => m.subject.includes('is back'));
    expect(back.subject).toBe(`IOM Connector: the connection to IOM is back (store ${STORE})`);
    for (const order of orders) await waitForLink(h, order.id);
    await new Promise((resolve) => setTimeout(resolve, 500)); // a few more looks at the connection
    const notices = mail.messages().filter((m) => /connection to IOM/.test(m.subject));
    expect(notices.map((m) => m.subject.match(/is (down|back)/)?.[1])).toEqual(['down', 'back']);
  });
});
