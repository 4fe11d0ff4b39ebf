import { startMaintenance } from '../../server/relay/maintenance';
import { eventually } from '../helpers/eventually';
import { startHarness, type Harness } from '../helpers/harness';

describe('maintenance', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('deletes expired webhook receipts on each tick and keeps live ones', async () => {
    const past = new Date(Date.now() - 60_000);
    await h.deps.storage.receipts.recordOnce('demo7x3', 'old-hash', past, 1_000);
    await h.deps.storage.receipts.recordOnce('demo7x3', 'live-hash', new Date(), 3_600_000);
    const maintenance = startMaintenance(h.deps, 20);
    try {
      const purgedByMaintenance = await eventually(
        () => h.logs.some((l) => l.includes('expired webhook receipts purged') && l.includes('"purged":1')),
        Boolean,
      );
      expect(purgedByMaintenance).toBe(true);
      expect(await h.deps.storage.receipts.purgeExpired(new Date())).toBe(0);
      expect(await h.deps.storage.receipts.recordOnce('demo7x3', 'live-hash', new Date(), 3_600_000)).toBe(
        false,
      );
    } finally {
      await maintenance.stop();
    }
  });
});
