import { eventually } from './eventually';
import { jsonRequest, ownerSession, sandboxConnectionBody, startHarness, type Harness } from './harness';
import type { Tuning } from '../../server/deps';
import { OUTBOUND_ORDER_JOB, outboundJobKey } from '../../server/relay/outbound-job';
import type { OrderLinkRecord, OutboundRecord } from '../../server/storage/types';

export const STORE = 'demo7x3';

/** A harness with the store installed, connected to the sandbox IOM (tested) and syncing on. */
export async function startSyncingHarness(
  opts: { env?: Record<string, string>; tuning?: Partial<Tuning>; settings?: Record<string, unknown> } = {},
): Promise<{ h: Harness; token: string }> {
  const h = await startHarness({ env: opts.env, tuning: opts.tuning });
  const token = await ownerSession(h, STORE);
  await expectOk(jsonRequest(h, token, 'PUT', '/api/connection', sandboxConnectionBody(h)));
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

export async function expectOk(response: Promise<Response>): Promise<unknown> {
  const res = await response;
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text.slice(0, 500)}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

/** Wait until the order's link satisfies `accept` (default: synced). */
export async function waitForLink(
  h: Harness,
  orderId: number,
  accept: (link: OrderLinkRecord | null) => boolean = (l) => l?.syncState === 'synced',
  timeoutMs = 10_000,
): Promise<OrderLinkRecord | null> {
  return eventually(() => h.deps.storage.orderLinks.get(STORE, orderId), accept, { timeoutMs });
}

/** The sandbox IOM's sales orders for one BigCommerce order of the store. */
export function salesOrdersFor(h: Harness, orderId: number) {
  return h.iom.inspect.salesOrders().filter((o) => o.externalOrderId === `bigcommerce_${STORE}_${orderId}`);
}

/** Requests our app sent to Dataverse (by the simulator's record) whose method and path match. */
export function dataverseRequests(h: Harness, method: string, pathPattern: RegExp) {
  return h.iom.inspect.requests.filter((r) => r.method === method && pathPattern.test(r.path));
}

/** Place an order in the simulated store and wait until IOM has it: the order and its IOM sales order id. */
export async function placeSyncedOrder(h: Harness, input: Parameters<Harness['sim']['placeOrder']>[1]) {
  const order = h.sim.placeOrder(STORE, input);
  const link = await waitForLink(h, order.id);
  return { order, salesOrderId: link!.iomSalesOrderId! };
}

/** Run the order's outbound sync now (what a poll or a push does) and wait until it has finished. */
export async function syncOutbound(h: Harness, orderId: number): Promise<OutboundRecord> {
  const before = (await h.deps.storage.outbound.get(STORE, orderId))?.lastReconciledAt ?? null;
  await h.deps.storage.jobs.enqueue(
    {
      storeHash: STORE,
      kind: OUTBOUND_ORDER_JOB,
      key: outboundJobKey(orderId),
      payload: { orderId, reason: 'test' },
    },
    new Date(),
  );
  const record = await eventually(
    async () => {
      const job = await h.deps.storage.jobs.get(STORE, OUTBOUND_ORDER_JOB, outboundJobKey(orderId));
      const current = await h.deps.storage.outbound.get(STORE, orderId);
      return job?.state === 'idle' && current && current.lastReconciledAt !== before ? current : null;
    },
    (r) => r !== null,
    { timeoutMs: 15_000 },
  );
  return record!;
}
