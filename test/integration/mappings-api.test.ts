import type { ProductSearchResponse, AttentionRetryResponse } from '../../server/http/attention-api-types';
import type { ApiErrorBody } from '../../server/http/api-types';
import type {
  SkuAutoMatchResponse,
  SkuImportResponse,
  SkuMappingsPageResponse,
} from '../../server/http/mappings-api-types';
import { api, jsonRequest, type Harness } from '../helpers/harness';
import { expectOk, salesOrdersFor, startSyncingHarness, STORE, waitForLink } from '../helpers/relay';

jest.setTimeout(60_000);

const csvPost = (h: Harness, token: string, body: string) =>
  api(h, token, '/api/mappings/sku/import', {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv' },
    body,
  });

describe('mappings API: product search, auto-matches, CSV import/export, bulk retry', () => {
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    ({ h, token } = await startSyncingHarness({ env: { IOM_POLL_INTERVAL_S: '3600' } }));
  });
  afterAll(() => h.close());

  it('searches IOM products by name or number, case-insensitively', async () => {
    const byName = (await expectOk(
      api(h, token, '/api/iom/products?search=ceramic%20mug'),
    )) as ProductSearchResponse;
    expect(byName.products.map((p) => p.productNumber)).toEqual(['MUG-GRY', 'MUG-WHT']);
    const byNumber = (await expectOk(
      api(h, token, '/api/iom/products?search=blk-'),
    )) as ProductSearchResponse;
    expect(byNumber.products).toHaveLength(3);
    expect(byNumber.truncated).toBe(false);
    const quoted = (await expectOk(
      api(h, token, "/api/iom/products?search=o'brien"),
    )) as ProductSearchResponse;
    expect(quoted.products).toEqual([]);
    const tooShort = await api(h, token, '/api/iom/products?search=a');
    expect(tooShort.status).toBe(400);
    const searches = h.iom.inspect.requests.filter(
      (r) => r.method === 'GET' && /contains\(name/.test(String(r.query.$filter ?? '')),
    );
    expect(searches.length).toBeGreaterThanOrEqual(3);
  });

  it('imports a CSV round trip: export → import gives the same mappings; a bad row imports nothing', async () => {
    const [mug, tote] = [h.iom.catalog.products[0]!, h.iom.catalog.products[8]!];
    const csv = `sku,iom_product_id,iom_product_number\r\n"OLD,MUG",${mug.productId},\r\nTOTE-OLD,,${tote.sku}\r\n`;
    const imported = (await expectOk(csvPost(h, token, csv))) as SkuImportResponse;
    expect(imported.imported).toBe(2);
    const exported = await api(h, token, '/api/mappings/sku/export');
    expect(exported.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await exported.text();
    expect(text).toBe(
      `sku,iom_product_id,iom_product_number\r\n"OLD,MUG",${mug.productId},${mug.sku}\r\nTOTE-OLD,${tote.productId},${tote.sku}\r\n`,
    );
    const page = (await expectOk(api(h, token, '/api/mappings/sku'))) as SkuMappingsPageResponse;
    expect(page.products[tote.productId]?.name).toBe(tote.name);
    // Re-importing the export changes nothing.
    expect(((await expectOk(csvPost(h, token, text))) as SkuImportResponse).imported).toBe(2);

    const bad = await csvPost(
      h,
      token,
      `sku,iom_product_id,iom_product_number\nNEW-1,${mug.productId},\nNEW-2,not-a-guid,\n,${mug.productId},\nNEW-4,,NO-SUCH\nNEW-1,${tote.productId},\n`,
    );
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as ApiErrorBody;
    expect(body.error.fields?.map((f) => f.field)).toEqual([
      'rows[2].iom_product_id',
      'rows[3].sku',
      'rows[5].sku',
      'rows[4].iom_product_number',
    ]);
    expect(await h.deps.storage.mappings.get(STORE, 'sku', 'NEW-1')).toBeNull();
    const tooBig = await csvPost(h, token, `sku,iom_product_id\n${'x'.repeat(1_100_000)}\n`);
    expect(tooBig.status).toBe(413);
    const header = await csvPost(h, token, 'code,product\nA,B\n');
    expect(((await header.json()) as ApiErrorBody).error.fields?.[0]?.field).toBe('header');
  });

  it('reports SKUs of recent orders matched automatically by product number, apart from mapped ones', async () => {
    const order = h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-WHT', quantity: 1 }] });
    await waitForLink(h, order.id);
    const parked = h.sim.placeOrder(STORE, { lines: [{ sku: 'GIFT-CARD-BOX', quantity: 1 }] });
    await waitForLink(h, parked.id, (l) => l?.syncState === 'needs_attention');
    const auto = (await expectOk(api(h, token, '/api/mappings/sku/auto'))) as SkuAutoMatchResponse;
    expect(auto.matched.map((m) => m.sku)).toContain('MUG-WHT');
    expect(auto.unmatched).toContainEqual({ sku: 'GIFT-CARD-BOX', orders: 1 });
  });

  it('retries a whole group in one action: { cause } queues every order of it', async () => {
    const orders = [];
    for (let i = 0; i < 2; i += 1) {
      h.iom.knobs.forceStatus = { salesorders: 400 }; // once per order
      const order = h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });
      await waitForLink(h, order.id, (l) => l?.attention?.code === 'iom_rejected');
      orders.push(order);
    }
    const res = await jsonRequest(h, token, 'POST', '/api/attention/retry', { cause: 'iom_rejected' });
    expect(res.status).toBe(202);
    const body = (await res.json()) as AttentionRetryResponse;
    expect(body.inbound.sort()).toEqual(orders.map((o) => o.id).sort());
    expect(body.queued).toBe(2);
    for (const o of orders) {
      await waitForLink(h, o.id);
      expect(salesOrdersFor(h, o.id)).toHaveLength(1);
    }
    const refused = await jsonRequest(h, token, 'POST', '/api/attention/retry', { orderIds: [] });
    expect(refused.status).toBe(400);
  });
});
