import type { ApiErrorBody, PushSecretResponse } from '../../server/http/api-types';
import { OUTBOUND_ORDER_JOB, outboundJobKey } from '../../server/relay/outbound-job';
import { signPush } from '../../server/relay/push-signature';
import { COLLECTIONS } from '../../server/storage/repositories/collections';
import { docId } from '../../server/storage/repositories/document-ids';
import { openSqliteDocumentStore } from '../../server/storage/sqlite-document-store';
import { api, openApp, ownerSession, startHarness, type Harness } from '../helpers/harness';

const STORE = 'demo7x3';
const OWNER = 7654321;
/** The simulator's second user of demo7x3, a plain user. */
const STAFF = 9876543;
const SALES_ORDER = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const ORDER_ID = 250;

describe('POST /iom/events: IOM pushes a sales order change, signed with the store push secret', () => {
  let h: Harness;
  let ownerToken: string;
  let staffToken: string;
  let secret: string;

  beforeAll(async () => {
    // ROLE=web: no worker, so the queued outbound job stays as the push left it.
    h = await startHarness({ env: { ROLE: 'web' } });
    ownerToken = await ownerSession(h, STORE, OWNER);
    staffToken = await openApp(h, STORE, STAFF);
    await h.deps.storage.orderLinks.put({
      storeHash: STORE,
      orderId: ORDER_ID,
      iomSalesOrderId: SALES_ORDER,
      syncState: 'synced',
      lastDateModified: null,
      shipmentLinks: {},
      lastError: null,
      updatedAt: new Date().toISOString(),
    });
  });
  afterAll(async () => {
    await h.close();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const push = (raw: string, header: string | null) =>
    fetch(`${h.appUrl}/iom/events`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(header === null ? {} : { 'X-IOM-Connector-Signature': header }),
      },
      body: raw,
    });
  const signed = (body: unknown, key = secret, t = now()) => {
    const raw = JSON.stringify(body);
    return push(raw, signPush(key, t, raw));
  };
  const errorOf = async (res: Response) => ((await res.json()) as ApiErrorBody).error;
  const outsideRequests = () => h.sim.inspect.requests.length + h.iom.inspect.requests.length;

  it('shows the push secret to the owner (created on first look, the same after), never to a plain user', async () => {
    const refused = await api(h, staffToken, '/api/push-secret');
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe('forbidden_role');

    const first = await api(h, ownerToken, '/api/push-secret');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const body = (await first.json()) as PushSecretResponse;
    expect(body).toEqual({
      secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      header: 'X-IOM-Connector-Signature',
      url: `${h.appUrl}/iom/events`,
      format: expect.stringContaining('HMAC-SHA256'),
    });
    secret = body.secret;
    const again = (await (await api(h, ownerToken, '/api/push-secret')).json()) as PushSecretResponse;
    expect(again.secret).toBe(secret);
    expect((await h.deps.storage.stores.get(STORE))?.pushSecret).toBe(secret);
    // Sealed at rest: the stored document does not hold the secret in plain text.
    const storage = h.deps.config.storage;
    if (storage.kind !== 'sqlite') throw new Error('the harness runs on SQLite');
    const documents = openSqliteDocumentStore(storage.path, COLLECTIONS);
    try {
      const stored = await documents.get('stores', docId(STORE));
      expect(typeof stored?.pushSecret).toBe('string');
      expect(String(stored?.pushSecret)).not.toContain(secret);
    } finally {
      await documents.close();
    }
  });

  it('queues the linked order’s outbound job (live lane) and answers 202 without calling IOM or BigCommerce', async () => {
    const before = outsideRequests();
    const res = await signed({
      storeHash: STORE,
      salesOrderId: SALES_ORDER.toUpperCase(),
      event: 'fulfillment.updated',
      occurredAt: '2026-12-01T08:00:00Z',
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ queued: true, orderId: ORDER_ID });
    expect(outsideRequests()).toBe(before);
    const job = await h.deps.storage.jobs.get(STORE, OUTBOUND_ORDER_JOB, outboundJobKey(ORDER_ID));
    expect(job).toMatchObject({ state: 'due', lane: 'live', payload: { orderId: ORDER_ID, reason: 'push' } });
    const events = await h.deps.storage.events.listForOrder(STORE, ORDER_ID, { limit: 10 });
    expect(events.items.map((e) => e.type)).toContain('iom.push_received');
  });

  it('acknowledges a warehouse step BigCommerce has nothing to show for (packed) without queuing a sync', async () => {
    const before = outsideRequests();
    const jobBefore = await h.deps.storage.jobs.get(STORE, OUTBOUND_ORDER_JOB, outboundJobKey(ORDER_ID));
    const res = await signed({ storeHash: STORE, salesOrderId: SALES_ORDER, event: 'packed' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({
      queued: false,
      orderId: ORDER_ID,
      message: expect.stringContaining('packed'),
    });
    expect(outsideRequests()).toBe(before);
    // The job is as it was: not queued again.
    expect(await h.deps.storage.jobs.get(STORE, OUTBOUND_ORDER_JOB, outboundJobKey(ORDER_ID))).toEqual(
      jobBefore,
    );
  });

  it('answers 202 queued:false for a sales order no order of the store is linked to', async () => {
    const res = await signed({ storeHash: STORE, salesOrderId: '00000000-0000-4000-8000-000000000000' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({
      queued: false,
      message: expect.stringContaining('No BigCommerce order'),
    });
  });

  it('refuses the same signed push twice with 409', async () => {
    const raw = JSON.stringify({ storeHash: STORE, salesOrderId: SALES_ORDER });
    const header = signPush(secret, now(), raw);
    expect((await push(raw, header)).status).toBe(202);
    const replay = await push(raw, header);
    expect(replay.status).toBe(409);
    expect(await errorOf(replay)).toMatchObject({
      code: 'push_replayed',
      message: expect.stringContaining('sign each push anew'),
    });
  });

  it('refuses missing, malformed, wrong and out-of-time signatures with 401 saying what to check', async () => {
    const body = { storeHash: STORE, salesOrderId: SALES_ORDER };
    const raw = JSON.stringify(body);
    const missing = await push(raw, null);
    expect(missing.status).toBe(401);
    expect((await errorOf(missing)).message).toMatch(/X-IOM-Connector-Signature header is missing: send t=/);
    const malformed = await push(raw, 'sha256=abc');
    expect(malformed.status).toBe(401);
    expect((await errorOf(malformed)).message).toContain('malformed');

    const wrongKey = await signed(body, 'not-the-secret');
    expect(wrongKey.status).toBe(401);
    expect((await errorOf(wrongKey)).message).toContain('does not match');
    // The signature covers the exact bytes: re-serialized JSON (extra space) does not verify.
    const tampered = await push(raw.replace(':', ': '), signPush(secret, now(), raw));
    expect(tampered.status).toBe(401);

    const old = await signed(body, secret, now() - 400);
    expect(old.status).toBe(401);
    expect(await errorOf(old)).toMatchObject({
      code: 'push_expired',
      message: expect.stringMatching(/old.*clock/),
    });
    const future = await signed(body, secret, now() + 400);
    expect(future.status).toBe(401);
    expect((await errorOf(future)).message).toContain('in the future');
    expect((await signed(body, secret, now() - 200)).status).toBe(202);
  });

  it('refuses a bad body with 400 and an unknown store with 404', async () => {
    const notJson = await push('{"storeHash":', signPush(secret, now(), '{"storeHash":'));
    expect(notJson.status).toBe(400);
    expect((await errorOf(notJson)).message).toContain('not JSON');
    const badId = await signed({ storeHash: STORE, salesOrderId: '250' });
    expect(badId.status).toBe(400);
    expect((await errorOf(badId)).message).toMatch(/salesOrderId: must be the IOM sales order id/);
    const badTime = await signed({ storeHash: STORE, salesOrderId: SALES_ORDER, occurredAt: 'yesterday' });
    expect(badTime.status).toBe(400);
    const unknown = await signed({ storeHash: 'nosuch1', salesOrderId: SALES_ORDER });
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).message).toContain('No store nosuch1');
  });

  it('rotation: the old secret stops working at once, the new one works; a plain user cannot rotate', async () => {
    expect((await api(h, staffToken, '/api/push-secret/rotate', { method: 'POST' })).status).toBe(403);
    const res = await api(h, ownerToken, '/api/push-secret/rotate', { method: 'POST' });
    expect(res.status).toBe(200);
    const rotated = ((await res.json()) as PushSecretResponse).secret;
    expect(rotated).not.toBe(secret);
    const body = { storeHash: STORE, salesOrderId: SALES_ORDER };
    expect((await signed(body, secret)).status).toBe(401);
    expect((await signed(body, rotated)).status).toBe(202);
    const shown = (await (await api(h, ownerToken, '/api/push-secret')).json()) as PushSecretResponse;
    expect(shown.secret).toBe(rotated);
    secret = rotated;
  });

  it('never writes the push secret to the log', () => {
    expect(h.logs.some((line) => line.includes(secret))).toBe(false);
  });
});
