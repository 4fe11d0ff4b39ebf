import type { ListedOrdersPage } from '../../scripts/sandbox/bigcommerce';
import { install, startHarness, storeApi, type Harness } from './bigcommerce-kit';

/**
 * The simulator's `knobs.onOrdersListed` test hook: called once `GET /v2/orders` has read its page and
 * before the response is sent; a promise it returns holds the response (a test acts in that window).
 */
describe('BigCommerce simulator: the onOrdersListed test hook', () => {
  let h: Harness;
  let token: string;

  beforeEach(async () => {
    h = await startHarness();
    token = (await install(h, 'demo7x3')).access_token;
  });
  afterEach(async () => {
    await h.close();
  });

  it('sees the page read, and holds the response while its promise is open', async () => {
    const placed = h.sim.placeOrders('demo7x3', 5).map((o) => o.id);
    let release: () => void = () => undefined;
    const calls: Array<{ storeHash: string } & ListedOrdersPage> = [];
    h.sim.knobs.onOrdersListed = (storeHash, listed) => {
      calls.push({ storeHash, ...listed });
      return new Promise<void>((resolve) => (release = resolve));
    };
    let answered = false;
    const response = storeApi(h, token, 'GET', '/v2/orders?sort=id:asc&limit=2&page=2').then((res) => {
      answered = true;
      return res;
    });
    for (let i = 0; i < 50 && calls.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual([{ storeHash: 'demo7x3', page: 2, limit: 2, orderIds: placed.slice(2, 4) }]);
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toBe(false); // held
    release();
    const res = await response;
    expect(res.status).toBe(200);
    expect((res.body as Array<{ id: number }>).map((o) => o.id)).toEqual(placed.slice(2, 4));
  });

  it('sees an empty page (204), is not called for a refused query, and without a hook answers at once', async () => {
    h.sim.placeOrders('demo7x3', 2);
    const seen: ListedOrdersPage[] = [];
    h.sim.knobs.onOrdersListed = (_store, listed) => void seen.push(listed);
    const refused = await storeApi(h, token, 'GET', '/v2/orders?sort=price');
    expect(refused.status).toBe(400);
    expect(seen).toEqual([]);
    const empty = await storeApi(h, token, 'GET', '/v2/orders?page=9');
    expect(empty.status).toBe(204);
    expect(seen).toEqual([{ page: 9, limit: 50, orderIds: [] }]);
    h.sim.knobs.onOrdersListed = undefined;
    const listed = await storeApi(h, token, 'GET', '/v2/orders');
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(2);
    expect(seen).toHaveLength(1);
  });
});
