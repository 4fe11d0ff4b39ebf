import type { IomSimulatorOptions } from '../../scripts/sandbox/iom';
import { cursorName } from '../../server/iom/iom-changes';
import { OUTBOUND_ORDER_JOB, outboundJobKey } from '../../server/relay/outbound-job';
import { IOM_POLL_JOB, pollIomSoon } from '../../server/relay/tasks/poll-iom';
import type { Tuning } from '../../server/deps';
import { eventually } from './eventually';
import { jsonRequest, ownerSession, sandboxConnectionBody, startHarness, type Harness } from './harness';
import { expectOk, STORE, waitForLink } from './relay';

/** `startSyncingHarness`, with options for the IOM simulator (renamed tables, knobs set before the test). */
export async function startOutboundHarness(
  opts: {
    iom?: IomSimulatorOptions;
    tuning?: Partial<Tuning>;
    env?: Record<string, string>;
    settings?: Record<string, unknown>;
    beforeConnectionTest?: (h: Harness) => void;
  } = {},
): Promise<{ h: Harness; token: string }> {
  const h = await startHarness({ iom: opts.iom, tuning: opts.tuning, env: opts.env });
  const token = await ownerSession(h, STORE);
  await expectOk(jsonRequest(h, token, 'PUT', '/api/connection', sandboxConnectionBody(h)));
  opts.beforeConnectionTest?.(h);
  await expectOk(jsonRequest(h, token, 'POST', '/api/connection/test'));
  await expectOk(
    jsonRequest(h, token, 'PUT', '/api/settings', {
      syncEnabled: true,
      defaultAccountId: h.iom.catalog.accountId,
      priceListId: h.iom.catalog.priceLevelId,
      ...opts.settings,
    }),
  );
  return { h, token };
}

/**
 * Run the store's `iom.poll` job now (as the schedule would) and wait until that run has finished
 * and rescheduled itself. Needs a poll interval well above a second (the default 60 s).
 */
export async function pollOnce(h: Harness, timeoutMs = 15_000): Promise<void> {
  const asked = new Date();
  await pollIomSoon(h.deps, STORE, asked);
  const job = await eventually(
    () => h.deps.storage.jobs.get(STORE, IOM_POLL_JOB, 'changes'),
    (j) =>
      j !== null &&
      j.state === 'due' &&
      j.updatedAt > asked.toISOString() &&
      j.dueAt !== null &&
      Date.parse(j.dueAt) > asked.getTime() + 2_000,
    { timeoutMs, intervalMs: 25 },
  );
  if (!job || job.state !== 'due' || !(job.updatedAt > asked.toISOString()))
    throw new Error(`the IOM poll did not run: ${JSON.stringify(job)}`);
  if (job.lastError) throw new Error(`the IOM poll failed: ${job.lastError}`);
}

/** The poll's stored cursor of one watched table ('salesOrder', 'fulfillmentOrder', 'returnOrder'). */
export async function pollCursor(h: Harness, role: string): Promise<Record<string, unknown> | null> {
  const connection = await h.deps.storage.connections.get(STORE);
  return h.deps.storage.cursors.get(STORE, cursorName(connection!.environmentUrl, role));
}

/** Place an order in the store and wait until IOM has it; the order and its IOM sales order id. */
export async function placedInIom(h: Harness, lines: Array<{ sku: string; quantity: number }>) {
  const order = h.sim.placeOrder(STORE, { lines });
  const link = await waitForLink(h, order.id, undefined, 15_000);
  if (!link?.iomSalesOrderId) throw new Error(`order ${order.id} did not reach IOM: ${JSON.stringify(link)}`);
  return { order, salesOrderId: link.iomSalesOrderId };
}

/** Ship everything open on a new fulfillment order of the sales order. */
export function shipAll(h: Harness, salesOrderId: string, trackingNumber: string, carrier = 'UPS') {
  const fo = h.iom.operator.createFulfillmentOrder(salesOrderId);
  h.iom.operator.ship(fo.fulfillmentOrderId, { carrier, trackingNumber });
  return fo;
}

/** Wait until the BigCommerce order has `count` shipments; returns them. */
export async function waitForShipments(h: Harness, orderId: number, count: number, timeoutMs = 15_000) {
  return eventually(
    () => h.sim.inspect.shipments(STORE, orderId),
    (s) => s.length >= count,
    { timeoutMs },
  );
}

/** Wait until no outbound job of these orders is due or running. */
export async function outboundSettled(h: Harness, orderIds: readonly number[], timeoutMs = 20_000) {
  const busy = async () => {
    let n = 0;
    for (const id of orderIds) {
      const job = await h.deps.storage.jobs.get(STORE, OUTBOUND_ORDER_JOB, outboundJobKey(id));
      if (job && (job.state === 'due' || job.state === 'running')) n++;
    }
    return n;
  };
  const left = await eventually(busy, (n) => n === 0, { timeoutMs, intervalMs: 100 });
  if (left !== 0) throw new Error(`${left} outbound job(s) still busy`);
}

/** The `requestedAt` of each order's outbound job (null: never queued). */
export async function outboundRequests(h: Harness, orderIds: readonly number[]) {
  const out: Record<number, string | null> = {};
  for (const id of orderIds)
    out[id] =
      (await h.deps.storage.jobs.get(STORE, OUTBOUND_ORDER_JOB, outboundJobKey(id)))?.requestedAt ?? null;
  return out;
}

/** Dataverse writes (POST/PATCH/DELETE under /api/data) the IOM simulator received since index `from`. */
export function dataverseWrites(h: Harness, from = 0) {
  return h.iom.inspect.requests
    .slice(from)
    .filter((r) => r.method !== 'GET' && r.path.includes('/api/data/'));
}
