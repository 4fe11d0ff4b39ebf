import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBigCommerceSimulator } from '../../scripts/sandbox/bigcommerce';
import { install, startHarness, storeApi, type Harness } from './bigcommerce-kit';

/** The demo's `stateFile`: a restarted simulator still knows the install, its token, hooks, extensions, orders. */
describe('BigCommerce simulator: state file', () => {
  let dir: string;
  let file: string;
  const open: Harness[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-state-'));
    file = path.join(dir, 'bigcommerce.json');
  });
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const start = async (stateFile?: string) => {
    const h = await startHarness(stateFile ? { stateFile } : {});
    open.push(h);
    return h;
  };
  const placeByHand = (h: Harness) =>
    fetch(`${h.sim.url}/sandbox/control-panel/place-order`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ store: 'demo7x3', order: { lines: [{ sku: 'MUG-GRY', quantity: 1 }] } }),
    }).then((r) => r.json() as Promise<{ ok: boolean }>);

  it('keeps the install, token, hooks, app extensions and orders across a restart', async () => {
    const first = await start(file);
    const { access_token: token } = await install(first, 'demo7x3');
    const hook = await storeApi(first, token, 'POST', '/v3/hooks', {
      scope: 'store/order/created',
      destination: 'https://example.com/hooks',
    });
    expect(hook.status).toBe(200);
    await storeApi(first, token, 'POST', '/graphql', {
      query:
        'mutation { appExtension { createAppExtension(input: { context: LINK, model: ORDERS, url: "/orders/${id}", label: { defaultValue: "View", locales: [] } }) { appExtension { id } } } }',
    });
    expect(await placeByHand(first)).toMatchObject({ ok: true });
    await first.close();
    open.splice(0);
    expect(fs.existsSync(file)).toBe(true);

    const second = await start(file);
    expect(second.sim.inspect.currentToken('demo7x3')).toBe(token);
    const orders = await storeApi(second, token, 'GET', '/v2/orders');
    expect(orders.status).toBe(200);
    expect((orders.body as Array<{ id: number }>).map((o) => o.id)).toEqual([100]);
    expect(second.sim.inspect.hooks('demo7x3')).toHaveLength(1);
    expect(second.sim.inspect.appExtensions('demo7x3')).toHaveLength(1);
    const state = (await (await fetch(`${second.sim.url}/sandbox/control-panel/state`)).json()) as {
      stores: Array<{ hash: string; installed: boolean }>;
    };
    expect(state.stores.find((s) => s.hash === 'demo7x3')?.installed).toBe(true);
    // Ids continue after the saved ones.
    expect(second.sim.placeOrder('demo7x3', { lines: [{ sku: 'MUG-GRY', quantity: 1 }] }).id).toBe(101);
    expect((await second.sim.loadUrl('demo7x3', 7654321)).startsWith(second.app.url)).toBe(true);
  });

  it('without the option nothing is written, and a broken file is refused with what to do', async () => {
    const h = await start();
    await install(h, 'demo7x3');
    await h.close();
    open.splice(0);
    expect(fs.readdirSync(dir)).toEqual([]);
    fs.writeFileSync(file, '{not json');
    await expect(
      startBigCommerceSimulator({
        appUrl: 'http://127.0.0.1:9',
        clientId: 'c',
        clientSecret: 's',
        stateFile: file,
      }),
    ).rejects.toThrow(/not readable JSON.*delete it to start afresh/);
  });
});
