import fs from 'node:fs';
import { ORDER_WEBHOOK_SCOPES, WEBHOOK_SECRET_HEADER } from '../../server/bigcommerce/webhooks';
import { MAX_SCOPE_LENGTH } from '../../server/relay/receive-webhook';
import { ORDER_SYNC_JOB } from '../../server/relay/tasks/sync-order';
import { COLLECTIONS } from '../../server/storage/repositories/collections';
import { docId } from '../../server/storage/repositories/document-ids';
import { ABANDONED_CLAIM_MS } from '../../server/storage/repositories/versioned-documents';
import { openSqliteDocumentStore } from '../../server/storage/sqlite-document-store';
import { describeWithSpecs, specFile } from '../helpers/bigcommerce-specs';
import { installStore, startHarness, type Harness } from '../helpers/harness';

const A = 'demo7x3';

/** The harness's SQLite file, for reading and writing documents around the repositories. */
function sqlitePath(h: Harness): string {
  const storage = h.deps.config.storage;
  if (storage.kind !== 'sqlite') throw new Error('the harness runs on SQLite');
  return storage.path;
}
const B = 'othr9k2';

/** A delivery shaped like BigCommerce's documented examples, addressed to our store. */
function examplePayload(
  scope: string,
  storeHash: string,
  orderId: number,
  hash: string,
): Record<string, unknown> {
  return {
    scope,
    store_id: '1025646',
    data: { type: 'order', id: orderId },
    hash,
    created_at: 1561479335,
    producer: `stores/${storeHash}`,
  };
}

/** BigCommerce's own example payload for `scope` (webhook-callbacks/data in the specs folder). */
function bigcommerceExample(scope: string): Record<string, unknown> {
  const file = specFile(`webhook-callbacks/data/${scope.replaceAll('/', '_')}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

describe('order webhooks are verified, deduplicated and persisted before the 200', () => {
  let h: Harness;
  let secretA: string;
  beforeAll(async () => {
    // ROLE=web: the app alone, so the queued job stays as the webhook left it (no worker takes it).
    h = await startHarness({ env: { ROLE: 'web' } });
    await installStore(h, A);
    await installStore(h, B);
    secretA = (await h.deps.storage.stores.get(A))!.webhookSecret!;
  });
  afterAll(async () => {
    await h.close();
  });

  const post = (body: unknown, secret: string | null) =>
    fetch(`${h.appUrl}/webhooks/bigcommerce`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(secret ? { [WEBHOOK_SECRET_HEADER]: secret } : {}) },
      body: JSON.stringify(body),
    });

  it('a delivery with the right secret queues one sync job for the order and records the event', async () => {
    const res = await post(examplePayload('store/order/created', A, 250, 'hash-250-created'), secretA);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const job = await h.deps.storage.jobs.get(A, ORDER_SYNC_JOB, 'order:250');
    expect(job).toMatchObject({
      storeHash: A,
      state: 'due',
      payload: { orderId: 250, reason: 'store/order/created' },
    });
    const events = await h.deps.storage.events.listForOrder(A, 250, { limit: 10 });
    expect(events.items.map((e) => e.type)).toEqual(['webhook.received']);
  });

  it('when a webhook arrives twice, one job and one event exist', async () => {
    const payload = examplePayload('store/order/updated', A, 251, 'hash-251-updated');
    expect((await post(payload, secretA)).status).toBe(200);
    expect((await post(payload, secretA)).status).toBe(200);
    const events = await h.deps.storage.events.listForOrder(A, 251, { limit: 10 });
    expect(events.items).toHaveLength(1);
    const jobs = await h.deps.storage.jobs.listForStore(A, { limit: 100 });
    expect(jobs.items.filter((j) => j.key === 'order:251')).toHaveLength(1);
  });

  it('300 replays of one delivery leave the job document untouched and one event on the timeline', async () => {
    const payload = examplePayload('store/order/updated', A, 252, 'hash-252-replayed');
    expect((await post(payload, secretA)).status).toBe(200);
    const job = (await h.deps.storage.jobs.get(A, ORDER_SYNC_JOB, 'order:252'))!;
    const documents = openSqliteDocumentStore(sqlitePath(h), COLLECTIONS);
    try {
      const before = await documents.get('jobs', job.id);
      for (let batch = 0; batch < 6; batch++) {
        const replies = await Promise.all(Array.from({ length: 50 }, () => post(payload, secretA)));
        expect(replies.map((res) => res.status)).toEqual(Array(50).fill(200));
      }
      const after = await documents.get('jobs', job.id);
      expect(after).toEqual(before);
      expect(after).toMatchObject({ version: before?.version, updatedAt: before?.updatedAt });
    } finally {
      await documents.close();
    }
    const events = await h.deps.storage.events.listForOrder(A, 252, { limit: 10 });
    expect(events.items.map((e) => e.type)).toEqual(['webhook.received']);
  });

  it('a wrong or missing secret is refused with 401 and nothing is stored', async () => {
    const wrong = await post(examplePayload('store/order/created', A, 300, 'hash-300'), 'not-the-secret');
    expect(wrong.status).toBe(401);
    const missing = await post(examplePayload('store/order/created', A, 301, 'hash-301'), null);
    expect(missing.status).toBe(401);
    expect(await h.deps.storage.jobs.get(A, ORDER_SYNC_JOB, 'order:300')).toBeNull();
    expect(await h.deps.storage.jobs.get(A, ORDER_SYNC_JOB, 'order:301')).toBeNull();
  });

  it("store A's secret does not authenticate a delivery for store B", async () => {
    const res = await post(examplePayload('store/order/created', B, 400, 'hash-400'), secretA);
    expect(res.status).toBe(401);
    expect(await h.deps.storage.jobs.get(B, ORDER_SYNC_JOB, 'order:400')).toBeNull();
  });

  it('a new webhook secret is accepted at once, though the store was just read for the old one', async () => {
    const C = B;
    const store = (await h.deps.storage.stores.get(C))!;
    const oldSecret = store.webhookSecret!;
    expect((await post(examplePayload('store/order/created', C, 500, 'hash-500'), oldSecret)).status).toBe(
      200,
    );
    const newSecret = 'rotated-' + oldSecret;
    await h.deps.storage.stores.saveInstall(
      {
        hash: C,
        accessToken: store.accessToken!,
        scope: store.scope ?? '',
        ownerId: store.ownerId ?? 1,
        ownerEmail: store.ownerEmail ?? 'owner@example.com',
        webhookSecret: newSecret,
      },
      new Date(),
    );
    expect((await post(examplePayload('store/order/created', C, 501, 'hash-501'), newSecret)).status).toBe(
      200,
    );
    expect(await h.deps.storage.jobs.get(C, ORDER_SYNC_JOB, 'order:501')).not.toBeNull();
  });

  it('a payload that is not a BigCommerce webhook gets 400 with the reason', async () => {
    const res = await post({ hello: 'world' }, secretA);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toContain('producer');
  });

  it('a scope longer than any BigCommerce scope, or not shaped like one, gets 400 and nothing is stored', async () => {
    const cases = [
      `store/order/${'x'.repeat(MAX_SCOPE_LENGTH)}`,
      'store/order/created<script>',
      'order/created',
    ];
    for (const [i, scope] of cases.entries()) {
      const res = await post(examplePayload(scope, A, 500 + i, `hash-scope-${i}`), secretA);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.message).toContain('scope');
      expect(await h.deps.storage.jobs.get(A, ORDER_SYNC_JOB, `order:${500 + i}`)).toBeNull();
    }
    const longest = 'store/customer/payment/instrument/default/updated';
    const res = await post(examplePayload(longest, A, 510, 'hash-scope-longest'), secretA);
    expect(res.status).toBe(200);
  });

  it("a crashed writer's leftover claim on the order's job stops its webhooks for a few seconds at most", async () => {
    expect((await post(examplePayload('store/order/created', A, 600, 'hash-600-a'), secretA)).status).toBe(
      200,
    );
    const job = (await h.deps.storage.jobs.get(A, ORDER_SYNC_JOB, 'order:600'))!;
    const documents = openSqliteDocumentStore(sqlitePath(h), COLLECTIONS);
    try {
      const version = String((await documents.get('jobs', job.id))?.version);
      const claimId = docId('jobs', job.id, version, 1);
      // Left by a writer that claimed the job's current version a little over ABANDONED_CLAIM_MS ago
      // (well under the minute the claim used to hold the order for), then died before writing.
      const createdAt = new Date(Date.now() - ABANDONED_CLAIM_MS - 1000).toISOString();
      expect(await documents.create('transitionClaims', claimId, { claimId, createdAt })).toBe(true);
    } finally {
      await documents.close();
    }
    const res = await post(examplePayload('store/order/updated', A, 600, 'hash-600-b'), secretA);
    expect(res.status).toBe(200);
    expect(await h.deps.storage.jobs.get(A, ORDER_SYNC_JOB, 'order:600')).toMatchObject({
      payload: { orderId: 600, reason: 'store/order/updated' },
    });
  });

  it('a non-JSON body gets 400, not a crash', async () => {
    const res = await fetch(`${h.appUrl}/webhooks/bigcommerce`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [WEBHOOK_SECRET_HEADER]: secretA },
      body: '{not json',
    });
    expect(res.status).toBe(400);
  });

  describeWithSpecs("BigCommerce's example payloads", () => {
    it.each(ORDER_WEBHOOK_SCOPES.map((scope, i) => [scope, 500 + i] as const))(
      'the %s example is accepted and queues a sync job',
      async (scope, orderId) => {
        const example = bigcommerceExample(scope);
        expect(example.scope).toBe(scope);
        const data = { ...(example.data as Record<string, unknown>), id: orderId };
        const body = {
          ...example,
          producer: `stores/${A}`,
          hash: `${String(example.hash)}-${orderId}`,
          data,
        };
        expect((await post(body, secretA)).status).toBe(200);
        expect(await h.deps.storage.jobs.get(A, ORDER_SYNC_JOB, `order:${orderId}`)).toMatchObject({
          payload: { orderId, reason: scope },
        });
      },
    );
  });
});
