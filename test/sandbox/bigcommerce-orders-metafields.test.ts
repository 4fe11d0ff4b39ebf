import { OpenApiValidator } from '../helpers/openapi-validator';
import { bigcommerceSpecs, describeWithSpecs, specFile } from '../helpers/bigcommerce-specs';
import { install, startHarness, storeApi, type ApiResponse, type Harness } from './bigcommerce-kit';

let spec: OpenApiValidator | undefined;

function expectSpec(res: ApiResponse, method: string, template: string, status: number): void {
  expect({ status: res.status, body: res.body }).toMatchObject({ status });
  spec?.assertValidResponse({ method, path: template, status, body: res.body });
}

const FIELD = { permission_set: 'app_only', namespace: 'iom', key: 'salesorder_id', value: 'SO-0001' };

describeWithSpecs('BigCommerce simulator: order metafields v3, checked against orders.v3.yml', () => {
  let h: Harness;
  let token: string;
  const v3 = (method: string, path: string, body?: unknown) => storeApi(h, token, method, `/v3${path}`, body);

  beforeAll(() => {
    spec = OpenApiValidator.fromFile(specFile('orders.v3.yml'));
  });
  beforeEach(async () => {
    h = await startHarness({ now: () => Date.parse('2026-11-27T12:00:00Z') });
    token = (await install(h, 'demo7x3')).access_token;
    h.sim.placeOrder('demo7x3', { lines: [{ sku: 'TOTE-NAT', quantity: 1 }] });
    h.sim.placeOrder('demo7x3', { lines: [{ sku: 'MUG-GRY', quantity: 2 }] });
  });
  afterEach(() => h.close());

  it('creates one on an order and lists it', async () => {
    const created = await v3('POST', '/orders/100/metafields', { ...FIELD, description: 'IOM sales order' });
    expectSpec(created, 'post', '/orders/{order_id}/metafields', 200);
    expect(created.body).toMatchObject({
      data: { ...FIELD, resource_type: 'order', resource_id: 100, date_created: '2026-11-27T12:00:00.000Z' },
      meta: {},
    });
    const list = await v3('GET', '/orders/100/metafields?namespace=iom');
    expectSpec(list, 'get', '/orders/{order_id}/metafields', 200);
    expect((list.body as { data: unknown[] }).data).toHaveLength(1);
    const duplicate = await v3('POST', '/orders/100/metafields', FIELD);
    expectSpec(duplicate, 'post', '/orders/{order_id}/metafields', 409);
    const tooLong = await v3('POST', '/orders/100/metafields', { ...FIELD, key: 'k'.repeat(65) });
    expectSpec(tooLong, 'post', '/orders/{order_id}/metafields', 422);
    expect((await v3('GET', '/orders/999/metafields')).status).toBe(404);
  });
});

describe('BigCommerce simulator: order metafields v3 behaviour', () => {
  let h: Harness;
  let token: string;
  const v3 = (method: string, path: string, body?: unknown) => storeApi(h, token, method, `/v3${path}`, body);

  beforeAll(() => {
    // Without the specs these tests still run; responses are then checked by the assertions alone.
    if (bigcommerceSpecs.found) spec = OpenApiValidator.fromFile(specFile('orders.v3.yml'));
  });
  beforeEach(async () => {
    h = await startHarness({ now: () => Date.parse('2026-11-27T12:00:00Z') });
    token = (await install(h, 'demo7x3')).access_token;
    h.sim.placeOrder('demo7x3', { lines: [{ sku: 'TOTE-NAT', quantity: 1 }] });
    h.sim.placeOrder('demo7x3', { lines: [{ sku: 'MUG-GRY', quantity: 2 }] });
  });
  afterEach(() => h.close());

  it('batch-creates, answers 422 with partial success on a duplicate namespace/key, updates and deletes', async () => {
    const batch = await v3('POST', '/orders/metafields', [
      { ...FIELD, resource_id: 100 },
      { ...FIELD, resource_id: 101, value: 'SO-0002' },
    ]);
    expectSpec(batch, 'post', '/orders/metafields', 200);
    expect(batch.body).toMatchObject({ errors: [], meta: { total: 2, success: 2, failed: 0 } });
    const ids = (batch.body as { data: Array<{ id: number }> }).data.map((m) => m.id);

    const again = await v3('POST', '/orders/metafields', [
      { ...FIELD, resource_id: 100 },
      { ...FIELD, key: 'other', resource_id: 100 },
    ]);
    expectSpec(again, 'post', '/orders/metafields', 422);
    expect(again.body).toMatchObject({ meta: { total: 2, success: 1, failed: 1 } });
    expect(h.sim.inspect.metafields('demo7x3', 100).map((m) => m.key)).toEqual(['salesorder_id', 'other']);

    const invalid = await v3('POST', '/orders/metafields', [
      { ...FIELD, permission_set: 'everyone', resource_id: 100 },
    ]);
    expectSpec(invalid, 'post', '/orders/metafields', 422);

    const updated = await v3('PUT', '/orders/metafields', [{ ...FIELD, id: ids[0], value: 'SO-0009' }]);
    expectSpec(updated, 'put', '/orders/metafields', 200);
    expect((updated.body as { data: Array<{ value: string }> }).data[0]?.value).toBe('SO-0009');

    const deleted = await v3('DELETE', '/orders/metafields', ids);
    expectSpec(deleted, 'delete', '/orders/metafields', 200);
    expect(deleted.body).toMatchObject({ data: ids, meta: { success: 2 } });
  });

  it('allows at most 250 metafields per order and client', async () => {
    const items = Array.from({ length: 250 }, (_v, i) => ({ ...FIELD, key: `k${i}`, resource_id: 100 }));
    expect((await v3('POST', '/orders/metafields', items)).status).toBe(200);
    const over = await v3('POST', '/orders/100/metafields', { ...FIELD, key: 'one-more' });
    expect(over.status).toBe(422);
  });
});
