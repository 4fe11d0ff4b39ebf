import { randomBytes } from 'node:crypto';
import type { FulfillmentProfile } from '../../server/iom/fulfillment-profile';
import { SecretBox } from '../../server/security/secret-box';
import type { DocumentStore } from '../../server/storage/document-store';
import { assembleStorage } from '../../server/storage/repositories/assemble-storage';
import { docId } from '../../server/storage/repositories/document-ids';
import { verifyStorageKey } from '../../server/storage/repositories/key-check';
import { ABANDONED_CLAIM_MS } from '../../server/storage/repositories/versioned-documents';
import type {
  JobLane,
  ClaimedJob,
  ConnectionRecord,
  MappingRecord,
  OrderLinkRecord,
  Page,
  Storage,
  StoreInstall,
  OutboundRecord,
} from '../../server/storage/types';

/**
 * The storage contract battery: the same behaviour, asserted on every adapter. Each adapter's test file
 * calls `describeStorageContract` with a harness over its backing store.
 */
export interface ContractHarness {
  kind: Storage['kind'];
  /** Before each test: a document store over an empty backing store (the battery does not close it). */
  reset(): Promise<DocumentStore>;
  /** A second, independent connection to the current backing store (the battery closes it). */
  connect(): Promise<DocumentStore>;
}

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
/** A fixed point in time, `ms` after T0. */
const at = (ms = 0) => new Date(T0 + ms);
const iso = (ms = 0) => at(ms).toISOString();

const MINUTE = 60_000;
const LEASE = MINUTE;

function install(hash: string, overrides: Partial<StoreInstall> = {}): StoreInstall {
  return {
    hash,
    accessToken: `token-of-${hash}`,
    scope: 'store_v2_orders store_v2_information_read_only',
    ownerId: 7,
    ownerEmail: `owner@${hash}.example`,
    webhookSecret: `webhook-secret-of-${hash}`,
    ...overrides,
  };
}

function connection(storeHash: string, overrides: Partial<ConnectionRecord> = {}): ConnectionRecord {
  return {
    storeHash,
    environmentUrl: `https://${storeHash}.crm.dynamics.com`,
    tenantId: 'tenant-1',
    clientId: 'client-1',
    clientSecret: `client-secret-of-${storeHash}`,
    intakeMode: 'intake-provider',
    intakeUrl: 'https://intake.example/handler?sig=abc',
    lastTest: null,
    updatedAt: iso(),
    relayPause: null,
    ...overrides,
  };
}

function sampleFulfillmentProfile(discoveredAt: string): FulfillmentProfile {
  const table = (name: string) => ({ table: name, entitySet: `${name}s`, id: `${name}id` });
  return {
    fulfillmentOrder: {
      ...table('msdyn_fulfillmentorder'),
      salesOrder: 'msdyn_salesorderid',
      state: 'msdyn_iomstatename',
      name: 'msdyn_name',
    },
    fulfillmentLine: {
      ...table('msdyn_fulfillmentorderdetail'),
      fulfillmentOrder: 'msdyn_fulfillmentid',
      salesOrderLine: 'msdyn_salesorderdetailid',
      product: null,
      quantity: 'msdyn_quantity',
      shipped: null,
      cancelled: null,
    },
    tracking: {
      ...table('contoso_shipmenttracking'),
      fulfillmentOrder: 'msdyn_fulfillmentorderid',
      trackingNumber: 'msdyn_trackingnumber',
      carrierName: null,
      carrier: 'msdyn_shippingcarrier',
      carrierService: null,
      shipmentId: null,
      shipDate: 'msdyn_shipdate',
      name: 'msdyn_name',
    },
    trackingLine: {
      ...table('msdyn_fulfillmenttrackingline'),
      tracking: 'msdyn_fulfillmenttrackingid',
      fulfillmentLine: null,
      salesOrderLine: 'msdyn_salesorderdetailid',
      quantity: 'msdyn_quantity',
    },
    returnOrder: null,
    returnLine: null,
    salesOrder: { state: 'msdyn_iomstatename', stateReason: null },
    changeTracking: { salesOrder: true, fulfillmentOrder: true, returnOrder: false },
    missing: ["No Return Order table was found (looked for msdyn_returnorder), so returns won't be relayed."],
    overridden: ['tracking.table'],
    discoveredAt,
  };
}

function orderLink(
  storeHash: string,
  orderId: number,
  overrides: Partial<OrderLinkRecord> = {},
): OrderLinkRecord {
  return {
    storeHash,
    orderId,
    iomSalesOrderId: `so-${orderId}`,
    syncState: 'synced',
    lastDateModified: iso(-MINUTE),
    shipmentLinks: { '11': 'fulfillment-11' },
    lastError: null,
    updatedAt: iso(),
    customerEmail: null,
    statusId: null,
    orderCreatedAt: null,
    attention: null,
    skipReason: null,
    lineLinks: [],
    metafieldWritten: false,
    syncedAt: null,
    intakeRequestId: null,
    stateHash: null,
    ...overrides,
  };
}

/** Read every page, asserting each full page but the last carries a cursor. */
async function readAllPages<T>(
  limit: number,
  fetch: (after: string | null) => Promise<Page<T>>,
): Promise<{ items: T[]; pageSizes: number[] }> {
  const items: T[] = [];
  const pageSizes: number[] = [];
  let after: string | null = null;
  do {
    const page: Page<T> = await fetch(after);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    pageSizes.push(page.items.length);
    items.push(...page.items);
    after = page.next;
    if (pageSizes.length > 100) throw new Error('pagination does not terminate');
  } while (after !== null);
  return { items, pageSizes };
}

/** Fails the calling operation on the first `update` of a collection (a worker dying mid-step). */
function failingFirstUpdate(documents: DocumentStore, collection: string): DocumentStore {
  let failed = false;
  return {
    get: (c, id) => documents.get(c, id),
    set: (c, id, data) => documents.set(c, id, data),
    create: (c, id, data) => documents.create(c, id, data),
    delete: (c, id) => documents.delete(c, id),
    query: (c, q) => documents.query(c, q),
    count: (c, q) => documents.count(c, q),
    batch: (writes) => documents.batch(writes),
    ping: () => documents.ping(),
    close: () => documents.close(),
    update: async (c, id, patch) => {
      if (c === collection && !failed) {
        failed = true;
        throw new Error('simulated crash before the write');
      }
      return documents.update(c, id, patch);
    },
  };
}

export function describeStorageContract(harness: ContractHarness): void {
  const cipher = new SecretBox(randomBytes(32));
  let documents: DocumentStore;
  let storage: Storage;
  const extraConnections: DocumentStore[] = [];

  /** Another storage instance (another process, in effect) on the same data. */
  const secondStorage = async (): Promise<Storage> => {
    const connection = await harness.connect();
    extraConnections.push(connection);
    return assembleStorage(harness.kind, connection, cipher);
  };

  beforeEach(async () => {
    documents = await harness.reset();
    storage = assembleStorage(harness.kind, documents, cipher);
  });

  afterEach(async () => {
    await Promise.all(extraConnections.splice(0).map((c) => c.close()));
  });

  describe('stores', () => {
    it('reads back a saved install as installed, with its secrets', async () => {
      const saved = await storage.stores.saveInstall(install('abc'), at());
      const read = await storage.stores.get('abc');
      expect(read).toEqual(saved);
      expect(read).toMatchObject({
        hash: 'abc',
        accessToken: 'token-of-abc',
        webhookSecret: 'webhook-secret-of-abc',
        status: 'installed',
        installedAt: iso(),
        uninstalledAt: null,
      });
    });

    it('returns null for a store it never saw', async () => {
      await storage.stores.saveInstall(install('abc'), at());
      expect(await storage.stores.get('abd')).toBeNull();
    });

    it('overwrites the token and scope when a store re-installs', async () => {
      await storage.stores.saveInstall(install('abc'), at());
      await storage.stores.markUninstalled('abc', at(MINUTE));
      await storage.stores.saveInstall(
        install('abc', { accessToken: 'new-token', scope: 'store_v2_orders' }),
        at(2 * MINUTE),
      );
      expect(await storage.stores.get('abc')).toMatchObject({
        accessToken: 'new-token',
        scope: 'store_v2_orders',
        status: 'installed',
        uninstalledAt: null,
        installedAt: iso(2 * MINUTE),
      });
    });

    it('forgets the token and webhook secret of an uninstalled store', async () => {
      await storage.stores.saveInstall(install('abc'), at());
      await storage.stores.markUninstalled('abc', at(MINUTE));
      expect(await storage.stores.get('abc')).toMatchObject({
        accessToken: null,
        webhookSecret: null,
        status: 'uninstalled',
        uninstalledAt: iso(MINUTE),
        updatedAt: iso(MINUTE),
        ownerEmail: 'owner@abc.example',
      });
    });

    it('records an uninstall request, clears only the same request, and a re-install drops it', async () => {
      await storage.stores.saveInstall(install('abc'), at());
      expect((await storage.stores.get('abc'))?.uninstallRequestedAt).toBeNull();
      await storage.stores.requestUninstall('abc', at(MINUTE));
      expect(await storage.stores.get('abc')).toMatchObject({
        status: 'installed',
        accessToken: 'token-of-abc',
        uninstallRequestedAt: iso(MINUTE),
      });
      expect(await storage.stores.clearUninstallRequest('abc', iso(2 * MINUTE), at(3 * MINUTE))).toBe(false);
      expect(await storage.stores.clearUninstallRequest('abc', iso(MINUTE), at(3 * MINUTE))).toBe(true);
      expect((await storage.stores.get('abc'))?.uninstallRequestedAt).toBeNull();
      await storage.stores.requestUninstall('abc', at(4 * MINUTE));
      await storage.stores.saveInstall(install('abc'), at(5 * MINUTE));
      expect((await storage.stores.get('abc'))?.uninstallRequestedAt).toBeNull();
    });

    it('sets and rotates the push secret, keeps it when the store re-authorizes, forgets it on uninstall', async () => {
      const saved = await storage.stores.saveInstall(install('abc'), at());
      expect(saved.pushSecret).toBeNull();
      expect(await storage.stores.setPushSecret('abc', 'push-one', at(MINUTE))).toBe(true);
      expect(await storage.stores.get('abc')).toMatchObject({
        pushSecret: 'push-one',
        updatedAt: iso(MINUTE),
      });
      await storage.stores.setPushSecret('abc', 'push-two', at(2 * MINUTE));
      const reauthorized = await storage.stores.saveInstall(
        install('abc', { scope: 'store_v2_orders' }),
        at(3 * MINUTE),
      );
      expect(reauthorized.pushSecret).toBe('push-two');
      expect((await storage.stores.get('abc'))?.pushSecret).toBe('push-two');
      await storage.stores.markUninstalled('abc', at(4 * MINUTE));
      expect((await storage.stores.get('abc'))?.pushSecret).toBeNull();
      expect(await storage.stores.setPushSecret('ghost', 'push-x', at())).toBe(false);
      expect(await storage.stores.get('ghost')).toBeNull();
    });

    it('ignores the uninstall of an unknown store', async () => {
      await storage.stores.markUninstalled('ghost', at());
      expect(await storage.stores.get('ghost')).toBeNull();
    });

    it("never returns one store's record for another", async () => {
      await storage.stores.saveInstall(install('aaa'), at());
      await storage.stores.saveInstall(install('bbb'), at());
      expect((await storage.stores.get('aaa'))?.accessToken).toBe('token-of-aaa');
      expect((await storage.stores.get('bbb'))?.accessToken).toBe('token-of-bbb');
    });
  });

  describe('users', () => {
    const user = { storeHash: 'abc', userId: 42, email: 'ann@example.com', role: 'owner' as const };

    it('keeps the session version across upserts while updating email, role and lastSeenAt', async () => {
      const first = await storage.users.upsert(user, at());
      expect(first.sessionVersion).toMatch(/^[A-Za-z0-9_-]{16,}$/);
      const second = await storage.users.upsert(
        { ...user, email: 'ann@new.example', role: 'user' },
        at(MINUTE),
      );
      expect(second).toEqual({
        ...user,
        email: 'ann@new.example',
        role: 'user',
        sessionVersion: first.sessionVersion,
        createdAt: iso(),
        lastSeenAt: iso(MINUTE),
      });
      expect(await storage.users.get('abc', 42)).toEqual(second);
    });

    it('gives a removed and re-added user a new session version', async () => {
      const first = await storage.users.upsert(user, at());
      await storage.users.remove('abc', 42);
      expect(await storage.users.get('abc', 42)).toBeNull();
      const again = await storage.users.upsert(user, at(MINUTE));
      expect(again.sessionVersion).not.toBe(first.sessionVersion);
      expect(again.createdAt).toBe(iso(MINUTE));
    });

    it('gives concurrent first upserts of one user the same session version', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => storage.users.upsert(user, at())));
      expect(new Set(results.map((r) => r.sessionVersion)).size).toBe(1);
      expect((await storage.users.get('abc', 42))?.sessionVersion).toBe(results[0]?.sessionVersion);
    });

    it('sets an app admin and back, keeping the session version, and never creates a user', async () => {
      const first = await storage.users.upsert({ ...user, role: 'user' }, at());
      const admin = await storage.users.setRole('abc', 42, 'admin');
      expect(admin).toEqual({ ...first, role: 'admin' });
      expect(await storage.users.get('abc', 42)).toEqual(admin);
      expect(await storage.users.setRole('abc', 42, 'user')).toEqual({ ...first, role: 'user' });

      expect(await storage.users.setRole('abc', 43, 'admin')).toBeNull();
      expect(await storage.users.setRole('other', 42, 'admin')).toBeNull();
      expect(await storage.users.get('abc', 43)).toBeNull();
      expect(await storage.users.get('other', 42)).toBeNull();
    });

    it('decides the role on upsert from the stored one, writing it only when it changes', async () => {
      const seen: Array<string | null> = [];
      const decide = (stored: 'owner' | 'admin' | 'user' | null) => {
        seen.push(stored);
        return stored ?? 'user';
      };
      await storage.users.upsert({ ...user, role: decide }, at());
      await storage.users.setRole('abc', 42, 'admin');
      const again = await storage.users.upsert(
        { ...user, email: 'ann@new.example', role: decide },
        at(MINUTE),
      );
      expect(seen).toEqual([null, 'admin']);
      expect(again).toMatchObject({ role: 'admin', email: 'ann@new.example', lastSeenAt: iso(MINUTE) });
    });

    it('keeps one owner per store: a new owner demotes the former one, other stores untouched', async () => {
      await storage.users.upsert({ ...user, userId: 1, role: 'owner' }, at());
      await storage.users.upsert({ ...user, userId: 2, role: 'user' }, at());
      await storage.users.setRole('abc', 2, 'admin');
      await storage.users.upsert({ ...user, storeHash: 'other', userId: 9, role: 'owner' }, at());

      // Ownership moves to user 3 (a new user), then to the admin.
      await storage.users.upsert({ ...user, userId: 3, role: () => 'owner' }, at(MINUTE));
      const roles = async (hash: string) =>
        Object.fromEntries((await storage.users.listForStore(hash)).map((u) => [u.userId, u.role]));
      expect(await roles('abc')).toEqual({ 1: 'user', 2: 'admin', 3: 'owner' });
      await storage.users.upsert({ ...user, userId: 2, role: () => 'owner' }, at(2 * MINUTE));
      expect(await roles('abc')).toEqual({ 1: 'user', 2: 'owner', 3: 'user' });
      expect(await roles('other')).toEqual({ 9: 'owner' });
    });

    it("lists and removes only one store's users", async () => {
      const ids = Array.from({ length: 205 }, (_, i) => i + 1);
      await Promise.all(ids.map((userId) => storage.users.upsert({ ...user, userId, role: 'user' }, at())));
      await storage.users.upsert({ ...user, storeHash: 'other', userId: 1 }, at());

      const listed = await storage.users.listForStore('abc');
      expect(listed.map((u) => u.userId).sort((a, b) => a - b)).toEqual(ids);
      expect(listed.every((u) => u.storeHash === 'abc')).toBe(true);

      expect(await storage.users.removeAllForStore('abc')).toBe(205);
      expect(await storage.users.listForStore('abc')).toEqual([]);
      expect((await storage.users.listForStore('other')).map((u) => u.userId)).toEqual([1]);
      expect(await storage.users.get('abc', 1)).toBeNull();
    });
  });

  describe('connections', () => {
    it('round-trips a connection, secret included', async () => {
      await storage.connections.put(connection('abc'));
      expect(await storage.connections.get('abc')).toEqual(connection('abc'));
    });

    it('overwrites the whole connection on put', async () => {
      await storage.connections.put(connection('abc'));
      const replacement = connection('abc', {
        intakeMode: 'dataverse',
        intakeUrl: null,
        clientSecret: 'rotated',
        lastTest: {
          ok: false,
          testedAt: iso(MINUTE),
          checks: [{ id: 'token', label: 'Token', status: 'fail', message: 'Wrong secret' }],
        },
        updatedAt: iso(MINUTE),
      });
      await storage.connections.put(replacement);
      expect(await storage.connections.get('abc')).toEqual(replacement);
    });

    it('round-trips the discovered fulfillment profile and the schema overrides with the connection', async () => {
      const profile = sampleFulfillmentProfile(iso(MINUTE));
      const record = connection('abc', {
        fulfillmentProfile: profile,
        schemaOverrides: { 'tracking.table': 'contoso_shipmenttracking' },
      });
      await storage.connections.put(record);
      expect(await storage.connections.get('abc')).toEqual(record);
      // A put without them (an older caller) stores none.
      await storage.connections.put(connection('abc'));
      const plain = await storage.connections.get('abc');
      expect(plain?.fulfillmentProfile).toBeUndefined();
      expect(plain?.schemaOverrides).toBeUndefined();
    });

    it('saves the profile or the overrides alone, keeping the rest of the connection', async () => {
      await storage.connections.put(
        connection('abc', { lastTest: { ok: true, testedAt: iso(), checks: [] } }),
      );
      await storage.connections.saveSchema('abc', {
        schemaOverrides: { 'tracking.trackingNumber': 'contoso_waybill' },
      });
      await storage.connections.saveSchema('abc', { fulfillmentProfile: sampleFulfillmentProfile(iso(2)) });
      const saved = await storage.connections.get('abc');
      expect(saved).toEqual(
        connection('abc', {
          lastTest: { ok: true, testedAt: iso(), checks: [] },
          schemaOverrides: { 'tracking.trackingNumber': 'contoso_waybill' },
          fulfillmentProfile: sampleFulfillmentProfile(iso(2)),
        }),
      );
      await storage.connections.saveSchema('abc', { fulfillmentProfile: null });
      expect((await storage.connections.get('abc'))?.fulfillmentProfile ?? null).toBeNull();
      expect((await storage.connections.get('abc'))?.clientSecret).toBe('client-secret-of-abc');
      await storage.connections.saveSchema('zzz', { schemaOverrides: {} });
      expect(await storage.connections.get('zzz')).toBeNull();
    });

    it("deletes a connection without touching another store's", async () => {
      await storage.connections.put(connection('abc'));
      await storage.connections.put(connection('def'));
      await storage.connections.delete('abc');
      expect(await storage.connections.get('abc')).toBeNull();
      expect(await storage.connections.get('def')).toEqual(connection('def'));
    });
  });

  describe('settings', () => {
    const settings = {
      importFilter: { statusIds: [11, 9], goLiveDate: '2030-01-01' },
      defaults: { currency: 'USD', nested: [[1, 2], { deep: null }] },
      unmappedLinePolicy: 'park',
    };

    it('round-trips nested settings, including nested arrays', async () => {
      await storage.settings.put('abc', settings, at());
      expect(await storage.settings.get('abc')).toEqual(settings);
    });

    it('replaces the settings on put and forgets them on delete', async () => {
      await storage.settings.put('abc', settings, at());
      await storage.settings.put('abc', { unmappedLinePolicy: 'skip' }, at(MINUTE));
      expect(await storage.settings.get('abc')).toEqual({ unmappedLinePolicy: 'skip' });
      await storage.settings.delete('abc');
      expect(await storage.settings.get('abc')).toBeNull();
    });

    it("never returns one store's settings for another", async () => {
      await storage.settings.put('abc', settings, at());
      expect(await storage.settings.get('abd')).toBeNull();
    });
  });

  describe('mappings', () => {
    const mapping = (source: string, overrides: Partial<MappingRecord> = {}): MappingRecord => ({
      storeHash: 'abc',
      kind: 'sku',
      source,
      target: `product-for-${source}`,
      updatedAt: iso(),
      ...overrides,
    });

    it('round-trips, overwrites and deletes a mapping', async () => {
      await storage.mappings.put(mapping('SKU-1'));
      expect(await storage.mappings.get('abc', 'sku', 'SKU-1')).toEqual(mapping('SKU-1'));
      await storage.mappings.put(mapping('SKU-1', { target: 'p-2', updatedAt: iso(MINUTE) }));
      expect(await storage.mappings.get('abc', 'sku', 'SKU-1')).toEqual(
        mapping('SKU-1', { target: 'p-2', updatedAt: iso(MINUTE) }),
      );
      await storage.mappings.delete('abc', 'sku', 'SKU-1');
      expect(await storage.mappings.get('abc', 'sku', 'SKU-1')).toBeNull();
    });

    it('keeps sources with separators and reserved characters distinct', async () => {
      const sources = ['a/b', 'a:b', 'a%2Fb', '.', '..', '__x__', 'ü-ß', 'a b'];
      for (const source of sources) await storage.mappings.put(mapping(source));
      for (const source of sources) {
        expect(await storage.mappings.get('abc', 'sku', source)).toEqual(mapping(source));
      }
      const { items } = await readAllPages(3, (after) =>
        storage.mappings.list('abc', 'sku', { limit: 3, after }),
      );
      expect(items.map((m) => m.source).sort()).toEqual([...sources].sort());
    });

    it('pages through every mapping exactly once, in source order, ending with a null cursor', async () => {
      const sources = Array.from({ length: 9 }, (_, i) => `SKU-${String(i).padStart(2, '0')}`);
      for (const source of [...sources].reverse()) await storage.mappings.put(mapping(source));
      const { items, pageSizes } = await readAllPages(3, (after) =>
        storage.mappings.list('abc', 'sku', { limit: 3, after }),
      );
      expect(items.map((m) => m.source)).toEqual(sources);
      expect(pageSizes).toEqual([3, 3, 3]);
    });

    it('lists only the requested store and kind', async () => {
      await storage.mappings.put(mapping('X'));
      await storage.mappings.put(mapping('X', { kind: 'carrier', target: 'ups' }));
      await storage.mappings.put(mapping('X', { storeHash: 'def', target: 'other' }));
      const page = await storage.mappings.list('abc', 'sku', { limit: 10 });
      expect(page).toEqual({ items: [mapping('X')], next: null });
      expect(await storage.mappings.get('def', 'carrier', 'X')).toBeNull();
    });
  });

  describe('receipt times', () => {
    it('remembers when a hash was first received, until the receipt expires', async () => {
      expect(await storage.receipts.receivedAt('abc', 'h1', at())).toBeNull();
      await storage.receipts.recordOnce('abc', 'h1', at(), 1_000);
      await storage.receipts.recordOnce('abc', 'h1', at(500), 1_000);
      expect(await storage.receipts.receivedAt('abc', 'h1', at(600))).toBe(at().toISOString());
      expect(await storage.receipts.receivedAt('def', 'h1', at(600))).toBeNull();
      expect(await storage.receipts.receivedAt('abc', 'h1', at(1_000))).toBeNull();
    });
  });

  describe('connection relay pause', () => {
    it('pauses the relay by one field and clears the pause on the next put', async () => {
      const base = {
        storeHash: 'abc',
        environmentUrl: 'https://org.crm.dynamics.com',
        tenantId: 't',
        clientId: 'c',
        clientSecret: 's3cret',
        intakeMode: 'dataverse' as const,
        intakeUrl: null,
        lastTest: null,
        updatedAt: iso(),
      };
      await storage.connections.put(base);
      await storage.connections.pauseRelay('abc', { reason: 'bad secret', at: iso(1) });
      expect((await storage.connections.get('abc'))?.relayPause).toEqual({
        reason: 'bad secret',
        at: iso(1),
      });
      expect((await storage.connections.get('abc'))?.clientSecret).toBe('s3cret');
      await storage.connections.put(base);
      expect((await storage.connections.get('abc'))?.relayPause).toBeNull();
      await storage.connections.pauseRelay('zzz', { reason: 'x', at: iso() });
      expect(await storage.connections.get('zzz')).toBeNull();
    });
  });

  describe('outbound records and sync cursors', () => {
    const record = (
      storeHash: string,
      orderId: number,
      over: Partial<OutboundRecord> = {},
    ): OutboundRecord => ({
      storeHash,
      orderId,
      iomSalesOrderId: `so-${orderId}`,
      shipments: {
        'trk-1': {
          bigcommerceShipmentIds: [7, 8],
          byHand: false,
          trackingNumber: '1Z999',
          carrier: 'UPS',
          at: '2026-12-01T10:00:00.000Z',
        },
      },
      pending: {},
      statusWritten: 3,
      statusWrittenAt: '2026-12-01T10:00:01.000Z',
      cancel: 'none',
      iomFingerprint: 'abc',
      iomLineNumbers: { 'sol-1': 1 },
      returns: {},
      attention: null,
      lockedAt: null,
      lastReconciledAt: '2026-12-01T10:00:02.000Z',
      summary: null,
      updatedAt: '2026-12-01T10:00:02.000Z',
      ...over,
    });

    it('round-trips an outbound record and lists those needing attention, by code and by carrier, per store', async () => {
      await storage.outbound.put(record('abc', 1));
      expect(await storage.outbound.get('abc', 1)).toEqual(record('abc', 1));
      const carrier = { code: 'unmapped_carrier', message: 'm', fix: 'f', carrier: 'Parcel Co' };
      await storage.outbound.put(record('abc', 2, { attention: carrier }));
      await storage.outbound.put(
        record('abc', 3, { attention: { code: 'bigcommerce_rejected', message: 'm', fix: 'f' } }),
      );
      await storage.outbound.put(record('xyz', 4, { attention: carrier }));
      expect((await storage.outbound.listAttention('abc', { limit: 10 })).map((r) => r.orderId)).toEqual([
        2, 3,
      ]);
      expect(
        (await storage.outbound.listAttention('abc', { limit: 10, carrier: 'Parcel Co' })).map(
          (r) => r.orderId,
        ),
      ).toEqual([2]);
      expect(
        (await storage.outbound.listAttention('abc', { limit: 10, code: 'bigcommerce_rejected' })).map(
          (r) => r.orderId,
        ),
      ).toEqual([3]);
      expect(
        (await storage.outbound.listAttention('abc', { limit: 10, afterOrderId: 2 })).map((r) => r.orderId),
      ).toEqual([3]);
      await storage.outbound.put(record('abc', 2));
      expect((await storage.outbound.listAttention('abc', { limit: 10 })).map((r) => r.orderId)).toEqual([3]);
      expect(await storage.outbound.countAttention('abc')).toBe(1);
      expect(await storage.outbound.countAttention('xyz')).toBe(1);
    });

    it('keeps one cursor per store and name', async () => {
      expect(await storage.cursors.get('abc', 'iom:salesorder')).toBeNull();
      await storage.cursors.put(
        'abc',
        'iom:salesorder',
        { deltaLink: 'https://x/y?$deltatoken=1' },
        new Date(),
      );
      await storage.cursors.put('xyz', 'iom:salesorder', { deltaLink: 'other' }, new Date());
      expect(await storage.cursors.get('abc', 'iom:salesorder')).toEqual({
        deltaLink: 'https://x/y?$deltatoken=1',
      });
      await storage.cursors.put(
        'abc',
        'iom:salesorder',
        { modifiedSince: '2026-12-01T00:00:00Z' },
        new Date(),
      );
      expect(await storage.cursors.get('abc', 'iom:salesorder')).toEqual({
        modifiedSince: '2026-12-01T00:00:00Z',
      });
    });
  });

  describe('order links', () => {
    it("finds a store's link by its IOM sales order id, case-insensitively, and never another store's", async () => {
      await storage.orderLinks.put(orderLink('abc', 31, { iomSalesOrderId: 'AAAA-0031' }));
      await storage.orderLinks.put(orderLink('xyz', 32, { iomSalesOrderId: 'bbbb-0032' }));
      expect((await storage.orderLinks.findByIomSalesOrderId('abc', 'aaaa-0031'))?.orderId).toBe(31);
      expect((await storage.orderLinks.findByIomSalesOrderId('abc', 'AAAA-0031'))?.orderId).toBe(31);
      expect(await storage.orderLinks.findByIomSalesOrderId('abc', 'bbbb-0032')).toBeNull();
      expect((await storage.orderLinks.findByIomSalesOrderId('xyz', 'BBBB-0032'))?.orderId).toBe(32);
    });

    it('round-trips and overwrites a link, shipment links included', async () => {
      await storage.orderLinks.put(orderLink('abc', 250));
      expect(await storage.orderLinks.get('abc', 250)).toEqual(orderLink('abc', 250));
      const updated = orderLink('abc', 250, {
        syncState: 'needs_attention',
        iomSalesOrderId: null,
        lastError: 'SKU X is not mapped',
        shipmentLinks: {},
        updatedAt: iso(MINUTE),
      });
      await storage.orderLinks.put(updated);
      expect(await storage.orderLinks.get('abc', 250)).toEqual(updated);
      expect(await storage.orderLinks.get('abc', 251)).toBeNull();
    });

    it('pages links of one state newest first, each exactly once, even with equal timestamps', async () => {
      const links = Array.from({ length: 10 }, (_, i) =>
        // Pairs share an updatedAt, so the order must not depend on timestamps alone.
        orderLink('abc', 100 + i, { updatedAt: iso(Math.floor(i / 2) * 1000) }),
      );
      for (const link of links) await storage.orderLinks.put(link);
      await storage.orderLinks.put(orderLink('abc', 999, { syncState: 'pending' }));
      await storage.orderLinks.put(orderLink('def', 1));
      const { items, pageSizes } = await readAllPages(4, (after) =>
        storage.orderLinks.listByState('abc', 'synced', { limit: 4, after }),
      );
      expect(items.map((l) => l.orderId)).toEqual(links.map((l) => l.orderId).reverse());
      expect(pageSizes).toEqual([4, 4, 2]);
    });

    it('moves a link between state lists when its state changes', async () => {
      await storage.orderLinks.put(orderLink('abc', 1, { syncState: 'pending' }));
      await storage.orderLinks.put(orderLink('abc', 1, { syncState: 'synced', updatedAt: iso(1) }));
      expect((await storage.orderLinks.listByState('abc', 'pending', { limit: 5 })).items).toEqual([]);
      expect(
        (await storage.orderLinks.listByState('abc', 'synced', { limit: 5 })).items.map((l) => l.orderId),
      ).toEqual([1]);
    });

    it('round-trips the relay fields: attention, line links, e-mail, status', async () => {
      const link = orderLink('abc', 7, {
        syncState: 'needs_attention',
        iomSalesOrderId: null,
        customerEmail: 'jane@example.com',
        statusId: 11,
        orderCreatedAt: iso(-60 * MINUTE),
        attention: { code: 'unmapped_sku', message: 'm', fix: 'f', skus: ['A', 'B'] },
        lineLinks: [{ lineItemNumber: 1, orderProductId: 194, orderAddressId: 128, sku: 'A', quantity: 2 }],
      });
      await storage.orderLinks.put(link);
      expect(await storage.orderLinks.get('abc', 7)).toEqual(link);
    });

    it('lists every link newest first, or one customer e-mail, keyset-paged', async () => {
      for (let i = 0; i < 5; i++) {
        await storage.orderLinks.put(
          orderLink('abc', i + 1, {
            syncState: i % 2 ? 'pending' : 'synced',
            customerEmail: i < 2 ? 'a@example.com' : 'b@example.com',
            updatedAt: iso(i * 1000),
          }),
        );
      }
      await storage.orderLinks.put(orderLink('def', 9, { customerEmail: 'a@example.com' }));
      const all = await readAllPages(2, (after) => storage.orderLinks.list('abc', { limit: 2, after }));
      expect(all.items.map((l) => l.orderId)).toEqual([5, 4, 3, 2, 1]);
      const a = await storage.orderLinks.list('abc', { limit: 10, customerEmail: 'A@example.com' });
      expect(a.items.map((l) => l.orderId)).toEqual([2, 1]);
    });

    it('lists the links whose IOM id still has to be written to BigCommerce, oldest first', async () => {
      await storage.orderLinks.put(orderLink('abc', 1, { updatedAt: iso(2000) }));
      await storage.orderLinks.put(orderLink('abc', 2, { updatedAt: iso(1000) }));
      await storage.orderLinks.put(orderLink('abc', 3, { metafieldWritten: true }));
      await storage.orderLinks.put(orderLink('abc', 4, { iomSalesOrderId: null, syncState: 'pending' }));
      await storage.orderLinks.put(orderLink('def', 5));
      const backlog = await storage.orderLinks.listMetafieldBacklog('abc', 10);
      expect(backlog.map((l) => l.orderId)).toEqual([2, 1]);
      await storage.orderLinks.markMetafieldWritten('abc', [2]);
      expect((await storage.orderLinks.listMetafieldBacklog('abc', 10)).map((l) => l.orderId)).toEqual([1]);
      expect(await storage.orderLinks.get('abc', 2)).toEqual({ ...backlog[0], metafieldWritten: true });
    });

    it('counts the links of an order id range by state', async () => {
      const states = ['synced', 'synced', 'needs_attention', 'skipped', 'pending'] as const;
      for (let i = 0; i < 5; i++)
        await storage.orderLinks.put(orderLink('abc', 100 + i, { syncState: states[i] }));
      await storage.orderLinks.put(orderLink('abc', 99));
      await storage.orderLinks.put(orderLink('abc', 1000));
      await storage.orderLinks.put(orderLink('def', 101));
      expect(await storage.orderLinks.countByStateInRange('abc', 100, 104)).toEqual({
        synced: 2,
        needs_attention: 1,
        skipped: 1,
        pending: 1,
      });
    });

    it('counts the links of a state and the orders first synced in a window, without another store', async () => {
      const states = ['synced', 'synced', 'needs_attention', 'pending', 'pending', 'pending'] as const;
      for (let i = 0; i < states.length; i++)
        await storage.orderLinks.put(
          orderLink('abc', i + 1, {
            syncState: states[i],
            syncedAt: states[i] === 'synced' ? iso(i * MINUTE) : null,
          }),
        );
      await storage.orderLinks.put(
        orderLink('abc', 7, { syncState: 'needs_attention', syncedAt: iso(90 * MINUTE) }),
      );
      await storage.orderLinks.put(orderLink('def', 8, { syncState: 'pending', syncedAt: iso() }));
      expect(await storage.orderLinks.countByState('abc', 'pending')).toBe(3);
      expect(await storage.orderLinks.countByState('abc', 'needs_attention')).toBe(2);
      expect(await storage.orderLinks.countByState('abc', 'skipped')).toBe(0);
      expect(await storage.orderLinks.countSynced('abc', { from: iso(), before: iso(2 * MINUTE) })).toBe(2);
      expect(await storage.orderLinks.countSynced('abc', { from: iso(MINUTE), before: iso(MINUTE) })).toBe(0);
      expect(await storage.orderLinks.countSynced('abc', { from: iso(), before: iso(100 * MINUTE) })).toBe(3);
      expect((await storage.orderLinks.latest('abc'))?.orderId).toBe(7);
      expect(await storage.orderLinks.latest('xyz')).toBeNull();
    });

    it('lists the links of orders created in a date range, newest created first, page by page', async () => {
      for (let i = 1; i <= 7; i++)
        await storage.orderLinks.put(
          orderLink('abc', i, {
            orderCreatedAt: iso(i * MINUTE),
            syncState: i % 2 ? 'synced' : 'pending',
            updatedAt: iso(-i),
          }),
        );
      await storage.orderLinks.put(orderLink('abc', 8, { orderCreatedAt: null }));
      await storage.orderLinks.put(orderLink('def', 9, { orderCreatedAt: iso(3 * MINUTE) }));
      const range = { from: iso(2 * MINUTE), before: iso(6 * MINUTE) };
      const all = await readAllPages(2, (after) =>
        storage.orderLinks.listByCreated('abc', { ...range, limit: 2, after }),
      );
      expect(all.items.map((l) => l.orderId)).toEqual([5, 4, 3, 2]);
      const synced = await storage.orderLinks.listByCreated('abc', {
        ...range,
        syncState: 'synced',
        limit: 10,
      });
      expect(synced).toEqual({
        items: [expect.objectContaining({ orderId: 5 }), expect.objectContaining({ orderId: 3 })],
        next: null,
      });
      const open = await readAllPages(3, (after) =>
        storage.orderLinks.listByCreated('abc', { limit: 3, after }),
      );
      expect(open.items.map((l) => l.orderId)).toEqual([7, 6, 5, 4, 3, 2, 1]);
      const since = await storage.orderLinks.listByCreated('abc', { from: iso(6 * MINUTE), limit: 10 });
      expect(since.items.map((l) => l.orderId)).toEqual([7, 6]);
    });

    it("never lists another store's links", async () => {
      await storage.orderLinks.put(orderLink('def', 250));
      expect(await storage.orderLinks.listByState('abc', 'synced', { limit: 5 })).toEqual({
        items: [],
        next: null,
      });
      expect(await storage.orderLinks.get('abc', 250)).toBeNull();
    });
  });

  describe('events', () => {
    const event = (n: number, orderId = 250, storeHash = 'abc') => ({
      storeHash,
      orderId,
      direction: 'inbound' as const,
      type: 'webhook.received',
      message: `event ${n}`,
    });

    it('keeps append order for events appended within the same millisecond', async () => {
      for (let n = 0; n < 25; n++) await storage.events.append(event(n), at());
      const { items } = await readAllPages(10, (after) =>
        storage.events.listForOrder('abc', 250, { limit: 10, after }),
      );
      expect(items.map((e) => e.message)).toEqual(Array.from({ length: 25 }, (_, n) => `event ${n}`));
      expect(new Set(items.map((e) => e.id)).size).toBe(25);
    });

    it('lists oldest first by time, whatever the append order', async () => {
      await storage.events.append(event(2), at(2000));
      await storage.events.append(event(1), at(1000));
      const page = await storage.events.listForOrder('abc', 250, { limit: 10 });
      expect(page.items.map((e) => [e.message, e.at])).toEqual([
        ['event 1', iso(1000)],
        ['event 2', iso(2000)],
      ]);
    });

    it('round-trips the event data and returns what list returns', async () => {
      const appended = await storage.events.append(
        {
          ...event(1),
          direction: 'outbound',
          type: 'salesorder.created',
          data: { salesOrderId: 'so-1', lines: [1, 2] },
        },
        at(),
      );
      const bare = await storage.events.append(event(2), at());
      const page = await storage.events.listForOrder('abc', 250, { limit: 10 });
      expect(page.items).toEqual([appended, bare]);
      expect(page.items[1]).not.toHaveProperty('data');
    });

    it("lists the store's latest events across orders, newest first, and counts a type since a time", async () => {
      await storage.events.append(event(1, 250), at(1000));
      await storage.events.append({ ...event(2, 251), type: 'shipment.created' }, at(2000));
      await storage.events.append({ ...event(3, 252), type: 'shipment.created' }, at(3000));
      await storage.events.append(event(4, 250), at(4000));
      await storage.events.append({ ...event(5, 250, 'def'), type: 'shipment.created' }, at(5000));
      const all = await readAllPages(3, (after) => storage.events.listForStore('abc', { limit: 3, after }));
      expect(all.items.map((e) => e.message)).toEqual(['event 4', 'event 3', 'event 2', 'event 1']);
      const shipments = await storage.events.listForStore('abc', { limit: 1, type: 'shipment.created' });
      expect(shipments.items.map((e) => [e.message, e.orderId])).toEqual([['event 3', 252]]);
      expect(shipments.next).not.toBeNull();
      expect(await storage.events.countForStore('abc', { type: 'shipment.created', since: iso() })).toBe(2);
      expect(await storage.events.countForStore('abc', { type: 'shipment.created', since: iso(2500) })).toBe(
        1,
      );
      expect(await storage.events.countForStore('abc', { type: 'order.skipped', since: iso() })).toBe(0);
    });

    it('lists only the events of the requested store and order', async () => {
      await storage.events.append(event(1), at());
      await storage.events.append(event(2, 251), at());
      await storage.events.append(event(3, 250, 'def'), at());
      const page = await storage.events.listForOrder('abc', 250, { limit: 10 });
      expect(page.items.map((e) => e.message)).toEqual(['event 1']);
    });
  });

  describe('jobs', () => {
    const order = (
      key: string,
      extra: { storeHash?: string; runAt?: Date; payload?: Record<string, unknown>; lane?: JobLane } = {},
    ) => ({
      storeHash: extra.storeHash ?? 'abc',
      kind: 'inbound-order',
      key,
      payload: extra.payload,
      runAt: extra.runAt,
      lane: extra.lane,
    });

    const claimOne = async (owner: string, now: Date, leaseMs = LEASE): Promise<ClaimedJob> => {
      const claims = await storage.jobs.claimDue({ owner, now, leaseMs, limit: 1 });
      expect(claims).toHaveLength(1);
      return claims[0] as ClaimedJob;
    };

    const stateOf = async (key: string, storeHash = 'abc') =>
      (await storage.jobs.get(storeHash, 'inbound-order', key))?.state;

    it('coalesces enqueues of one key into one job, replacing the payload', async () => {
      const first = await storage.jobs.enqueue(order('order:1', { payload: { v: 1 } }), at());
      const second = await storage.jobs.enqueue(order('order:1', { payload: { v: 2 } }), at(1000));
      expect(second.id).toBe(first.id);
      expect(second).toMatchObject({ state: 'due', dueAt: iso(), requestedAt: iso(1000), payload: { v: 2 } });
      const page = await storage.jobs.listForStore('abc', { limit: 10 });
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toEqual(second);
    });

    it('does not claim a job before its dueAt, and claims it from then on', async () => {
      await storage.jobs.enqueue(order('order:1', { runAt: at(5000) }), at());
      expect(await storage.jobs.claimDue({ owner: 'w1', now: at(4999), leaseMs: LEASE, limit: 5 })).toEqual(
        [],
      );
      const claim = await claimOne('w1', at(5000));
      expect(claim).toMatchObject({ owner: 'w1', generation: 1, leaseExpiresAt: iso(5000 + LEASE) });
      expect(claim.job).toMatchObject({
        state: 'running',
        attempts: 1,
        leaseOwner: 'w1',
        dueAt: iso(5000 + LEASE),
      });
    });

    it('moves dueAt to the earlier of the current and the requested time', async () => {
      await storage.jobs.enqueue(order('order:1', { runAt: at(5000) }), at());
      expect((await storage.jobs.enqueue(order('order:1', { runAt: at(9000) }), at())).dueAt).toBe(iso(5000));
      expect((await storage.jobs.enqueue(order('order:1', { runAt: at(2000) }), at())).dueAt).toBe(iso(2000));
    });

    it('claims the oldest due jobs first, at most limit', async () => {
      await storage.jobs.enqueue(order('order:3', { runAt: at(30) }), at());
      await storage.jobs.enqueue(order('order:1', { runAt: at(10) }), at());
      await storage.jobs.enqueue(order('order:2', { runAt: at(20) }), at());
      await storage.jobs.enqueue(order('order:4', { storeHash: 'def', runAt: at(5) }), at());
      const claims = await storage.jobs.claimDue({ owner: 'w1', now: at(100), leaseMs: LEASE, limit: 3 });
      expect(claims.map((c) => `${c.job.storeHash}/${c.job.key}`)).toEqual([
        'def/order:4',
        'abc/order:1',
        'abc/order:2',
      ]);
    });

    it('claims due live jobs before older due bulk jobs, of any store', async () => {
      for (let i = 1; i <= 4; i++) {
        await storage.jobs.enqueue(order(`order:${i}`, { runAt: at(i), lane: 'bulk' }), at());
      }
      await storage.jobs.enqueue(order('order:9', { storeHash: 'def', runAt: at(50) }), at());
      const claims = await storage.jobs.claimDue({
        owner: 'w1',
        now: at(100),
        leaseMs: LEASE,
        limit: 2,
        kinds: ['inbound-order'],
      });
      expect(claims.map((c) => `${c.job.storeHash}/${c.job.key}`)).toEqual(['def/order:9', 'abc/order:1']);
      expect(claims.map((c) => c.job.lane)).toEqual(['live', 'bulk']);
    });

    it('keeps a due live job live when bulk work asks for it again, and upgrades bulk to live', async () => {
      await storage.jobs.enqueue(order('order:1'), at());
      expect((await storage.jobs.enqueue(order('order:1', { lane: 'bulk' }), at(1))).lane).toBe('live');
      await storage.jobs.enqueue(order('order:2', { lane: 'bulk' }), at());
      expect((await storage.jobs.enqueue(order('order:2'), at(1))).lane).toBe('live');
    });

    it('claims only the kinds asked for, oldest due first across them', async () => {
      await storage.jobs.enqueue(order('order:1', { runAt: at(10) }), at());
      await storage.jobs.enqueue({ storeHash: 'abc', kind: 'other', key: 'o:1', runAt: at(5) }, at());
      await storage.jobs.enqueue({ storeHash: 'abc', kind: 'third', key: 't:1', runAt: at(20) }, at());
      const claims = await storage.jobs.claimDue({
        owner: 'w1',
        now: at(100),
        leaseMs: LEASE,
        limit: 5,
        kinds: ['third', 'inbound-order'],
      });
      expect(claims.map((c) => `${c.job.kind}/${c.job.key}`)).toEqual(['inbound-order/order:1', 'third/t:1']);
      expect((await storage.jobs.get('abc', 'other', 'o:1'))?.state).toBe('due');
    });

    it('when ten workers claim the same due job at once, exactly one wins (20 rounds, two instances)', async () => {
      const other = await secondStorage();
      for (let round = 0; round < 20; round++) {
        const now = at(round * 1000);
        await storage.jobs.enqueue(order('order:1'), now);
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, worker) =>
            (worker % 2 === 0 ? storage : other).jobs.claimDue({
              owner: `w${worker}`,
              now,
              leaseMs: LEASE,
              limit: 3,
            }),
          ),
        );
        const won = results.flat();
        expect(won).toHaveLength(1);
        const claim = won[0] as ClaimedJob;
        expect(claim.generation).toBe(round + 1);
        expect((await storage.jobs.get('abc', 'inbound-order', 'order:1'))?.leaseOwner).toBe(claim.owner);
        await storage.jobs.complete(claim, now);
      }
    });

    it('when two workers race for two due jobs, the loser of the first takes the second', async () => {
      const other = await secondStorage();
      for (let round = 0; round < 5; round++) {
        const now = at(round * 1000);
        await storage.jobs.enqueue(order('order:1'), now);
        await storage.jobs.enqueue(order('order:2'), now);
        const [mine, theirs] = await Promise.all(
          [storage, other].map((s, i) => s.jobs.claimDue({ owner: `w${i}`, now, leaseMs: LEASE, limit: 1 })),
        );
        const keys = [...(mine ?? []), ...(theirs ?? [])].map((c) => c.job.key).sort();
        expect(keys).toEqual(['order:1', 'order:2']);
        for (const claim of [...(mine ?? []), ...(theirs ?? [])]) await storage.jobs.complete(claim, now);
      }
    });

    it('leaves a completed job idle and unclaimable', async () => {
      await storage.jobs.enqueue(order('order:1', { payload: { n: 1 } }), at());
      await storage.jobs.complete(await claimOne('w1', at()), at(10));
      expect(await storage.jobs.get('abc', 'inbound-order', 'order:1')).toMatchObject({
        state: 'idle',
        dueAt: null,
        leaseOwner: null,
        attempts: 0,
        lastError: null,
        payload: { n: 1 },
      });
      expect(
        await storage.jobs.claimDue({ owner: 'w1', now: at(10 * MINUTE), leaseMs: LEASE, limit: 5 }),
      ).toEqual([]);
    });

    it('runs a job enqueued while running again after it completes, with the new payload', async () => {
      await storage.jobs.enqueue(order('order:1', { payload: { v: 1 } }), at());
      const claim = await claimOne('w1', at());
      await storage.jobs.enqueue(order('order:1', { payload: { v: 2 } }), at(10));
      expect(await stateOf('order:1')).toBe('running');
      await storage.jobs.complete(claim, at(20));
      const again = await claimOne('w2', at(20));
      expect(again.generation).toBe(2);
      expect(again.job.payload).toEqual({ v: 2 });
    });

    it('when enqueue and complete race, the job always ends due (10 rounds)', async () => {
      const other = await secondStorage();
      for (let round = 0; round < 10; round++) {
        const now = at(round * 1000);
        await storage.jobs.enqueue(order('order:1'), now);
        const claim = await claimOne('w1', now);
        await Promise.all([other.jobs.enqueue(order('order:1'), now), storage.jobs.complete(claim, now)]);
        expect(await storage.jobs.get('abc', 'inbound-order', 'order:1')).toMatchObject({
          state: 'due',
          dueAt: iso(round * 1000),
        });
        await storage.jobs.complete(await claimOne('w1', now), now);
      }
    });

    it('when the lease expires another worker claims the job and the old claim is rejected', async () => {
      await storage.jobs.enqueue(order('order:1'), at());
      const stale = await claimOne('w1', at(), 1000);
      expect(await storage.jobs.claimDue({ owner: 'w2', now: at(999), leaseMs: 1000, limit: 5 })).toEqual([]);
      const fresh = await claimOne('w2', at(1000), 1000);
      expect(fresh).toMatchObject({ generation: 2, job: { attempts: 2, leaseOwner: 'w2' } });

      expect(await storage.jobs.renew(stale, at(1001), 1000)).toBe(false);
      await storage.jobs.complete(stale, at(1002));
      await storage.jobs.retry(stale, { runAt: at(1003), error: 'late' }, at(1003));
      await storage.jobs.park(stale, { error: 'late' }, at(1004));
      expect(await storage.jobs.get('abc', 'inbound-order', 'order:1')).toMatchObject({
        state: 'running',
        leaseOwner: 'w2',
        dueAt: iso(2000),
        lastError: null,
      });
      expect(await storage.jobs.renew(fresh, at(1500), 1000)).toBe(true);
    });

    it('renewing extends the lease so nobody claims the job at the old expiry', async () => {
      await storage.jobs.enqueue(order('order:1'), at());
      const claim = await claimOne('w1', at(), 1000);
      expect(await storage.jobs.renew(claim, at(800), 1000)).toBe(true);
      expect((await storage.jobs.get('abc', 'inbound-order', 'order:1'))?.dueAt).toBe(iso(1800));
      expect(await storage.jobs.claimDue({ owner: 'w2', now: at(1000), leaseMs: 1000, limit: 5 })).toEqual(
        [],
      );
      expect((await claimOne('w2', at(1800))).generation).toBe(2);
    });

    it('retry records the error and makes the job due at runAt, counting attempts', async () => {
      await storage.jobs.enqueue(order('order:1'), at());
      await storage.jobs.retry(await claimOne('w1', at()), { runAt: at(5000), error: 'HTTP 503' }, at(10));
      expect(await storage.jobs.get('abc', 'inbound-order', 'order:1')).toMatchObject({
        state: 'due',
        dueAt: iso(5000),
        lastError: 'HTTP 503',
        attempts: 1,
        leaseOwner: null,
      });
      expect(await storage.jobs.claimDue({ owner: 'w1', now: at(4999), leaseMs: LEASE, limit: 5 })).toEqual(
        [],
      );
      const second = await claimOne('w1', at(5000));
      expect(second.job.attempts).toBe(2);
      await storage.jobs.complete(second, at(5010));
      expect(await storage.jobs.get('abc', 'inbound-order', 'order:1')).toMatchObject({
        attempts: 0,
        lastError: null,
      });
    });

    it('a parked job stays parked until a later enqueue makes it due', async () => {
      await storage.jobs.enqueue(order('order:1'), at());
      await storage.jobs.park(await claimOne('w1', at()), { error: 'SKU X is not mapped' }, at(10));
      expect(await storage.jobs.get('abc', 'inbound-order', 'order:1')).toMatchObject({
        state: 'parked',
        dueAt: null,
        lastError: 'SKU X is not mapped',
      });
      expect(
        await storage.jobs.claimDue({ owner: 'w1', now: at(60 * MINUTE), leaseMs: LEASE, limit: 5 }),
      ).toEqual([]);
      const revived = await storage.jobs.enqueue(order('order:1'), at(2 * MINUTE));
      expect(revived).toMatchObject({ state: 'due', dueAt: iso(2 * MINUTE), attempts: 0 });
      expect((await claimOne('w1', at(2 * MINUTE))).generation).toBe(2);
    });

    it('a job enqueued while an attempt ran is due after that attempt parks', async () => {
      await storage.jobs.enqueue(order('order:1'), at());
      const claim = await claimOne('w1', at());
      await storage.jobs.enqueue(order('order:1'), at(5));
      await storage.jobs.park(claim, { error: 'bad' }, at(10));
      expect(await storage.jobs.get('abc', 'inbound-order', 'order:1')).toMatchObject({
        state: 'due',
        dueAt: iso(5),
        lastError: 'bad',
      });
    });

    it("cancelForStore cancels the store's waiting jobs now and its running job when it finishes", async () => {
      await storage.jobs.enqueue(order('running'), at());
      const running = await claimOne('w1', at());
      await storage.jobs.enqueue(order('due', { runAt: at(MINUTE) }), at());
      await storage.jobs.enqueue(order('parked'), at());
      await storage.jobs.park(await claimOne('w1', at()), { error: 'x' }, at());
      await storage.jobs.enqueue(order('other-store', { storeHash: 'def', runAt: at(10) }), at());

      expect(await storage.jobs.cancelForStore('abc', at(10))).toBe(3);
      expect(await stateOf('due')).toBe('cancelled');
      expect(await stateOf('parked')).toBe('cancelled');
      expect(await stateOf('running')).toBe('running');
      expect(await stateOf('other-store', 'def')).toBe('due');

      const claims = await storage.jobs.claimDue({ owner: 'w2', now: at(20), leaseMs: LEASE, limit: 5 });
      expect(claims.map((c) => c.job.key)).toEqual(['other-store']);
      await storage.jobs.complete(running, at(20));
      expect(await storage.jobs.get('abc', 'inbound-order', 'running')).toMatchObject({
        state: 'cancelled',
        dueAt: null,
      });
      expect(await storage.jobs.cancelForStore('abc', at(30))).toBe(0);
    });

    it('a cancelled running job whose lease expires is cancelled, not claimed again', async () => {
      await storage.jobs.enqueue(order('order:1'), at());
      await claimOne('w1', at(), 1000);
      await storage.jobs.cancelForStore('abc', at(10));
      expect(await storage.jobs.claimDue({ owner: 'w2', now: at(1000), leaseMs: 1000, limit: 5 })).toEqual(
        [],
      );
      expect(await stateOf('order:1')).toBe('cancelled');
    });

    it('a later enqueue revives a cancelled job', async () => {
      await storage.jobs.enqueue(order('order:1', { runAt: at(MINUTE) }), at());
      await storage.jobs.cancelForStore('abc', at());
      expect(await storage.jobs.enqueue(order('order:1'), at(10))).toMatchObject({
        state: 'due',
        dueAt: iso(10),
      });
      expect((await claimOne('w1', at(10))).job.key).toBe('order:1');
    });

    it("pages one store's jobs exactly once each and never another store's", async () => {
      const keys = Array.from({ length: 7 }, (_, i) => `order:${i}`);
      for (const key of keys) await storage.jobs.enqueue(order(key), at());
      await storage.jobs.enqueue(order('order:0', { storeHash: 'def' }), at());
      const { items, pageSizes } = await readAllPages(3, (after) =>
        storage.jobs.listForStore('abc', { limit: 3, after }),
      );
      expect(items.map((j) => j.key).sort()).toEqual(keys);
      expect(items.every((j) => j.storeHash === 'abc')).toBe(true);
      expect(pageSizes).toEqual([3, 3, 1]);
      expect(await storage.jobs.get('abc', 'inbound-order', 'order:99')).toBeNull();
    });

    it('a worker that died between winning a claim and recording it does not block the job for good', async () => {
      const crashing = assembleStorage(harness.kind, failingFirstUpdate(documents, 'jobs'), cipher);
      await storage.jobs.enqueue(order('order:1'), at());
      await expect(
        crashing.jobs.claimDue({ owner: 'dead', now: at(), leaseMs: LEASE, limit: 1 }),
      ).rejects.toThrow('simulated crash');
      expect(await storage.jobs.claimDue({ owner: 'w2', now: at(1000), leaseMs: LEASE, limit: 1 })).toEqual(
        [],
      );
      const claim = await claimOne('w2', at(ABANDONED_CLAIM_MS + 1));
      expect(claim).toMatchObject({ generation: 1, job: { leaseOwner: 'w2' } });
    });

    it("a crashed writer's leftover claim holds up enqueues of the job for a few seconds at most", async () => {
      expect(ABANDONED_CLAIM_MS).toBeLessThanOrEqual(5_000);
      const job = await storage.jobs.enqueue(order('order:1', { payload: { v: 1 } }), at());
      const stored = await documents.get('jobs', job.id);
      const claimId = docId('jobs', job.id, String(stored?.version), 1);
      expect(await documents.create('transitionClaims', claimId, { claimId, createdAt: iso() })).toBe(true);

      await expect(storage.jobs.enqueue(order('order:1', { payload: { v: 2 } }), at(1000))).rejects.toThrow(
        /contended/,
      );
      const later = await storage.jobs.enqueue(
        order('order:1', { payload: { v: 3 } }),
        at(ABANDONED_CLAIM_MS),
      );
      expect(later).toMatchObject({ payload: { v: 3 }, requestedAt: iso(ABANDONED_CLAIM_MS) });
    });

    it('claimDue purges transition claims older than a day, and the jobs keep working', async () => {
      await storage.jobs.enqueue(order('order:1'), at());
      await storage.jobs.complete(await claimOne('w1', at()), at());
      const claimsOf = async () => documents.query('transitionClaims', { orderBy: 'createdAt', limit: 100 });
      expect((await claimsOf()).length).toBeGreaterThanOrEqual(2);

      const later = assembleStorage(harness.kind, documents, cipher);
      await later.jobs.enqueue(order('order:1'), at(25 * 60 * MINUTE));
      expect(
        await later.jobs.claimDue({ owner: 'w1', now: at(25 * 60 * MINUTE), leaseMs: LEASE, limit: 1 }),
      ).toHaveLength(1);
      const remaining = await claimsOf();
      expect(remaining.length).toBeGreaterThan(0);
      expect(remaining.every((c) => String(c.createdAt) >= iso(60 * MINUTE))).toBe(true);
    });
  });

  describe('user removals', () => {
    it('keeps the latest removal of a user, per store', async () => {
      expect(await storage.userRemovals.get('abc', 42)).toBeNull();
      await storage.userRemovals.record({ storeHash: 'abc', userId: 42, removedIat: 200, removedAt: iso() });
      await storage.userRemovals.record({ storeHash: 'abc', userId: 42, removedIat: 100, removedAt: iso(1) });
      expect(await storage.userRemovals.get('abc', 42)).toEqual({
        storeHash: 'abc',
        userId: 42,
        removedIat: 200,
        removedAt: iso(),
      });
      await storage.userRemovals.record({ storeHash: 'abc', userId: 42, removedIat: 300, removedAt: iso(2) });
      expect((await storage.userRemovals.get('abc', 42))?.removedIat).toBe(300);
      expect(await storage.userRemovals.get('def', 42)).toBeNull();
    });
  });

  describe('receipts', () => {
    it('records a delivery hash once until it expires', async () => {
      expect(await storage.receipts.recordOnce('abc', 'hash-1', at(), MINUTE)).toBe(true);
      expect(await storage.receipts.recordOnce('abc', 'hash-1', at(MINUTE - 1), MINUTE)).toBe(false);
      expect(await storage.receipts.recordOnce('abc', 'hash-1', at(MINUTE), MINUTE)).toBe(true);
      expect(await storage.receipts.recordOnce('abc', 'hash-1', at(MINUTE + 1), MINUTE)).toBe(false);
    });

    it('seen reports an unexpired receipt without writing anything', async () => {
      expect(await storage.receipts.seen('abc', 'hash-1', at())).toBe(false);
      expect(await documents.query('receipts', { orderBy: 'expiresAt', limit: 10 })).toEqual([]);
      await storage.receipts.recordOnce('abc', 'hash-1', at(), MINUTE);
      const [before] = await documents.query('receipts', { orderBy: 'expiresAt', limit: 10 });
      expect(await storage.receipts.seen('abc', 'hash-1', at(MINUTE - 1))).toBe(true);
      expect(await storage.receipts.seen('abd', 'hash-1', at())).toBe(false);
      expect(await storage.receipts.seen('abc', 'hash-1', at(MINUTE))).toBe(false);
      expect(await documents.query('receipts', { orderBy: 'expiresAt', limit: 10 })).toEqual([before]);
    });

    it('keeps receipts of different stores apart', async () => {
      expect(await storage.receipts.recordOnce('abc', 'hash-1', at(), MINUTE)).toBe(true);
      expect(await storage.receipts.recordOnce('def', 'hash-1', at(), MINUTE)).toBe(true);
    });

    it('when ten deliveries of one hash arrive at once, exactly one is new', async () => {
      const other = await secondStorage();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? other : storage).receipts.recordOnce('abc', 'h', at(), MINUTE),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('when ten deliveries of an expired hash arrive at once, exactly one is new', async () => {
      const other = await secondStorage();
      await storage.receipts.recordOnce('abc', 'h', at(), MINUTE);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? other : storage).receipts.recordOnce('abc', 'h', at(2 * MINUTE), MINUTE),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('purgeExpired deletes only expired receipts and reports how many', async () => {
      await storage.receipts.recordOnce('abc', 'old-1', at(), MINUTE);
      await storage.receipts.recordOnce('def', 'old-2', at(), MINUTE);
      await storage.receipts.recordOnce('abc', 'live', at(), 10 * MINUTE);
      expect(await storage.receipts.purgeExpired(at(2 * MINUTE))).toBe(2);
      expect(await storage.receipts.purgeExpired(at(2 * MINUTE))).toBe(0);
      expect(await storage.receipts.recordOnce('abc', 'live', at(2 * MINUTE), MINUTE)).toBe(false);
      expect(await storage.receipts.recordOnce('abc', 'old-1', at(2 * MINUTE), MINUTE)).toBe(true);
    });
  });

  describe('APP_SECRET_KEY check', () => {
    const otherKey = new SecretBox(randomBytes(32));

    it('gives a new database a check value that opens with its key and with no other', async () => {
      expect(await verifyStorageKey(documents, cipher, at())).toEqual({
        status: 'initialised',
        provedBy: null,
      });
      expect(await documents.get('meta', 'keyCheck')).toMatchObject({
        sealed: expect.stringMatching(/^v1\./),
      });
      expect(await verifyStorageKey(documents, cipher, at())).toEqual({ status: 'verified' });
      expect(await verifyStorageKey(documents, otherKey, at())).toEqual({
        status: 'mismatch',
        what: 'the key check value',
      });
    });

    it('checks a database without a check value against a stored token, then writes the check value', async () => {
      await storage.stores.saveInstall(install('abc'), at());
      expect(await verifyStorageKey(documents, otherKey, at())).toEqual({
        status: 'mismatch',
        what: 'accessToken of store abc',
      });
      expect(await documents.get('meta', 'keyCheck')).toBeNull();
      expect(await verifyStorageKey(documents, cipher, at())).toEqual({
        status: 'initialised',
        provedBy: 'accessToken of store abc',
      });
      // From now on the check value decides, even once no store holds a token.
      await storage.stores.markUninstalled('abc', at(MINUTE));
      expect(await verifyStorageKey(documents, otherKey, at())).toMatchObject({ status: 'mismatch' });
      expect(await verifyStorageKey(documents, cipher, at())).toEqual({ status: 'verified' });
    });

    it("falls back to a connection's client secret when no store holds a token", async () => {
      await storage.stores.saveInstall(install('abc'), at());
      await storage.stores.markUninstalled('abc', at(MINUTE));
      await storage.connections.put(connection('abc'));
      expect(await verifyStorageKey(documents, otherKey, at())).toEqual({
        status: 'mismatch',
        what: 'clientSecret of store abc',
      });
    });

    it('two instances initialising one database at once agree on one check value', async () => {
      const second = await harness.connect();
      extraConnections.push(second);
      const results = await Promise.all([
        verifyStorageKey(documents, cipher, at()),
        verifyStorageKey(second, cipher, at()),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['initialised', 'verified']);
      expect(await verifyStorageKey(second, otherKey, at())).toMatchObject({ status: 'mismatch' });
    });
  });

  describe('health', () => {
    it('ping resolves while open and throws once closed', async () => {
      const separate = assembleStorage(harness.kind, await harness.connect(), cipher);
      await expect(separate.ping()).resolves.toBeUndefined();
      await separate.close();
      await expect(separate.ping()).rejects.toThrow();
    });
  });
}
