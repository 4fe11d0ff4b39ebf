import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describeWithSpecs, specFile } from '../helpers/bigcommerce-specs';
import { eventually } from '../helpers/eventually';
import {
  api,
  install,
  startHarness,
  startWebhookReceiver,
  type Harness,
  type WebhookReceiver,
} from './bigcommerce-kit';

const ORDER = { lines: [{ sku: 'MUG-WHT', quantity: 1 }] };

describe('BigCommerce simulator: order webhooks', () => {
  let h: Harness;
  let token: string;
  let receiver: WebhookReceiver;
  const clock = Date.parse('2026-11-27T12:00:00Z');

  beforeEach(async () => {
    h = await startHarness({ now: () => clock });
    token = (await install(h, 'demo7x3')).access_token;
    receiver = await startWebhookReceiver();
    h.sim.knobs.webhookRetryDelaysMs = [20, 40, 60];
  });
  afterEach(async () => {
    await h.close();
    await receiver.close();
  });

  const subscribe = async (scope: string, headers: Record<string, string> | null = null) => {
    const res = await api(h, token, 'POST', '/hooks', { scope, destination: receiver.url, headers });
    expect(res.status).toBe(200);
    return (res.body as { data: { id: number } }).data.id;
  };

  it('delivers created, statusUpdated and updated as BigCommerce does, echoing the hook headers', async () => {
    await subscribe('store/order/*', { 'X-App-Webhook-Secret': 's3cret' });
    const order = h.sim.placeOrder('demo7x3', ORDER);
    h.sim.setOrderStatus('demo7x3', order.id, 2);
    const received = await eventually(
      () => receiver.received,
      (r) => r.length >= 3,
    );
    expect(received.map((r) => r.body['scope'])).toEqual(
      expect.arrayContaining(['store/order/created', 'store/order/statusUpdated', 'store/order/updated']),
    );
    const created = received.find((r) => r.body['scope'] === 'store/order/created');
    expect(created?.headers['x-app-webhook-secret']).toBe('s3cret');
    expect(created?.headers['content-type']).toBe('application/json');
    expect(created?.body).toEqual({
      scope: 'store/order/created',
      store_id: expect.stringMatching(/^\d+$/) as string,
      data: { type: 'order', id: order.id },
      hash: expect.stringMatching(/^[0-9a-f]{40}$/) as string,
      created_at: clock / 1000,
      producer: 'stores/demo7x3',
    });
    const { hash, ...rest } = created?.body ?? {};
    expect(hash).toBe(createHash('sha1').update(JSON.stringify(rest)).digest('hex'));
    const status = received.find((r) => r.body['scope'] === 'store/order/statusUpdated');
    expect(status?.body['data']).toEqual({
      type: 'order',
      id: order.id,
      status: { previous_status_id: 11, new_status_id: 2 },
    });
    expect(h.sim.inspect.deliveries.every((d) => d.outcome === 'delivered')).toBe(true);
  });

  it('PUT /v2/orders/{id} with a new status_id fires statusUpdated with the previous and new ids', async () => {
    await subscribe('store/order/statusUpdated');
    const order = h.sim.placeOrder('demo7x3', { ...ORDER, paymentStatus: 'pending' });
    const res = await fetch(`${h.sim.url}/stores/demo7x3/v2/orders/${order.id}`, {
      method: 'PUT',
      headers: { 'x-auth-token': token, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ status_id: 11 }),
    });
    expect(res.status).toBe(200);
    const received = await eventually(
      () => receiver.received,
      (r) => r.length >= 1,
    );
    expect(received[0]?.body['data']).toEqual({
      type: 'order',
      id: order.id,
      status: { previous_status_id: 7, new_status_id: 11 },
    });
  });

  it('fires store/order/metafield/created and deleted for metafield writes', async () => {
    await subscribe('store/order/metafield/*');
    const order = h.sim.placeOrder('demo7x3', ORDER);
    const field = {
      permission_set: 'app_only',
      namespace: 'iom',
      key: 'so',
      value: 'SO-1',
      resource_id: order.id,
    };
    const headers = { 'x-auth-token': token, 'content-type': 'application/json', accept: 'application/json' };
    const created = await fetch(`${h.sim.url}/stores/demo7x3/v3/orders/metafields`, {
      method: 'POST',
      headers,
      body: JSON.stringify([field]),
    });
    const id = ((await created.json()) as { data: Array<{ id: number }> }).data[0]?.id;
    await fetch(`${h.sim.url}/stores/demo7x3/v3/orders/metafields`, {
      method: 'DELETE',
      headers,
      body: JSON.stringify([id]),
    });
    const received = await eventually(
      () => receiver.received,
      (r) => r.length >= 2,
    );
    expect(received.map((r) => [r.body['scope'], r.body['data']])).toEqual(
      expect.arrayContaining([
        [
          'store/order/metafield/created',
          { metafield_id: id, resource_id: String(order.id), namespace: 'iom' },
        ],
        [
          'store/order/metafield/deleted',
          { metafield_id: id, resource_id: String(order.id), namespace: 'iom' },
        ],
      ]),
    );
  });

  it('only delivers to active hooks whose scope matches', async () => {
    await subscribe('store/order/archived');
    const inactive = await subscribe('store/order/created');
    await api(h, token, 'PUT', `/hooks/${inactive}`, { is_active: false });
    const order = h.sim.placeOrder('demo7x3', ORDER);
    h.sim.archiveOrder('demo7x3', order.id);
    const received = await eventually(
      () => receiver.received,
      (r) => r.length >= 1,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received.map((r) => r.body['scope'])).toEqual(['store/order/archived']);
  });

  it('retries a failing destination with the same hash, then deactivates the hook', async () => {
    const hookId = await subscribe('store/order/created');
    receiver.status = 500;
    h.sim.placeOrder('demo7x3', ORDER);
    const hooks = await eventually(
      () => h.sim.inspect.hooks('demo7x3'),
      (list) => list.every((hook) => !hook.is_active),
    );
    expect(hooks.find((hook) => hook.id === hookId)?.is_active).toBe(false);
    // The first attempt and the 3 retries of the (scaled-down) schedule.
    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.received.map((r) => r.body['hash'])).size).toBe(1);
    expect(h.sim.inspect.deliveries.map((d) => [d.attempt, d.outcome, d.status])).toEqual([
      [0, 'failed', 500],
      [1, 'failed', 500],
      [2, 'failed', 500],
      [3, 'failed', 500],
    ]);
    // A deactivated hook gets nothing more.
    h.sim.placeOrder('demo7x3', ORDER);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toHaveLength(4);
  });

  it('a destination that recovers gets the event on a retry', async () => {
    await subscribe('store/order/created');
    receiver.status = 503;
    h.sim.placeOrder('demo7x3', ORDER);
    await eventually(
      () => receiver.received,
      (r) => r.length >= 1,
    );
    receiver.status = 204;
    const deliveries = await eventually(
      () => h.sim.inspect.deliveries,
      (d) => d.some((x) => x.outcome === 'delivered'),
    );
    const outcomes = deliveries.map((d) => d.outcome);
    expect(outcomes[0]).toBe('failed');
    expect(outcomes.filter((o) => o === 'delivered')).toHaveLength(1);
    expect(outcomes.at(-1)).toBe('delivered');
    expect(h.sim.inspect.hooks('demo7x3')[0]?.is_active).toBe(true);
  });

  it('webhooksPaused drops deliveries silently, and the orders can still be found by a sweep', async () => {
    await subscribe('store/order/created');
    h.sim.knobs.webhooksPaused = true;
    const order = h.sim.placeOrder('demo7x3', ORDER);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toHaveLength(0);
    expect(h.sim.inspect.deliveries.map((d) => d.outcome)).toEqual(['dropped']);
    const sweep = await fetch(
      `${h.sim.url}/stores/demo7x3/v2/orders?min_date_modified=${encodeURIComponent('2026-11-27T11:55:00Z')}`,
      { headers: { 'x-auth-token': token, accept: 'application/json' } },
    );
    expect(((await sweep.json()) as Array<{ id: number }>).map((o) => o.id)).toEqual([order.id]);
  });

  it('an updated shipping address fires store/order/updated', async () => {
    await subscribe('store/order/updated');
    const order = h.sim.placeOrder('demo7x3', ORDER);
    const updated = h.sim.updateOrder('demo7x3', order.id, { shippingAddress: { street_1: '9 New Street' } });
    expect(JSON.stringify(updated['consignments'])).toContain('9 New Street');
    const received = await eventually(
      () => receiver.received,
      (r) => r.length >= 1,
    );
    expect(received[0]?.body['data']).toEqual({ type: 'order', id: order.id });

    const addressId = (updated['consignments'] as { shipping: Array<{ id: number }> }).shipping[0]?.id;
    const res = await fetch(
      `${h.sim.url}/stores/demo7x3/v2/orders/${order.id}/shipping_addresses/${addressId}`,
      {
        method: 'PUT',
        headers: { 'x-auth-token': token, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ city: 'Dallas', zip: '75201' }),
      },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: addressId,
      city: 'Dallas',
      zip: '75201',
      street_1: '9 New Street',
    });
    await eventually(
      () => receiver.received,
      (r) => r.length >= 2,
    );
    expect(receiver.received.map((r) => r.body['scope'])).toEqual([
      'store/order/updated',
      'store/order/updated',
    ]);
  });
});

/** The shape of a value: object keys (sorted, recursively) and JSON types, so payloads compare structurally. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, shapeOf(v)]),
    );
  return typeof value;
}

describeWithSpecs('BigCommerce simulator: order webhook payloads match BigCommerce’s examples', () => {
  let h: Harness;
  let token: string;
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    h = await startHarness();
    token = (await install(h, 'demo7x3')).access_token;
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await h.close();
    await receiver.close();
  });

  it('sends created, updated, statusUpdated and archived with the documented fields and types', async () => {
    await api(h, token, 'POST', '/hooks', { scope: 'store/order/*', destination: receiver.url });
    const order = h.sim.placeOrder('demo7x3', ORDER);
    h.sim.setOrderStatus('demo7x3', order.id, 10);
    h.sim.archiveOrder('demo7x3', order.id);
    const received = await eventually(
      () => receiver.received,
      (r) => r.length >= 4,
    );
    const scopes = [
      'store/order/created',
      'store/order/updated',
      'store/order/statusUpdated',
      'store/order/archived',
    ];
    for (const scope of scopes) {
      const example = JSON.parse(
        readFileSync(specFile(`webhook-callbacks/data/${scope.replaceAll('/', '_')}.json`), 'utf8'),
      ) as unknown;
      const delivered = received.find((r) => r.body['scope'] === scope);
      expect(shapeOf(delivered?.body)).toEqual(shapeOf(example));
    }
  });
});
