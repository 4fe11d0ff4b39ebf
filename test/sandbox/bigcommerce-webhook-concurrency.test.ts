import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_DELIVERIES_IN_FLIGHT } from '../../scripts/sandbox/bigcommerce/webhook-dispatcher';
import { eventually } from '../helpers/eventually';
import { api, install, startHarness, type Harness } from './bigcommerce-kit';

// A burst of orders reaches a destination as a stream of at most MAX_DELIVERIES_IN_FLIGHT requests
// at a time (sandbox assumption in webhook-dispatcher.ts), and every delivery still arrives.
describe('BigCommerce simulator: webhook delivery concurrency', () => {
  let h: Harness;
  let server: http.Server;
  let active = 0;
  let peak = 0;
  let received = 0;

  beforeAll(async () => {
    h = await startHarness();
    server = http.createServer((req, res) => {
      active += 1;
      peak = Math.max(peak, active);
      req.resume();
      req.on('end', () =>
        setTimeout(() => {
          active -= 1;
          received += 1;
          res.writeHead(200).end();
        }, 5),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await h.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('delivers 300 created webhooks, never more than the cap at once', async () => {
    const token = (await install(h, 'demo7x3')).access_token;
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    const res = await api(h, token, 'POST', '/hooks', { scope: 'store/order/created', destination: url });
    expect(res.status).toBe(200);
    h.sim.placeOrders('demo7x3', 300);
    await eventually(
      () => received,
      (n) => n === 300,
      { timeoutMs: 20_000 },
    );
    expect(peak).toBeLessThanOrEqual(MAX_DELIVERIES_IN_FLIGHT);
    expect(peak).toBeGreaterThan(1);
  });
});
