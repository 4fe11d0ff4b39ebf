import { eventually } from '../helpers/eventually';
import { jsonRequest, type Harness } from '../helpers/harness';
import {
  dataverseWrites,
  outboundSettled,
  placedInIom,
  pollOnce,
  startOutboundHarness,
} from '../helpers/outbound-triggers';
import { expectOk, STORE } from '../helpers/relay';
import { IOM_POLL_JOB } from '../../server/relay/tasks/poll-iom';
import { ORDER_SYNC_JOB, orderJobKey } from '../../server/relay/tasks/sync-order';

jest.setTimeout(180_000);

const ORDERS = 10;

/**
 * Both directions running at once (ROLE all: webhooks, the inbound relay, the 5 s IOM poll, the
 * outbound relay) over a scenario of ten orders: each shipped in two parts, then returned (even) or
 * its rest cancelled (odd). Each relay's writes reach the other side as events (BigCommerce webhooks,
 * IOM row changes); none of them may cause a write back.
 */
describe('no write loop between the two relays over a long run', () => {
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    ({ h, token } = await startOutboundHarness());
  });
  afterAll(async () => {
    await h.close();
  });

  type Placed = Awaited<ReturnType<typeof placedInIom>> & { foId: string; mugFoLine: string };

  const statuses = (placed: Placed[]) =>
    placed.map((p) => Number(h.sim.inspect.order(STORE, p.order.id)?.status_id));
  const shipmentCounts = (placed: Placed[]) =>
    placed.map((p) => h.sim.inspect.shipments(STORE, p.order.id).length);
  const pollRuns = async () => (await h.deps.storage.jobs.get(STORE, IOM_POLL_JOB, 'changes'))?.updatedAt;

  /**
   * Wait (the 5 s poll is the only trigger) until every order shows what the step calls for. Up to 30 s:
   * on a loaded CI machine one order has needed more than 15 s (three polls); the write counts below,
   * not this wait, are what the test is about.
   */
  async function landed(placed: Placed[], shipments: number[], status: number[]) {
    const seen = await eventually(
      () => ({ shipments: shipmentCounts(placed), status: statuses(placed) }),
      (s) =>
        JSON.stringify(s.shipments) === JSON.stringify(shipments) &&
        JSON.stringify(s.status) === JSON.stringify(status),
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(seen).toEqual({ shipments, status });
  }

  it('BigCommerce gets exactly the writes the scenario needs, IOM none, and a further poll and re-sync change nothing', async () => {
    await expectOk(jsonRequest(h, token, 'PUT', '/api/settings', { outbound: { pollIntervalSeconds: 5 } }));
    await pollOnce(h); // the baseline; from now on the poll runs every 5 s by itself
    const started = Date.now();

    const placed: Placed[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const p = await placedInIom(h, [
        { sku: 'MUG-GRY', quantity: 2 },
        { sku: 'TOTE-NAT', quantity: 1 },
      ]);
      placed.push({ ...p, foId: '', mugFoLine: '' });
    }
    const ids = placed.map((p) => p.order.id);
    await eventually(
      async () => Promise.all(ids.map((id) => h.deps.storage.orderLinks.get(STORE, id))),
      (links) => links.every((l) => l?.metafieldWritten === true),
      { timeoutMs: 15_000 },
    );
    const iomFrom = h.iom.inspect.requests.length;
    const writes = h.sim.inspect.writes(STORE);

    // 1. The first package of each order: one mug.
    for (const [i, p] of placed.entries()) {
      const fo = h.iom.operator.createFulfillmentOrder(p.salesOrderId);
      p.foId = fo.fulfillmentOrderId;
      p.mugFoLine = fo.lines.find((l) => l.sku === 'MUG-GRY')!.fulfillmentOrderDetailId;
      h.iom.operator.ship(p.foId, {
        carrier: 'UPS',
        trackingNumber: `1ZLOOPA${i}`,
        lines: [{ fulfillmentOrderDetailId: p.mugFoLine, quantity: 1 }],
      });
    }
    await landed(
      placed,
      placed.map(() => 1),
      placed.map(() => 3),
    );

    // 2. The second package: the rest (even), the other mug (odd).
    for (const [i, p] of placed.entries()) {
      h.iom.operator.ship(p.foId, {
        carrier: 'FedEx',
        trackingNumber: `79LOOPB${i}`,
        ...(i % 2 === 1 ? { lines: [{ fulfillmentOrderDetailId: p.mugFoLine, quantity: 1 }] } : {}),
      });
    }
    await landed(
      placed,
      placed.map(() => 2),
      placed.map((_, i) => (i % 2 === 0 ? 2 : 3)),
    );

    // 3. A mug comes back (even); the tote is cancelled (odd).
    for (const [i, p] of placed.entries()) {
      if (i % 2 === 0) {
        const line = h.iom.inspect
          .salesOrders()
          .find((o) => o.salesOrderId === p.salesOrderId)!
          .lines.find((l) => l.sku === 'MUG-GRY')!;
        h.iom.operator.receiveReturn(p.salesOrderId, [
          { salesOrderDetailId: line.salesOrderDetailId, quantity: 1 },
        ]);
      } else {
        h.iom.operator.cancel(p.foId);
      }
    }
    await landed(
      placed,
      placed.map(() => 2),
      placed.map((_, i) => (i % 2 === 0 ? 14 : 2)),
    );

    // Quiet: the polls and the webhooks of the relay's own writes keep running for a while.
    const quietFrom = await pollRuns();
    await eventually(pollRuns, (at) => at !== quietFrom, { timeoutMs: 10_000 });
    const secondQuiet = await pollRuns();
    await eventually(pollRuns, (at) => at !== secondQuiet, { timeoutMs: 10_000 });
    await outboundSettled(h, ids);
    console.log(`long run: ${Date.now() - started} ms`);

    const expected = {
      shipmentsCreated: 2 * ORDERS,
      // Partially Shipped, Shipped, Partially Refunded (even); Partially Shipped, Shipped (odd).
      statusUpdates: 3 * (ORDERS / 2) + 2 * (ORDERS / 2),
      orderUpdates: 3 * (ORDERS / 2) + 2 * (ORDERS / 2),
      productUpdates: 0,
      shipmentsUpdated: 0,
      shipmentDeletes: 0,
      refundQuotes: 0,
      refunds: 0,
    };
    const delta = (now: typeof writes) =>
      Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - writes[k as keyof typeof writes]]));
    expect(delta(h.sim.inspect.writes(STORE))).toEqual(expected);
    expect(dataverseWrites(h, iomFrom).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    // The count can see writes (the sales orders' creation), and the inbound relay did hear every
    // status the outbound relay set (the webhooks ran) and sent none of them back.
    expect(dataverseWrites(h).length).toBeGreaterThanOrEqual(ORDERS);
    for (const id of ids) {
      const events = await h.deps.storage.events.listForOrder(STORE, id, { limit: 200 });
      expect(events.items.filter((e) => e.type === 'order.status_from_iom').length).toBeGreaterThanOrEqual(1);
    }

    // A further poll and a re-sync of every order (both directions) change nothing.
    await pollOnce(h);
    for (const id of ids) await expectOk(jsonRequest(h, token, 'POST', `/api/orders/${id}/sync`));
    await eventually(
      async () =>
        Promise.all(ids.map((id) => h.deps.storage.jobs.get(STORE, ORDER_SYNC_JOB, orderJobKey(id)))),
      (jobs) => jobs.every((j) => j !== null && j.state !== 'due' && j.state !== 'running'),
      { timeoutMs: 15_000 },
    );
    await pollOnce(h);
    await outboundSettled(h, ids);
    expect(delta(h.sim.inspect.writes(STORE))).toEqual(expected);
    expect(dataverseWrites(h, iomFrom).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(shipmentCounts(placed)).toEqual(placed.map(() => 2));
  });
});
