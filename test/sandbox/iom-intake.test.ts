import type { IomSimulator } from '../../scripts/sandbox/iom';
import { orderHeader, orderLine, useIomSandbox, type Doc } from './iom-kit';

/** IOM's intake provider message handler (a Power Automate HTTP trigger) in the simulator. */
describe('IOM simulator: intake provider message handler', () => {
  let sim: IomSimulator;
  useIomSandbox((running) => ({ sim } = running));

  const payload = (externalId = '100231') => ({
    ...orderHeader(sim, externalId),
    order_details: [orderLine(sim, 'MUG-GRY', 3)],
  });

  async function send(body: unknown, url = sim.intakeUrl, contentType = 'application/json') {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Doc,
    };
  }

  it('has a Power Automate-style trigger URL with a signature', () => {
    const url = new URL(sim.intakeUrl);
    expect(url.pathname).toMatch(/^\/workflows\/[0-9a-f]{32}\/triggers\/manual\/paths\/invoke$/);
    expect(url.searchParams.get('api-version')).toBe('2016-06-01');
    expect(url.searchParams.get('sv')).toBe('1.0');
    expect(url.searchParams.get('sp')).toBe('/triggers/manual/run');
    expect(url.searchParams.get('sig')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('accepts a message, creates the sales order, and returns the same answer for a repeat', async () => {
    const first = await send({ ProviderExternalRequestId: 'bc-store-100231-v1', Payload: payload() });
    expect(first.status).toBe(202);
    expect(first.headers.get('x-ms-workflow-run-id')).toMatch(/^08584[0-9A-F]{24}$/);
    expect(first.body).toEqual({
      status: 'accepted',
      providerMessageRequestExecutionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      salesOrderId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const [order] = sim.inspect.salesOrders();
    expect(order).toMatchObject({
      salesOrderId: first.body.salesOrderId,
      externalOrderId: '100231',
      totalAmount: 42,
    });
    const repeat = await send({ ProviderExternalRequestId: 'bc-store-100231-v1', Payload: payload() });
    expect(repeat.status).toBe(202);
    expect(repeat.body).toEqual(first.body);
    expect(sim.inspect.salesOrders()).toHaveLength(1);
  });

  it('refuses an invalid payload with a readable 400 and accepts the corrected retry', async () => {
    const { 'pricelevelid@odata.bind': _dropped, ...noPriceList } = payload();
    const refused = await send({ ProviderExternalRequestId: 'msg-2', Payload: noPriceList });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      status: 'failed',
      message: expect.stringContaining("The required column 'pricelevelid'"),
      error: { code: '0x80044331', message: expect.stringContaining('pricelevelid') },
    });
    expect(sim.inspect.salesOrders()).toEqual([]);
    expect((await send({ ProviderExternalRequestId: 'msg-2', Payload: payload() })).status).toBe(202);
  });

  it('refuses a duplicate external order id under a new message id through the alternate key', async () => {
    await send({ ProviderExternalRequestId: 'a', Payload: payload() });
    const duplicate = await send({ ProviderExternalRequestId: 'b', Payload: payload() });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.code).toBe('0x80060892');
  });

  it('ignores the application user privileges (the flow runs as IOM)', async () => {
    sim.knobs.privileges.createSalesOrders = false;
    expect((await send({ ProviderExternalRequestId: 'c', Payload: payload() })).status).toBe(202);
  });

  it('refuses a message that does not match the trigger schema or is not JSON', async () => {
    const schema = await send({ Payload: payload() });
    expect(schema.status).toBe(400);
    expect(schema.body.error.code).toBe('TriggerInputSchemaMismatch');
    expect(schema.body.error.message).toMatch(/ProviderExternalRequestId/);
    const notJson = await send('{"ProviderExternalRequestId":', sim.intakeUrl);
    expect(notJson.body.error.code).toBe('InvalidRequestContent');
    const text = await send('hello', sim.intakeUrl, 'text/plain');
    expect(text.status).toBe(400);
  });

  it('answers 401 for a missing or wrong signature, like Logic Apps', async () => {
    const url = new URL(sim.intakeUrl);
    url.searchParams.delete('sig');
    const missing = await send({ ProviderExternalRequestId: 'x', Payload: payload() }, url.toString());
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('DirectApiAuthorizationRequired');
    url.searchParams.set('sig', 'A'.repeat(43));
    const wrong = await send({ ProviderExternalRequestId: 'x', Payload: payload() }, url.toString());
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('DirectApiInvalidAuthorizationSignature');
    expect(sim.inspect.salesOrders()).toEqual([]);
  });

  it('answers 404 for an unknown workflow or when IOM is not installed, and 400 without api-version', async () => {
    const other = sim.intakeUrl.replace(/workflows\/[0-9a-f]+/, 'workflows/0123456789abcdef0123456789abcdef');
    expect((await send({ ProviderExternalRequestId: 'x', Payload: payload() }, other)).status).toBe(404);
    const noVersion = new URL(sim.intakeUrl);
    noVersion.searchParams.delete('api-version');
    expect(
      (await send({ ProviderExternalRequestId: 'x', Payload: payload() }, noVersion.toString())).body.error
        .code,
    ).toBe('MissingApiVersionParameter');
    sim.knobs.iomInstalled = false;
    expect((await send({ ProviderExternalRequestId: 'x', Payload: payload() })).status).toBe(404);
  });

  it('answers a forced 429 with Retry-After and a Logic Apps error body, once', async () => {
    sim.knobs.forceStatus['^/workflows/'] = 429;
    const throttled = await send({ ProviderExternalRequestId: 'x', Payload: payload() });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(throttled.body.error.code).toBe('TooManyRequests');
    expect((await send({ ProviderExternalRequestId: 'x', Payload: payload() })).status).toBe(202);
  });

  it('fails with 503 at errorRate 1', async () => {
    sim.knobs.errorRate = 1;
    const { status, body } = await send({ ProviderExternalRequestId: 'x', Payload: payload() });
    expect(status).toBe(503);
    expect(body.error.code).toBe('ServiceUnavailable');
    expect(sim.inspect.salesOrders()).toEqual([]);
  });
});
