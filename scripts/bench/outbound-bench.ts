import { performance } from 'node:perf_hooks';
import { newPushSecret } from '../../server/relay/push-signature';
import { pollIomSoon } from '../../server/relay/tasks/poll-iom';
import { STORE, type RelayRig } from './relay-bench';

export interface OutboundResult {
  shipments: number;
  p50Ms: number;
  p99Ms: number;
  /** BigCommerce writes (shipments, status PUTs, anything else) per IOM shipment. */
  bigcommerceWritesPerShipment: number;
  /** Dataverse reads (Web API GETs, metadata excluded) per IOM shipment, polls included. */
  dataverseReadsPerShipment: number;
  /** Dataverse rows the two IOM actions of each order changed (fulfillment order created, then shipped). */
  changedRowsPerShipment: number;
}

/**
 * IOM change → BigCommerce shipment: `count` orders (one line each) reach IOM first; then each is
 * fulfilled and shipped in the simulated IOM, one every `spacingMs`, and the time until its shipment is
 * on the BigCommerce order is measured. `push`: the sandbox IOM pushes to POST /iom/events and polls
 * are an hour apart; `poll`: no push, the store polls IOM's change tracking every 5 s (the minimum).
 */
export async function outboundLatency(
  rig: RelayRig,
  mode: 'push' | 'poll',
  count: number,
  opts: { shipmentsSetStatus: boolean; spacingMs?: number },
): Promise<OutboundResult> {
  const { bc, iom, runtime } = rig;
  const { storage } = runtime.deps;
  const spacingMs = opts.spacingMs ?? 100;
  bc.knobs.apiRequestsPerWindow = 1_000_000;
  bc.knobs.shipmentsSetStatus = opts.shipmentsSetStatus;
  const stored = (await storage.settings.get(STORE)) ?? {};
  await storage.settings.put(
    STORE,
    {
      ...stored,
      outbound: { ...((stored.outbound as object) ?? {}), pollIntervalSeconds: mode === 'push' ? 3600 : 5 },
    },
    new Date(),
  );
  if (mode === 'push') {
    await storage.stores.setPushSecret(STORE, newPushSecret(), new Date());
    const secret = (await storage.stores.get(STORE))!.pushSecret!;
    iom.configurePush({ url: `${runtime.url}/iom/events`, secret, storeHash: STORE });
  } else {
    iom.configurePush(null);
  }
  const orders = Array.from({ length: count }, () =>
    bc.placeOrder(STORE, { lines: [{ sku: 'MUG-GRY', quantity: 1 }] }),
  );
  const salesOrders = new Map<number, string>();
  for (const order of orders) {
    for (;;) {
      const link = await storage.orderLinks.get(STORE, order.id);
      if (link?.syncState === 'synced' && link.iomSalesOrderId) {
        salesOrders.set(order.id, link.iomSalesOrderId);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  // The poll's baseline is taken now, so every shipment below is a change it reports.
  await pollIomSoon(runtime.deps, STORE, new Date());
  // (and the batched metafield write-back of the new orders is done before writes are counted).
  await new Promise((resolve) => setTimeout(resolve, 2_500));

  const writesBefore = bigcommerceWrites(rig);
  const readsBefore = dataverseReads(rig);
  const shippedAt = new Map<number, number>();
  const arrivedAt = new Map<number, number>();
  const watching = (async () => {
    const deadline = Date.now() + 5 * 60_000;
    while (arrivedAt.size < count && Date.now() < deadline) {
      for (const [orderId] of shippedAt) {
        if (!arrivedAt.has(orderId) && bc.inspect.shipments(STORE, orderId).length > 0) {
          arrivedAt.set(orderId, performance.now());
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  for (const order of orders) {
    const salesOrderId = salesOrders.get(order.id)!;
    const fo = iom.operator.createFulfillmentOrder(salesOrderId);
    iom.operator.ship(fo.fulfillmentOrderId, { carrier: 'UPS', trackingNumber: `1ZBENCH${order.id}` });
    shippedAt.set(order.id, performance.now());
    await new Promise((resolve) => setTimeout(resolve, spacingMs));
  }
  await watching;
  if (arrivedAt.size < count)
    throw new Error(`only ${arrivedAt.size} of ${count} shipments reached BigCommerce`);
  // Let the status write of the last order land before counting.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const latencies = [...arrivedAt].map(([id, at]) => at - shippedAt.get(id)!).sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    shipments: count,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    bigcommerceWritesPerShipment: (bigcommerceWrites(rig) - writesBefore) / count,
    dataverseReadsPerShipment: (dataverseReads(rig) - readsBefore) / count,
    // Fulfillment order created: the fulfillment order, its line, the sales order (3). Shipped: the
    // tracking row and its line, the fulfillment order and its line, the sales order and its line (6).
    changedRowsPerShipment: 9,
  };
}

/** Every request that is not a read, to the store's API (shipments, status PUTs, metafields, …). */
function bigcommerceWrites(rig: RelayRig): number {
  return rig.bc.inspect.requests.filter((r) => r.method !== 'GET' && r.path.startsWith(`/stores/${STORE}/`))
    .length;
}

function dataverseReads(rig: RelayRig): number {
  return rig.iom.inspect.requests.filter(
    (r) => r.method === 'GET' && r.path.includes('/api/data/') && !r.path.includes('EntityDefinitions'),
  ).length;
}
