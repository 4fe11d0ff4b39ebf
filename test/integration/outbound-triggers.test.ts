import { eventually } from '../helpers/eventually';
import { api, jsonRequest, type Harness } from '../helpers/harness';
import {
  outboundRequests,
  outboundSettled,
  placedInIom,
  pollCursor,
  pollOnce,
  shipAll,
  startOutboundHarness,
  waitForShipments,
} from '../helpers/outbound-triggers';
import { expectOk, STORE } from '../helpers/relay';
import { OUTBOUND_ORDER_JOB, outboundJobKey } from '../../server/relay/outbound-job';

jest.setTimeout(60_000);

/** The poll runs only when a test asks (pollOnce), never by itself. */
const NO_SCHEDULED_POLL = { IOM_POLL_INTERVAL_S: '3600' };

const TABLES = ['salesOrder', 'fulfillmentOrder', 'returnOrder'] as const;

async function timelineTriggers(h: Harness, orderId: number, type: string) {
  const events = await h.deps.storage.events.listForOrder(STORE, orderId, { limit: 100 });
  return events.items.filter((e) => e.type === type).map((e) => e.data?.trigger);
}

/** Shipments per BigCommerce order of the store. */
function shipmentCounts(h: Harness): Map<number, number> {
  return new Map(h.sim.inspect.orders(STORE).map((o) => [o.id, h.sim.inspect.shipments(STORE, o.id).length]));
}

/** How many shipments the store's orders gained since `before`. */
function shipmentsSince(h: Harness, before: Map<number, number>): number {
  let gained = 0;
  for (const [id, count] of shipmentCounts(h)) gained += count - (before.get(id) ?? 0);
  return gained;
}

/** Orders with a tracking number shipped twice (every IOM shipment here goes to one address). */
function duplicateShipments(h: Harness): string[] {
  return h.sim.inspect.orders(STORE).flatMap((o) => {
    const numbers = h.sim.inspect.shipments(STORE, o.id).map((s) => s.tracking_number);
    return numbers.filter((n, i) => numbers.indexOf(n) !== i).map((n) => `${o.id}:${n}`);
  });
}

describe('what makes the outbound relay look at IOM: the poll', () => {
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    ({ h, token } = await startOutboundHarness({ env: NO_SCHEDULED_POLL }));
    // The re-reads bring many orders back (all level-triggered); the quota is tested elsewhere.
    h.sim.knobs.apiRequestsPerWindow = 10_000;
  });
  afterAll(async () => {
    await h.close();
  });

  it('change tracking: the first poll catches up (a shipment made before it reaches BigCommerce), a later shipment too, a quiet poll does nothing', async () => {
    const before = await placedInIom(h, [{ sku: 'MUG-GRY', quantity: 1 }]);
    shipAll(h, before.salesOrderId, '1ZBEFOREBASELINE');
    await pollOnce(h);
    // A delta link per watched table, kept for the store; the first look reports the last 7 days, so
    // the order IOM shipped before the relay ever looked still comes back.
    for (const role of TABLES) {
      const cursor = await pollCursor(h, role);
      expect(cursor).toMatchObject({ deltaLink: expect.stringMatching(/(\$|%24)deltatoken=/) });
    }
    await eventually(
      () => h.sim.inspect.shipments(STORE, before.order.id),
      (shipments) => shipments.length === 1,
      { timeoutMs: 10_000 },
    );

    const { order, salesOrderId } = await placedInIom(h, [{ sku: 'MUG-GRY', quantity: 2 }]);
    const baseline = await pollCursor(h, 'fulfillmentOrder');
    shipAll(h, salesOrderId, '1ZPOLL0001');
    await pollOnce(h);
    const shipments = await waitForShipments(h, order.id, 1);
    expect(shipments.map((s) => s.tracking_number)).toEqual(['1ZPOLL0001']);
    await outboundSettled(h, [order.id]);
    expect(await timelineTriggers(h, order.id, 'shipment.created')).toEqual(['poll']);
    expect((await pollCursor(h, 'fulfillmentOrder'))?.deltaLink).not.toBe(baseline?.deltaLink);

    // Nothing changed in IOM since: the next poll queues nothing and BigCommerce gets no write.
    const writes = h.sim.inspect.writes(STORE);
    const requested = await outboundRequests(h, [order.id, before.order.id]);
    await pollOnce(h);
    expect(await outboundRequests(h, [order.id, before.order.id])).toEqual(requested);
    expect(h.sim.inspect.writes(STORE)).toEqual(writes);
    void token;
  });

  it('an expired delta link: the tables are read again, the change made meanwhile is found, nothing written twice', async () => {
    const { order, salesOrderId } = await placedInIom(h, [{ sku: 'TOTE-NAT', quantity: 1 }]);
    await pollOnce(h); // the sales order's creation, seen
    await outboundSettled(h, [order.id]);
    const writes = h.sim.inspect.writes(STORE);
    const before = shipmentCounts(h);
    const logsFrom = h.logs.length;

    h.iom.expireChangeTracking();
    shipAll(h, salesOrderId, '1ZEXPIRED01');
    await pollOnce(h);
    await waitForShipments(h, order.id, 1);
    await outboundSettled(h, [order.id]);
    expect(h.logs.slice(logsFrom).some((l) => l.includes('IOM refused a delta link'))).toBe(true);
    // Orders the re-read reports again (the overlap) are level-triggered: they plan nothing new.
    await pollOnce(h);
    await outboundSettled(h, [order.id]);
    expect(h.sim.inspect.shipments(STORE, order.id)).toHaveLength(1);
    // The re-read may also bring an order shipped before the baseline (modified within the overlap):
    // every write made is one IOM shipment relayed once, never a second copy.
    const after = h.sim.inspect.writes(STORE);
    expect(after.shipmentsCreated - writes.shipmentsCreated).toBe(shipmentsSince(h, before));
    expect(duplicateShipments(h)).toEqual([]);
  });

  it('the re-read after an expired delta link queues only orders modified since the last good look', async () => {
    const FIVE_MINUTES = 5 * 60_000;
    h.iom.advanceClock(-FIVE_MINUTES); // an order IOM last touched five minutes ago
    let old: Awaited<ReturnType<typeof placedInIom>>;
    try {
      old = await placedInIom(h, [{ sku: 'MUG-GRY', quantity: 1 }]);
      shipAll(h, old.salesOrderId, '1ZOLDORDER');
    } finally {
      h.iom.advanceClock(FIVE_MINUTES);
    }
    await pollOnce(h); // change tracking goes by versions, not dates: the old order is seen and shipped
    await waitForShipments(h, old.order.id, 1);
    await outboundSettled(h, [old.order.id]);
    const requested = await outboundRequests(h, [old.order.id]);

    const fresh = await placedInIom(h, [{ sku: 'TOTE-NAT', quantity: 1 }]);
    h.iom.expireChangeTracking();
    shipAll(h, fresh.salesOrderId, '1ZFRESHORDER');
    await pollOnce(h);
    await waitForShipments(h, fresh.order.id, 1);
    await outboundSettled(h, [fresh.order.id, old.order.id]);
    expect(await outboundRequests(h, [old.order.id])).toEqual(requested);
    expect(h.sim.inspect.shipments(STORE, old.order.id)).toHaveLength(1);
  });

  it('ExpireChangeTrackingInDays lowered to 0 (every delta link already too old): found by the re-read too', async () => {
    const { order, salesOrderId } = await placedInIom(h, [{ sku: 'MUG-GRY', quantity: 1 }]);
    await pollOnce(h);
    await outboundSettled(h, [order.id]);
    const writes = h.sim.inspect.writes(STORE);
    h.iom.knobs.changeTrackingExpiryDays = 0; // every token issued before now is past its expiry
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // tokens carry whole seconds
      shipAll(h, salesOrderId, '1ZPASTEXPIRY');
      await pollOnce(h);
      await waitForShipments(h, order.id, 1);
      await outboundSettled(h, [order.id]);
    } finally {
      h.iom.knobs.changeTrackingExpiryDays = 7;
    }
    const after = h.sim.inspect.writes(STORE);
    expect(after.shipmentsCreated - writes.shipmentsCreated).toBe(1);
    expect(after.statusUpdates - writes.statusUpdates).toBe(1);
  });

  it('a delta link older than 7 days by the IOM clock: refused, the table read again, the shipment found once', async () => {
    const { order, salesOrderId } = await placedInIom(h, [{ sku: 'TOTE-NAT', quantity: 2 }]);
    await pollOnce(h);
    await outboundSettled(h, [order.id]);
    const writes = h.sim.inspect.writes(STORE);
    const before = shipmentCounts(h);
    const logsFrom = h.logs.length;
    h.iom.advanceClock(8 * 24 * 60 * 60 * 1000);
    try {
      shipAll(h, salesOrderId, '1ZEIGHTDAYS');
      await pollOnce(h);
      await waitForShipments(h, order.id, 1);
      await outboundSettled(h, [order.id]);
    } finally {
      h.iom.advanceClock(-8 * 24 * 60 * 60 * 1000);
    }
    expect(h.logs.slice(logsFrom).some((l) => l.includes('IOM refused a delta link'))).toBe(true);
    expect(h.sim.inspect.writes(STORE).shipmentsCreated - writes.shipmentsCreated).toBe(
      shipmentsSince(h, before),
    );
    expect(duplicateShipments(h)).toEqual([]);
  });

  it('change tracking turned off: the modifiedon poll finds the shipment, also one made right after the switch', async () => {
    await pollOnce(h); // a tracked look to go on from
    h.iom.knobs.changeTracking.msdyn_fulfillmentorder = false;
    h.iom.knobs.changeTracking.salesorder = false; // else the sales order's own change would find it
    try {
      await expectOk(jsonRequest(h, token, 'POST', '/api/connection/test'));
      const profile = (await h.deps.storage.connections.get(STORE))?.fulfillmentProfile;
      expect(profile?.changeTracking).toMatchObject({ salesOrder: false, fulfillmentOrder: false });

      // Shipped between the last tracked look and the first modifiedon look: still found.
      const first = await placedInIom(h, [{ sku: 'MUG-GRY', quantity: 1 }]);
      shipAll(h, first.salesOrderId, '1ZSWITCH01');
      const from = h.iom.inspect.requests.length;
      await pollOnce(h);
      const modifiedReads = h.iom.inspect.requests
        .slice(from)
        .filter(
          (r) =>
            r.path.endsWith('/msdyn_fulfillmentorders') &&
            String(r.query.$filter ?? '').includes('modifiedon'),
        );
      expect(modifiedReads.length).toBeGreaterThanOrEqual(1);
      await waitForShipments(h, first.order.id, 1);

      const second = await placedInIom(h, [{ sku: 'TOTE-NAT', quantity: 1 }]);
      shipAll(h, second.salesOrderId, '1ZMODIFIED02');
      await pollOnce(h);
      const shipments = await waitForShipments(h, second.order.id, 1);
      expect(shipments.map((s) => s.tracking_number)).toEqual(['1ZMODIFIED02']);
      await outboundSettled(h, [first.order.id, second.order.id]);
      expect(h.sim.inspect.shipments(STORE, first.order.id)).toHaveLength(1);

      // Nothing changed since: rows already reported (the overlap read again) queue nothing.
      const requested = await outboundRequests(h, [first.order.id, second.order.id]);
      const writes = h.sim.inspect.writes(STORE);
      await pollOnce(h);
      expect(await outboundRequests(h, [first.order.id, second.order.id])).toEqual(requested);
      expect(h.sim.inspect.writes(STORE)).toEqual(writes);
    } finally {
      h.iom.knobs.changeTracking.msdyn_fulfillmentorder = true;
      h.iom.knobs.changeTracking.salesorder = true;
      await expectOk(jsonRequest(h, token, 'POST', '/api/connection/test'));
    }
  });

  it('change tracking turned off in IOM without a new connection test: the poll falls back to modifiedon and finds the shipment', async () => {
    expect((await h.deps.storage.connections.get(STORE))?.fulfillmentProfile?.changeTracking).toMatchObject({
      salesOrder: true,
      fulfillmentOrder: true,
    });
    const { order, salesOrderId } = await placedInIom(h, [{ sku: 'MUG-GRY', quantity: 1 }]);
    await pollOnce(h);
    await outboundSettled(h, [order.id]);
    h.iom.knobs.changeTracking.msdyn_fulfillmentorder = false;
    h.iom.knobs.changeTracking.salesorder = false;
    try {
      shipAll(h, salesOrderId, '1ZSTALEPROFILE');
      await pollOnce(h);
      expect((await waitForShipments(h, order.id, 1)).map((s) => s.tracking_number)).toEqual([
        '1ZSTALEPROFILE',
      ]);
      await outboundSettled(h, [order.id]);
    } finally {
      h.iom.knobs.changeTracking.msdyn_fulfillmentorder = true;
      h.iom.knobs.changeTracking.salesorder = true;
    }
    // Change tracking back on: the poll goes on with it, from its last look.
    const next = await placedInIom(h, [{ sku: 'TOTE-NAT', quantity: 1 }]);
    shipAll(h, next.salesOrderId, '1ZTRACKEDAGAIN');
    await pollOnce(h);
    expect((await waitForShipments(h, next.order.id, 1)).map((s) => s.tracking_number)).toEqual([
      '1ZTRACKEDAGAIN',
    ]);
    await outboundSettled(h, [next.order.id]);
    expect(await pollCursor(h, 'fulfillmentOrder')).toMatchObject({ deltaLink: expect.any(String) });
    expect(duplicateShipments(h)).toEqual([]);
  });

  it('a push from IOM: the shipment is in BigCommerce without a poll; a push signed with a wrong secret is refused', async () => {
    await expectOk(
      jsonRequest(h, token, 'PUT', '/api/settings', { outbound: { pollIntervalSeconds: 3600 } }),
    );
    const { secret } = (await expectOk(api(h, token, '/api/push-secret'))) as { secret: string };
    const { order, salesOrderId } = await placedInIom(h, [{ sku: 'MUG-GRY', quantity: 1 }]);
    await outboundSettled(h, [order.id]);
    const pollJob = await h.deps.storage.jobs.get(STORE, 'iom.poll', 'changes');

    // A sender with the wrong secret: refused, nothing queued.
    h.iom.configurePush({ url: `${h.appUrl}/iom/events`, secret: 'not-the-store-secret', storeHash: STORE });
    const fo = h.iom.operator.createFulfillmentOrder(salesOrderId);
    await h.iom.pushesSettled();
    expect(h.iom.inspect.pushes().at(-1)).toMatchObject({ status: 401, salesOrderId });
    expect(await h.deps.storage.jobs.get(STORE, OUTBOUND_ORDER_JOB, outboundJobKey(order.id))).toBeNull();

    h.iom.configurePush({ url: `${h.appUrl}/iom/events`, secret, storeHash: STORE });
    const shippedAt = Date.now();
    h.iom.operator.ship(fo.fulfillmentOrderId, { carrier: 'UPS', trackingNumber: '1ZPUSHED01' });
    const shipments = await waitForShipments(h, order.id, 1, 10_000);
    const latencyMs = Date.now() - shippedAt;
    console.log(`IOM push → BigCommerce shipment latency: ${latencyMs} ms`);
    expect(shipments.map((s) => s.tracking_number)).toEqual(['1ZPUSHED01']);
    expect(h.iom.inspect.pushes().at(-1)).toMatchObject({ status: 202, event: 'shipped' });
    // The timeline entry follows the shipment's POST (the simulator has the shipment a moment sooner).
    expect(
      await eventually(
        () => timelineTriggers(h, order.id, 'shipment.created'),
        (triggers) => triggers.length > 0,
      ),
    ).toEqual(['push']);
    // No poll ran meanwhile.
    expect((await h.deps.storage.jobs.get(STORE, 'iom.poll', 'changes'))?.updatedAt).toBe(pollJob?.updatedAt);
    h.iom.configurePush(null);
  });
});

describe('what makes the outbound relay look at IOM: an environment with its own names', () => {
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    ({ h, token } = await startOutboundHarness({
      env: NO_SCHEDULED_POLL,
      iom: {
        renames: {
          msdyn_fulfillmenttracking: 'contoso_shipmenttracking',
          'msdyn_fulfillmenttrackingline.msdyn_quantity': 'contoso_units',
        },
      },
    }));
  });
  afterAll(async () => {
    await h.close();
  });

  it('a renamed tracking table is found; a column discovery cannot infer holds the order until the override, then the poll sends it', async () => {
    const profile = (await h.deps.storage.connections.get(STORE))?.fulfillmentProfile;
    expect(profile?.tracking.table).toBe('contoso_shipmenttracking');
    expect(profile?.missing).toEqual([expect.stringContaining('trackingLine.quantity')]);

    const { order, salesOrderId } = await placedInIom(h, [{ sku: 'MUG-GRY', quantity: 1 }]);
    shipAll(h, salesOrderId, '1ZCONTOSO1');
    // Told about the order (as a push would), the relay cannot read its shipments yet.
    await h.deps.storage.jobs.enqueue(
      {
        storeHash: STORE,
        kind: OUTBOUND_ORDER_JOB,
        key: outboundJobKey(order.id),
        payload: { orderId: order.id, reason: 'test' },
      },
      new Date(),
    );
    const held = await eventually(
      () => h.deps.storage.outbound.get(STORE, order.id),
      (r) => r?.attention?.code === 'iom_schema',
      { timeoutMs: 10_000 },
    );
    expect(held?.attention).toMatchObject({
      code: 'iom_schema',
      message: expect.stringContaining('trackingLine.quantity'),
    });
    expect(h.sim.inspect.shipments(STORE, order.id)).toEqual([]);

    await expectOk(
      jsonRequest(h, token, 'PUT', '/api/connection/schema-overrides', {
        'trackingLine.quantity': 'contoso_units',
      }),
    );
    await pollOnce(h);
    const shipments = await waitForShipments(h, order.id, 1);
    expect(shipments.map((s) => [s.tracking_number, s.items.map((i) => i.quantity)])).toEqual([
      ['1ZCONTOSO1', [1]],
    ]);
    await eventually(
      () => h.deps.storage.outbound.get(STORE, order.id),
      (r) => r?.attention === null,
      { timeoutMs: 10_000 },
    );

    // And from then on the poll finds the renamed environment's shipments by itself.
    const next = await placedInIom(h, [{ sku: 'TOTE-NAT', quantity: 2 }]);
    shipAll(h, next.salesOrderId, '1ZCONTOSO2');
    await pollOnce(h);
    expect((await waitForShipments(h, next.order.id, 1)).map((s) => s.tracking_number)).toEqual([
      '1ZCONTOSO2',
    ]);
  });
});
