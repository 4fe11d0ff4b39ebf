import type { IomSimulator } from '../../scripts/sandbox/iom';
import { entityIdOf, orderHeader, orderLine, useIomSandbox, webApi } from './iom-kit';

/** Change tracking on the simulated Web API: deltaLinks that return only changes and deletions. */
describe('IOM simulator: change tracking', () => {
  let sim: IomSimulator;
  let token: string;
  useIomSandbox((running) => ({ sim, token } = running), { withToken: true });

  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    webApi(sim, token, method, path, body, headers);
  const track = (path: string, prefer = 'odata.track-changes') =>
    call('GET', path, undefined, { Prefer: prefer });

  async function createOrder(externalId: string): Promise<string> {
    const { headers } = await call('POST', 'salesorders', {
      ...orderHeader(sim, externalId),
      order_details: [orderLine(sim, 'MUG-GRY', 1)],
    });
    return entityIdOf(headers);
  }

  it('returns every row and a deltaLink, then only rows changed since and deletions', async () => {
    const kept = await createOrder('1');
    const changed = await createOrder('2');
    const deleted = await createOrder('3');
    const initial = await track('salesorders?$select=name,description');
    expect(initial.status).toBe(200);
    expect(initial.headers.get('preference-applied')).toBe('odata.track-changes');
    expect(initial.body.value).toHaveLength(3);
    const deltaLink = String(initial.body['@odata.deltaLink']);
    expect(deltaLink).toMatch(
      new RegExp(
        `^${sim.environmentUrl}/api/data/v9.2/salesorders\\?%24select=name%2Cdescription&%24deltatoken=\\d+%21\\d\\d%2F\\d\\d%2F\\d{4}%20\\d\\d%3A\\d\\d%3A\\d\\d$`,
      ),
    );

    const quiet = await call('GET', deltaLink);
    expect(quiet.body.value).toEqual([]);
    expect(quiet.body['@odata.context']).toMatch(/\$metadata#salesorders\(name,description\)\/\$delta$/);

    await call('PATCH', `salesorders(${changed})`, { description: 'changed' }, { 'If-Match': '*' });
    await call('DELETE', `salesorders(${deleted})`);
    const added = await createOrder('4');
    const delta = await call('GET', deltaLink);
    const rows = delta.body.value.filter((item) => !('reason' in item));
    const deletions = delta.body.value.filter((item) => 'reason' in item);
    expect(rows.map((row) => row.salesorderid).sort()).toEqual([added, changed].sort());
    expect(rows.find((row) => row.salesorderid === changed)).toMatchObject({
      name: 'BC-2',
      description: 'changed',
    });
    expect(rows.every((row) => row.salesorderid !== kept)).toBe(true);
    expect(deletions).toEqual([
      {
        '@odata.context': `${sim.environmentUrl}/api/data/v9.2/$metadata#salesorders/$deletedEntity`,
        id: deleted,
        reason: 'deleted',
      },
    ]);
    const next = await call('GET', String(delta.body['@odata.deltaLink']));
    expect(next.body.value).toEqual([]);
  });

  it('pages a tracked read and puts the deltaLink on the last page', async () => {
    for (const id of ['1', '2', '3']) await createOrder(id);
    const first = await track('salesorders?$select=name', 'odata.track-changes, odata.maxpagesize=2');
    expect(first.body.value).toHaveLength(2);
    expect(first.body['@odata.deltaLink']).toBeUndefined();
    const last = await track(
      String(first.body['@odata.nextLink']),
      'odata.track-changes, odata.maxpagesize=2',
    );
    expect(last.body.value).toHaveLength(1);
    await createOrder('4');
    const delta = await call('GET', String(last.body['@odata.deltaLink']));
    expect(delta.body.value.map((row) => row.name)).toEqual(['BC-4']);
  });

  it.each(['$filter=statecode eq 0', '$orderby=name', '$expand=order_details', '$top=1'])(
    'refuses %s with change tracking',
    async (option) => {
      const { status, body } = await track(`salesorders?${option}`);
      expect(status).toBe(400);
      const name = option.split('=')[0];
      expect(body.error.message).toBe(
        `The ${name} query parameter isn't supported when Change Tracking is enabled.`,
      );
    },
  );

  it('refuses tables without change tracking and unreadable delta tokens', async () => {
    sim.knobs.changeTracking.salesorder = false;
    const off = await track('salesorders?$select=name');
    expect(off.status).toBe(400);
    expect(off.body.error.message).toMatch(/Change tracking is not enabled for the entity 'salesorder'/);
    expect((await track('accounts')).status).toBe(400);
    sim.knobs.changeTracking.salesorder = true;
    expect((await call('GET', 'salesorders?$deltatoken=garbage')).status).toBe(400);
  });

  it('tracks fulfillment orders the operator creates and changes', async () => {
    const orderId = await createOrder('7');
    const initial = await track('msdyn_fulfillmentorders?$select=msdyn_name,msdyn_iomstatename');
    expect(initial.body.value).toEqual([]);
    const fo = sim.operator.createFulfillmentOrder(orderId);
    const afterCreate = await call('GET', String(initial.body['@odata.deltaLink']));
    expect(afterCreate.body.value).toEqual([
      expect.objectContaining({ msdyn_fulfillmentorderid: fo.fulfillmentOrderId, msdyn_iomstatename: 'New' }),
    ]);
    sim.operator.pick(fo.fulfillmentOrderId);
    const afterPick = await call('GET', String(afterCreate.body['@odata.deltaLink']));
    expect(afterPick.body.value).toEqual([expect.objectContaining({ msdyn_iomstatename: 'Picked' })]);
  });
});
