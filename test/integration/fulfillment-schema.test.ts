import type {
  ApiErrorBody,
  ConnectionResponse,
  ConnectionTestView,
  SchemaOverridesResponse,
} from '../../server/http/api-types';
import type { IomSimulatorOptions } from '../../scripts/sandbox/iom';
import type { FulfillmentProfile } from '../../server/iom/fulfillment-profile';
import {
  api,
  jsonRequest,
  openApp,
  ownerSession,
  sandboxConnectionBody,
  startHarness,
  type Harness,
} from '../helpers/harness';

const STORE = 'demo7x3';
/** The simulator's second user of demo7x3 (a plain user unless made an admin). */
const STAFF = 9876543;

/** The app's fulfillment-schema discovery against the IOM simulator, over real sockets. */
function useConnectedHarness(iom: IomSimulatorOptions | undefined) {
  const ctx = {} as { h: Harness; token: string };
  beforeAll(async () => {
    ctx.h = await startHarness({ iom });
    ctx.token = await ownerSession(ctx.h, STORE);
  });
  afterAll(async () => {
    await ctx.h.close();
  });
  beforeEach(async () => {
    ctx.h.iom.reset();
    const saved = await jsonRequest(ctx.h, ctx.token, 'PUT', '/api/connection', sandboxConnectionBody(ctx.h));
    expect(saved.status).toBe(200);
    // Start each test without overrides.
    const cleared = await jsonRequest(ctx.h, ctx.token, 'PUT', '/api/connection/schema-overrides', {});
    expect(cleared.status).toBe(200);
  });
  return ctx;
}

async function runTest(
  h: Harness,
  token: string,
): Promise<ConnectionTestView & { fulfillmentProfile: FulfillmentProfile | null }> {
  const res = await jsonRequest(h, token, 'POST', '/api/connection/test');
  expect(res.status).toBe(200);
  return (await res.json()) as ConnectionTestView & { fulfillmentProfile: FulfillmentProfile | null };
}

const check = (result: ConnectionTestView, id: string) => result.checks.find((c) => c.id === id);

/** EntityDefinitions requests the simulator received since `from`. */
const metadataRequests = (h: Harness, from: number) =>
  h.iom.inspect.requests.slice(from).filter((r) => r.path.includes('/EntityDefinitions'));

describe('fulfillment schema: the simulator’s own names', () => {
  const ctx = useConnectedHarness(undefined);

  it('discovers every table and column, passes the check and keeps the profile with the connection', async () => {
    const { h, token } = ctx;
    const result = await runTest(h, token);
    const schemaCheck = check(result, 'fulfillment-schema');
    expect(schemaCheck).toMatchObject({ label: 'Fulfillment tables', status: 'pass' });
    expect(schemaCheck?.message).toMatch(/msdyn_fulfillmenttracking, msdyn_fulfillmenttrackingline/);
    expect(result.checks.map((c) => c.id)).toEqual([
      'token',
      'environment',
      'whoami',
      'read-salesorders',
      'iom-installed',
      'change-tracking',
      'fulfillment-schema',
      'alternate-key',
    ]);
    expect(result.ok).toBe(true);

    const { connection } = (await (await api(h, token, '/api/connection')).json()) as ConnectionResponse;
    const profile = connection?.fulfillmentProfile;
    expect(profile).toMatchObject({
      fulfillmentOrder: {
        table: 'msdyn_fulfillmentorder',
        entitySet: 'msdyn_fulfillmentorders',
        id: 'msdyn_fulfillmentorderid',
        salesOrder: 'msdyn_salesorderid',
        state: 'msdyn_iomstatename',
        name: 'msdyn_name',
      },
      fulfillmentLine: {
        table: 'msdyn_fulfillmentorderdetail',
        fulfillmentOrder: 'msdyn_fulfillmentid',
        salesOrderLine: 'msdyn_salesorderdetailid',
        product: 'msdyn_product',
        quantity: 'msdyn_quantity',
        shipped: 'msdyn_shippedquantity',
        cancelled: 'msdyn_cancelledquantity',
      },
      tracking: {
        table: 'msdyn_fulfillmenttracking',
        entitySet: 'msdyn_fulfillmenttrackings',
        fulfillmentOrder: 'msdyn_fulfillmentorderid',
        trackingNumber: 'msdyn_trackingnumber',
        carrierName: 'msdyn_carriername',
        carrier: 'msdyn_shippingcarrier',
        carrierService: null,
        shipmentId: 'msdyn_shipmentid',
        shipDate: 'msdyn_shipdate',
      },
      trackingLine: {
        table: 'msdyn_fulfillmenttrackingline',
        tracking: 'msdyn_fulfillmenttrackingid',
        fulfillmentLine: 'msdyn_fulfillmentorderdetailid',
        salesOrderLine: 'msdyn_salesorderdetailid',
        quantity: 'msdyn_quantity',
      },
      returnOrder: {
        table: 'msdyn_returnorder',
        salesOrder: 'msdyn_salesorderid',
        state: 'msdyn_iomstatename',
      },
      returnLine: {
        table: 'msdyn_returnorderdetail',
        returnOrder: 'msdyn_returnorderid',
        salesOrderLine: 'msdyn_salesorderdetailid',
        quantity: 'msdyn_quantity',
      },
      salesOrder: { state: 'msdyn_iomstatename', stateReason: 'msdyn_iomstatereasonname' },
      changeTracking: { salesOrder: true, fulfillmentOrder: true, returnOrder: true },
      missing: [],
      overridden: [],
    });
    // The stored test result does not carry the profile twice.
    expect(connection?.lastTest).not.toHaveProperty('fulfillmentProfile');
  });

  it('reads one definition per table (7 EntityDefinitions requests) when every name is where expected', async () => {
    const { h, token } = ctx;
    const from = h.iom.inspect.requests.length;
    const res = await jsonRequest(h, token, 'PUT', '/api/connection/schema-overrides', {});
    expect(res.status).toBe(200);
    const requests = metadataRequests(h, from);
    expect(requests).toHaveLength(7);
    expect(requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('warns about an override naming a table the environment lacks, and the connection stays OK', async () => {
    const { h, token } = ctx;
    const res = await jsonRequest(h, token, 'PUT', '/api/connection/schema-overrides', {
      'returnOrder.table': 'contoso_rma',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as SchemaOverridesResponse;
    // The override names a table the environment lacks: said so, and discovery's own find is kept.
    expect(body.fulfillmentProfile.missing).toEqual([
      expect.stringMatching(
        /returnOrder\.table names the table contoso_rma, which this environment does not have/,
      ),
    ]);
    expect(body.fulfillmentProfile.returnOrder?.table).toBe('msdyn_returnorder');
    const result = await runTest(h, token);
    expect(check(result, 'fulfillment-schema')).toMatchObject({ status: 'warn' });
    expect(check(result, 'fulfillment-schema')?.message).toMatch(/contoso_rma/);
    expect(result.ok).toBe(true);
  });

  it('refuses unknown keys and names that are not logical names, field by field, and saves nothing', async () => {
    const { h, token } = ctx;
    const res = await jsonRequest(h, token, 'PUT', '/api/connection/schema-overrides', {
      'tracking.table': 'Contoso_ShipmentTracking',
      'tracking.colour': 'msdyn_colour',
      'trackingLine.quantity': 42,
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ApiErrorBody;
    expect(error.code).toBe('validation_failed');
    expect(error.fields).toEqual([
      {
        field: 'tracking.table',
        message: expect.stringMatching(/not a Dataverse logical name.*e\.g\. "contoso_shipmenttracking"/),
      },
      {
        field: 'tracking.colour',
        message: expect.stringMatching(/is not an overridable name; use one of: .*tracking\.trackingNumber/),
      },
      { field: 'trackingLine.quantity', message: expect.stringMatching(/must be a logical name/) },
    ]);
    const notObject = await jsonRequest(h, token, 'PUT', '/api/connection/schema-overrides', [
      'tracking.table',
    ]);
    expect(notObject.status).toBe(400);
    expect((await h.deps.storage.connections.get(STORE))?.schemaOverrides).toEqual({});
  });

  it('the settings API reads and sets the overrides too (PUT /api/settings schemaOverrides), with the same field errors', async () => {
    const { h, token } = ctx;
    const bad = await jsonRequest(h, token, 'PUT', '/api/settings', {
      schemaOverrides: { 'tracking.colour': 'x' },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ApiErrorBody).error.fields).toEqual([
      { field: 'tracking.colour', message: expect.stringMatching(/is not an overridable name/) },
    ]);
    const ok = await jsonRequest(h, token, 'PUT', '/api/settings', {
      schemaOverrides: { 'returnOrder.table': 'msdyn_returnorder' },
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { schemaOverrides: Record<string, string> }).schemaOverrides).toEqual({
      'returnOrder.table': 'msdyn_returnorder',
    });
    const read = (await (await api(h, token, '/api/settings')).json()) as {
      schemaOverrides: Record<string, string>;
    };
    expect(read.schemaOverrides).toEqual({ 'returnOrder.table': 'msdyn_returnorder' });
    expect((await h.deps.storage.connections.get(STORE))?.fulfillmentProfile?.overridden).toEqual([
      'returnOrder.table',
    ]);
    await jsonRequest(h, token, 'PUT', '/api/settings', { schemaOverrides: {} });
  });

  it('lets only the owner or an admin change the overrides', async () => {
    const { h } = ctx;
    const staff = await openApp(h, STORE, STAFF);
    const res = await jsonRequest(h, staff, 'PUT', '/api/connection/schema-overrides', {
      'tracking.table': 'contoso_shipmenttracking',
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as ApiErrorBody).error.code).toBe('forbidden_role');
  });
});

describe('fulfillment schema: an environment with its own names', () => {
  const ctx = useConnectedHarness({
    renames: {
      msdyn_fulfillmenttracking: 'contoso_shipmenttracking',
      'msdyn_fulfillmenttrackingline.msdyn_quantity': 'contoso_units',
    },
  });

  it('finds a renamed tracking table through its relationship to the fulfillment order, in few requests', async () => {
    const { h, token } = ctx;
    const from = h.iom.inspect.requests.length;
    const res = await jsonRequest(h, token, 'PUT', '/api/connection/schema-overrides', {});
    const { fulfillmentProfile: profile } = (await res.json()) as SchemaOverridesResponse;
    expect(profile.tracking).toMatchObject({
      table: 'contoso_shipmenttracking',
      entitySet: 'contoso_shipmenttrackings',
      id: 'contoso_shipmenttrackingid',
      fulfillmentOrder: 'msdyn_fulfillmentorderid',
      trackingNumber: 'msdyn_trackingnumber',
    });
    expect(profile.trackingLine).toMatchObject({
      table: 'msdyn_fulfillmenttrackingline',
      tracking: 'msdyn_fulfillmenttrackingid',
    });
    // 7 tables + 3 candidate names that do not exist + 1 OneToManyRelationships read.
    expect(metadataRequests(h, from).length).toBeLessThanOrEqual(11);
  });

  it('names a column it cannot infer in the connection test, and an override fixes it', async () => {
    const { h, token } = ctx;
    const before = await runTest(h, token);
    const schemaCheck = check(before, 'fulfillment-schema');
    expect(schemaCheck?.status).toBe('warn');
    expect(schemaCheck?.message).toBe(
      'Fulfillment Tracking Line (msdyn_fulfillmenttrackingline) has no quantity column: set trackingLine.quantity to its logical name in Connection › IOM schema overrides.',
    );
    expect((await h.deps.storage.connections.get(STORE))?.fulfillmentProfile?.missing).toHaveLength(1);

    const res = await jsonRequest(h, token, 'PUT', '/api/connection/schema-overrides', {
      'trackingLine.quantity': 'contoso_units',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as SchemaOverridesResponse;
    expect(body.schemaOverrides).toEqual({ 'trackingLine.quantity': 'contoso_units' });
    expect(body.fulfillmentProfile).toMatchObject({
      trackingLine: { quantity: 'contoso_units' },
      missing: [],
      overridden: ['trackingLine.quantity'],
    });

    const after = await runTest(h, token);
    expect(check(after, 'fulfillment-schema')).toMatchObject({ status: 'pass' });
    expect(check(after, 'fulfillment-schema')?.message).toMatch(
      /contoso_shipmenttracking.*Overridden: trackingLine\.quantity/,
    );
    const { connection } = (await (await api(h, token, '/api/connection')).json()) as ConnectionResponse;
    expect(connection?.schemaOverrides).toEqual({ 'trackingLine.quantity': 'contoso_units' });
    expect(connection?.fulfillmentProfile?.trackingLine.quantity).toBe('contoso_units');
  });

  it('keeps the overrides when the connection is saved again', async () => {
    const { h, token } = ctx;
    await jsonRequest(h, token, 'PUT', '/api/connection/schema-overrides', {
      'trackingLine.quantity': 'contoso_units',
    });
    const saved = await jsonRequest(h, token, 'PUT', '/api/connection', sandboxConnectionBody(h));
    expect(saved.status).toBe(200);
    expect((await h.deps.storage.connections.get(STORE))?.schemaOverrides).toEqual({
      'trackingLine.quantity': 'contoso_units',
    });
  });
});

describe('fulfillment schema: an environment whose return tables cannot be found', () => {
  const ctx = useConnectedHarness({ renames: { msdyn_returnorder: 'contoso_rma' } });

  it('leaves returns out (null) with a note that they won’t be relayed, and an override brings them back', async () => {
    const { h, token } = ctx;
    const result = await runTest(h, token);
    expect(result.fulfillmentProfile).toMatchObject({ returnOrder: null, returnLine: null });
    expect(result.fulfillmentProfile?.missing).toEqual([
      expect.stringMatching(
        /^No Return Order table was found .*returns won’t be relayed: set returnOrder\.table/,
      ),
    ]);
    expect(check(result, 'fulfillment-schema')?.status).toBe('warn');
    expect(result.ok).toBe(true);

    const res = await jsonRequest(h, token, 'PUT', '/api/connection/schema-overrides', {
      'returnOrder.table': 'contoso_rma',
    });
    const { fulfillmentProfile: profile } = (await res.json()) as SchemaOverridesResponse;
    expect(profile).toMatchObject({
      returnOrder: {
        table: 'contoso_rma',
        entitySet: 'contoso_rmas',
        id: 'contoso_rmaid',
        salesOrder: 'msdyn_salesorderid',
      },
      returnLine: { table: 'msdyn_returnorderdetail', returnOrder: 'msdyn_returnorderid' },
      changeTracking: { returnOrder: true },
      missing: [],
      overridden: ['returnOrder.table'],
    });
  });
});
