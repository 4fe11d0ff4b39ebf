import type { IomSimulator } from '../../scripts/sandbox/iom';
import { entityIdOf, orderHeader, orderLine, useIomSandbox, webApi, type Doc } from './iom-kit';

/** The CancelSalesOrder action on the simulated Web API: state change, order close, errors. */
describe('IOM simulator: CancelSalesOrder', () => {
  let sim: IomSimulator;
  let token: string;
  useIomSandbox((running) => ({ sim, token } = running), { withToken: true });

  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    webApi(sim, token, method, path, body, headers);

  async function createOrder(externalId: string): Promise<string> {
    const { status, headers } = await call('POST', 'salesorders', {
      ...orderHeader(sim, externalId),
      order_details: [orderLine(sim, 'MUG-GRY', 1)],
    });
    expect(status).toBe(204);
    return entityIdOf(headers);
  }

  const cancelBody = (orderId: string, status = -1): Record<string, unknown> => ({
    OrderClose: { subject: 'Customer canceled', 'salesorderid@odata.bind': `/salesorders(${orderId})` },
    Status: status,
  });
  const cancel = (body: unknown) => call('POST', 'CancelSalesOrder', body);

  it('cancels an order (204): Canceled / No Money, IOM "Cancelled", an order close, a change', async () => {
    const id = await createOrder('100231');
    const tracked = await call('GET', 'salesorders?$select=name,statecode', undefined, {
      Prefer: 'odata.track-changes',
    });
    const deltaLink = String(tracked.body['@odata.deltaLink']);

    const { status, body } = await cancel(cancelBody(id));
    expect(status).toBe(204);
    expect(body).toBeNull();

    const order = await call(
      'GET',
      `salesorders(${id})?$select=statecode,statuscode,msdyn_iomstatename,msdyn_iomstatereasonname`,
    );
    expect(order.status).toBe(200);
    expect(order.body).toMatchObject({
      statecode: 2,
      statuscode: 4,
      msdyn_iomstatename: 'Cancelled',
      msdyn_iomstatereasonname: 'Cancelled',
    });
    expect(sim.inspect.salesOrders()[0]).toMatchObject({ state: 'Canceled', statusReason: 'No Money' });

    const delta = await call('GET', deltaLink);
    expect(delta.status).toBe(200);
    expect(delta.body.value).toEqual([expect.objectContaining({ salesorderid: id, statecode: 2 })]);

    const closes = await call(
      'GET',
      `salesorders(${id})/SalesOrder_OrderCloses?$select=subject,statecode,_salesorderid_value`,
    );
    expect(closes.status).toBe(200);
    expect(closes.body.value).toEqual([
      expect.objectContaining({ subject: 'Customer canceled', statecode: 1, _salesorderid_value: id }),
    ]);
  });

  it('takes a Status of the Canceled state and refuses one of another state', async () => {
    const id = await createOrder('100232');
    const wrong = await cancel(cancelBody(id, 100001));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/100001 is not a valid status code/);
    expect((await cancel(cancelBody(id, 4))).status).toBe(204);
  });

  it('answers 400 when the order is already canceled', async () => {
    const id = await createOrder('100233');
    expect((await cancel(cancelBody(id))).status).toBe(204);
    const again = await cancel(cancelBody(id));
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('0x80040203');
    expect(again.body.error.message).toMatch(
      /is Canceled; only an Active or Submitted order can be canceled/,
    );
    const closes = await call('GET', `salesorders(${id})/SalesOrder_OrderCloses`);
    expect(closes.body.value).toHaveLength(1);
  });

  it('answers 404 for an order that does not exist', async () => {
    const missing = '00000000-0000-0000-0000-000000000001';
    const { status, body } = await cancel(cancelBody(missing));
    expect(status).toBe(404);
    expect(body.error).toEqual({
      code: '0x80040217',
      message: `salesorder With Id = ${missing} Does Not Exist`,
    });
  });

  it.each<[string, unknown]>([
    ['no OrderClose', { Status: -1 }],
    ['no Status', { OrderClose: { subject: 'x', 'salesorderid@odata.bind': '/salesorders(ID)' } }],
    ['no salesorderid bind', { OrderClose: { subject: 'x' }, Status: -1 }],
    ['an unknown parameter', { OrderClose: { subject: 'x' }, Status: -1, Reason: 'x' }],
    ['a body that is not an object', [1]],
  ])('answers 400 with an OData error for a body with %s', async (_, raw) => {
    const id = await createOrder('100234');
    const body = JSON.parse(JSON.stringify(raw).replace('ID', id)) as unknown;
    const response = await cancel(body);
    expect(response.status).toBe(400);
    expect((response.body as Doc).error.code).toBe('0x80060888');
    expect(sim.inspect.salesOrders()[0]).toMatchObject({ state: 'Active' });
  });

  it('answers 403 without prvWriteSalesOrder, and leaves the order alone', async () => {
    const id = await createOrder('100235');
    sim.knobs.privileges.writeSalesOrders = false;
    const { status, body } = await cancel(cancelBody(id));
    expect(status).toBe(403);
    expect(body.error.code).toBe('0x80040220');
    expect(body.error.message).toMatch(/missing prvWriteSalesOrder privilege/);
    expect(sim.inspect.salesOrders()[0]).toMatchObject({ state: 'Active' });
  });

  it('answers 405 for a GET of the action', async () => {
    expect((await call('GET', 'CancelSalesOrder')).status).toBe(405);
  });

  it('runs inside a $batch change set, with the order bound by its Content-ID', async () => {
    const boundary = 'batch_cso';
    const changeset = 'changeset_cso';
    const part = (contentId: string, url: string, body: unknown) =>
      [
        `--${changeset}`,
        'Content-Type: application/http',
        'Content-Transfer-Encoding: binary',
        `Content-ID: ${contentId}`,
        '',
        `POST ${url} HTTP/1.1`,
        'Content-Type: application/json; type=entry',
        '',
        JSON.stringify(body),
      ].join('\r\n');
    const text = [
      `--${boundary}`,
      `Content-Type: multipart/mixed; boundary=${changeset}`,
      '',
      part('1', '/api/data/v9.2/salesorders', {
        ...orderHeader(sim, '100236'),
        order_details: [orderLine(sim, 'MUG-GRY', 1)],
      }),
      part('2', '/api/data/v9.2/CancelSalesOrder', {
        OrderClose: { subject: 'Canceled in a batch', 'salesorderid@odata.bind': '$1' },
        Status: -1,
      }),
      `--${changeset}--`,
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const response = await fetch(`${sim.environmentUrl}/api/data/v9.2/$batch`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': `multipart/mixed; boundary=${boundary}`,
        'OData-Version': '4.0',
      },
      body: text,
    });
    expect(response.status).toBe(200);
    const statuses = [...(await response.text()).matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => m[1]);
    expect(statuses).toEqual(['204', '204']);
    expect(sim.inspect.salesOrders()[0]).toMatchObject({ state: 'Canceled', iomState: 'Cancelled' });
  });

  it('leaves a PATCH of statecode to the plain update, which needs prvWriteSalesOrder', async () => {
    const id = await createOrder('100237');
    sim.knobs.privileges.writeSalesOrders = false;
    const denied = await call('PATCH', `salesorders(${id})`, { statecode: 1 }, { 'If-Match': '*' });
    expect(denied.status).toBe(403);
    sim.knobs.privileges.writeSalesOrders = true;
    const patched = await call('PATCH', `salesorders(${id})`, { statecode: 1 }, { 'If-Match': '*' });
    expect(patched.status).toBe(204);
  });
});
