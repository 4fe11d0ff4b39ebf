import type { IomSimulator } from '../../scripts/sandbox/iom';
import { startIomSimulator } from '../../scripts/sandbox/iom';
import { orderHeader, orderLine, useIomSandbox, webApi, type Doc } from './iom-kit';

/**
 * The `renames` start option: the Web API (metadata, entity sets, lookups, `_x_value`, change tracking
 * deletions) shows the renamed tables and columns, while the IOM operator keeps writing its own.
 */
describe('IOM simulator: renamed tables and columns', () => {
  let sim: IomSimulator;
  let token: string;
  useIomSandbox((running) => ({ sim, token } = running), {
    withToken: true,
    options: {
      renames: {
        msdyn_fulfillmenttracking: 'contoso_shipmenttracking',
        'msdyn_fulfillmenttracking.msdyn_trackingnumber': 'contoso_waybill',
      },
    },
  });

  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    webApi(sim, token, method, path, body, headers);

  it('answers metadata under the new names, and the old table is gone', async () => {
    const renamed = await call(
      'GET',
      "EntityDefinitions(LogicalName='contoso_shipmenttracking')?$select=LogicalName,EntitySetName,PrimaryIdAttribute&$expand=Attributes($select=LogicalName,AttributeType),ManyToOneRelationships($select=ReferencingAttribute,ReferencedEntity)",
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      LogicalName: 'contoso_shipmenttracking',
      EntitySetName: 'contoso_shipmenttrackings',
      PrimaryIdAttribute: 'contoso_shipmenttrackingid',
    });
    const columns = (renamed.body.Attributes as unknown as Doc[]).map((a) => a.LogicalName);
    expect(columns).toEqual(expect.arrayContaining(['contoso_waybill', 'contoso_shipmenttrackingid']));
    expect(columns).not.toContain('msdyn_trackingnumber');
    expect((await call('GET', "EntityDefinitions(LogicalName='msdyn_fulfillmenttracking')")).status).toBe(
      404,
    );

    const line = await call(
      'GET',
      "EntityDefinitions(LogicalName='msdyn_fulfillmenttrackingline')?$select=LogicalName&$expand=ManyToOneRelationships($select=ReferencingAttribute,ReferencedEntity)",
    );
    expect(line.body.ManyToOneRelationships).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ReferencingAttribute: 'msdyn_fulfillmenttrackingid',
          ReferencedEntity: 'contoso_shipmenttracking',
        }),
      ]),
    );
  });

  it("serves the operator's shipment rows under the new entity set, columns and lookups", async () => {
    const created = await call(
      'POST',
      'salesorders?$select=salesorderid',
      { ...orderHeader(sim, 'R1'), order_details: [orderLine(sim, 'MUG-GRY', 1)] },
      { Prefer: 'return=representation' },
    );
    const fo = sim.operator.createFulfillmentOrder(String(created.body.salesorderid));
    sim.operator.ship(fo.fulfillmentOrderId, { carrier: 'fedex', trackingNumber: '7489 0001' });

    const rows = await call(
      'GET',
      `contoso_shipmenttrackings?$select=contoso_waybill,_msdyn_fulfillmentorderid_value&$filter=_msdyn_fulfillmentorderid_value eq ${fo.fulfillmentOrderId}`,
    );
    expect(rows.status).toBe(200);
    expect(rows.body.value).toHaveLength(1);
    const tracking = rows.body.value[0] as Doc;
    expect(tracking).toMatchObject({
      contoso_waybill: '7489 0001',
      _msdyn_fulfillmentorderid_value: fo.fulfillmentOrderId,
    });
    const id = String(tracking.contoso_shipmenttrackingid);
    const lines = await call(
      'GET',
      `msdyn_fulfillmenttrackinglines?$select=msdyn_quantity,_msdyn_fulfillmenttrackingid_value&$filter=_msdyn_fulfillmenttrackingid_value eq ${id}`,
    );
    expect(lines.body.value).toEqual([expect.objectContaining({ msdyn_quantity: 1 })]);
    expect((await call('GET', 'msdyn_fulfillmenttrackings')).status).toBe(404);
  });

  it('refuses renames of core tables, unknown columns and names that are not logical names', async () => {
    await expect(startIomSimulator({ renames: { salesorder: 'contoso_order' } })).rejects.toThrow(
      /core table/,
    );
    await expect(
      startIomSimulator({ renames: { 'msdyn_fulfillmenttracking.msdyn_nope': 'contoso_x' } }),
    ).rejects.toThrow(/has no column "msdyn_nope"/);
    await expect(startIomSimulator({ renames: { msdyn_returnorder: 'Contoso Return' } })).rejects.toThrow(
      /not a logical name/,
    );
  });
});
