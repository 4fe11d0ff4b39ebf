import fs from 'node:fs';
import path from 'node:path';
import { WEBHOOK_SECRET_HEADER } from '../../server/bigcommerce/webhooks';
import { MAX_SCOPE_LENGTH, ORDER_SYNC_JOB } from '../../server/relay/receive-webhook';
import { REPO_ROOT, installStore, startHarness, type Harness } from '../helpers/harness';

const A = 'demo7x3';
const B = 'othr9k2';

/** BigCommerce's own example payload (shared/specs), addressed to our store. */
function examplePayload(
  scope: string,
  storeHash: string,
  orderId: number,
  hash: string,
): Record<string, unknown> {
  const file = path.join(
    REPO_ROOT,
    '..',
    'shared',
    'specs',
    'bigcommerce',
    'webhook-callbacks',
    'data',
    'store_order_created.json',
  );
  const example = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  return { ...example, scope, producer: `stores/${storeHash}`, hash, data: { type: 'order', id: orderId } };
}

describe('order webhooks are verified, deduplicated and persisted before the 200', () => {
  let h: Harness;
  let secretA: string;
  beforeAll(async () => {
    h = await startHarness();
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

  it('a non-JSON body gets 400, not a crash', async () => {
    const res = await fetch(`${h.appUrl}/webhooks/bigcommerce`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [WEBHOOK_SECRET_HEADER]: secretA },
      body: '{not json',
    });
    expect(res.status).toBe(400);
  });
});
