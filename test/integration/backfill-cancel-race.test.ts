import { eventually } from '../helpers/eventually';
import { api, jsonRequest, ownerSession, startHarness, type Harness } from '../helpers/harness';
import { expectOk, STORE } from '../helpers/relay';
import type { BackfillResponse } from '../../server/http/api-types';
import { BACKFILL_JOB, BACKFILL_KEY } from '../../server/relay/tasks/backfill';
import { ORDER_SYNC_JOB, orderJobKey } from '../../server/relay/tasks/sync-order';

jest.setTimeout(60_000);

const PAGE = 250;

/**
 * A cancel that lands while the backfill task is reading a page of orders: the run that was reading
 * must not write its progress over the cancellation (the backfill would read on). The simulator's
 * `onOrdersListed` hook holds the first page's response until the cancel has been answered (the first
 * page: no order syncs are queued ahead of the cancelled job's last turn, so the test stays fast).
 */
describe('backfill: a cancel while a page read is in flight', () => {
  let h: Harness;
  let token: string;

  beforeEach(async () => {
    // No sweep: only the backfill queues these orders.
    h = await startHarness({ env: { SWEEP_INTERVAL_S: '0' } });
    token = await ownerSession(h, STORE);
    h.sim.knobs.webhooksPaused = true; // the orders exist before the app hears of them
    h.sim.knobs.apiRequestsPerWindow = 100_000; // pages paced ~0.1 s apart, so a missed cancel shows fast
  });
  afterEach(async () => {
    h.sim.knobs.onOrdersListed = undefined;
    await h.close();
  });

  const queuedByBackfill = async (ids: readonly number[]): Promise<number[]> => {
    const queued: number[] = [];
    for (const id of ids) {
      const job = await h.deps.storage.jobs.get(STORE, ORDER_SYNC_JOB, orderJobKey(id));
      if (job?.payload['reason'] === 'backfill') queued.push(id);
    }
    return queued;
  };

  it('the cancellation stands: no page after the one in flight is read, its orders are not queued', async () => {
    const from = new Date(Date.now() - 1_000).toISOString();
    const ids = h.sim.placeOrders(STORE, 2 * PAGE + 100).map((o) => o.id);
    const listedPages: number[] = [];
    let reached: () => void = () => undefined;
    const pageOneReached = new Promise<void>((resolve) => (reached = resolve));
    let release: () => void = () => undefined;
    const pageOneReleased = new Promise<void>((resolve) => (release = resolve));
    h.sim.knobs.onOrdersListed = (storeHash, listed) => {
      if (storeHash !== STORE) return;
      listedPages.push(listed.page);
      if (listed.page !== 1) return;
      reached();
      return pageOneReleased;
    };

    await expectOk(jsonRequest(h, token, 'POST', '/api/backfill', { from }));
    await pageOneReached; // the task is reading page 1 (its response is held)
    const cancelled = (await expectOk(jsonRequest(h, token, 'DELETE', '/api/backfill'))) as BackfillResponse;
    expect(cancelled.status).toBe('cancelled');
    release();

    // The run that read page 1 finishes (it queues that page's orders), then the job settles. Had
    // that run written its progress over the cancellation, the job's payload would say running again.
    const settled = await eventually(
      () => h.deps.storage.jobs.get(STORE, BACKFILL_JOB, BACKFILL_KEY),
      (job) => job?.payload['status'] !== 'cancelled' || job.state === 'idle',
      { timeoutMs: 30_000 },
    );
    expect(settled?.payload['status']).toBe('cancelled');
    expect(settled?.state).toBe('idle');
    // The cancelled progress counts the page that was in flight (its orders are queued and sync).
    expect(settled?.payload).toMatchObject({ pagesRead: 1, seen: PAGE, queued: PAGE, minOrderId: ids[0] });
    expect(listedPages).toEqual([1]);
    const after = (await expectOk(api(h, token, '/api/backfill'))) as BackfillResponse;
    expect(after.status).toBe('cancelled');

    // The page in flight when the cancel landed is queued (it was read); the later pages never are.
    expect(await queuedByBackfill(ids.slice(0, PAGE))).toHaveLength(PAGE);
    expect(await queuedByBackfill(ids.slice(PAGE))).toEqual([]);
    // What BigCommerce saw: the list read once, page 1.
    const listReads = h.sim.inspect.requests.filter(
      (r) => r.method === 'GET' && r.path === `/stores/${STORE}/v2/orders`,
    );
    expect(listReads.map((r) => r.query['page'])).toEqual(['1']);
  });
});
