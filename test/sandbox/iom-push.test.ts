import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signPushBody, type IomSimulator } from '../../scripts/sandbox/iom';
import { orderHeader, orderLine, useIomSandbox } from './iom-kit';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A connector stand-in on a loopback socket: records every push and answers `status`. */
async function startReceiver(status: number): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/iom/push`, received, server };
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
}

/** The verification the product must do, written here independently of the simulator's signing code. */
function verifies(secret: string, header: string, body: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2] ?? '', 'hex'));
}

/** IOM pushing sales order changes to the connector (our contract, not Microsoft's). */
describe('IOM simulator: push to the connector', () => {
  let sim: IomSimulator;
  useIomSandbox((running) => ({ sim } = running));

  const SECRET = 'push-secret-for-tests';

  async function placeOrder(externalId: string): Promise<string> {
    const response = await fetch(sim.intakeUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        ProviderExternalRequestId: `msg-${externalId}`,
        Payload: { ...orderHeader(sim, externalId), order_details: [orderLine(sim, 'MUG-GRY', 2)] },
      }),
    });
    return ((await response.json()) as { salesOrderId: string }).salesOrderId;
  }

  it('signs the body as t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const body = '{"storeHash":"abc123"}';
    const expected = createHmac('sha256', 'k3y-long-enough').update(`1767225600.${body}`).digest('hex');
    expect(signPushBody('k3y-long-enough', body, 1767225600.9)).toBe(`t=1767225600,v1=${expected}`);
    expect(verifies('k3y-long-enough', signPushBody('k3y-long-enough', body, 1767225600), body)).toBe(true);
    expect(verifies('other-secret', signPushBody('k3y-long-enough', body, 1767225600), body)).toBe(false);
  });

  it('pushes every operator action on a sales order, signed, and records the answers', async () => {
    const receiver = await startReceiver(202);
    try {
      const salesOrderId = await placeOrder('8001');
      sim.configurePush({ url: receiver.url, secret: SECRET, storeHash: 'abc123' });
      const fo = sim.operator.createFulfillmentOrder(salesOrderId);
      sim.operator.pick(fo.fulfillmentOrderId);
      sim.operator.pack(fo.fulfillmentOrderId);
      sim.operator.ship(fo.fulfillmentOrderId, { carrier: 'UPS', trackingNumber: '1Z1' });
      sim.operator.receiveReturn(salesOrderId, [
        { salesOrderDetailId: fo.lines[0]?.salesOrderDetailId ?? '', quantity: 1 },
      ]);
      await sim.pushesSettled();

      expect(receiver.received).toHaveLength(5);
      const bodies = receiver.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
      expect(bodies.map((b) => b.event)).toEqual([
        'fulfillment_created',
        'picked',
        'packed',
        'shipped',
        'returned',
      ]);
      for (const [index, push] of receiver.received.entries()) {
        expect(push.headers['content-type']).toBe('application/json');
        const signature = String(push.headers['x-iom-connector-signature']);
        expect(verifies(SECRET, signature, push.body)).toBe(true);
        expect(verifies('wrong-secret', signature, push.body)).toBe(false);
        const t = Number(/^t=(\d+)/.exec(signature)?.[1]);
        expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(60);
        expect(Object.keys(bodies[index] ?? {})).toEqual([
          'storeHash',
          'salesOrderId',
          'event',
          'occurredAt',
        ]);
        expect(bodies[index]).toMatchObject({ storeHash: 'abc123', salesOrderId });
        expect(String(bodies[index]?.occurredAt)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
      expect(sim.inspect.pushes().map((p) => [p.event, p.status, p.error, p.settled])).toEqual([
        ['fulfillment_created', 202, null, true],
        ['picked', 202, null, true],
        ['packed', 202, null, true],
        ['shipped', 202, null, true],
        ['returned', 202, null, true],
      ]);

      // The order is Completed: a cancellation is refused, and a refused action pushes nothing.
      expect(() => sim.operator.requestCancel(salesOrderId)).toThrow(/closed/);
      await sim.pushesSettled();
      expect(sim.inspect.pushes()).toHaveLength(5);
    } finally {
      await close(receiver.server);
    }
  });

  it('records failed pushes (an error status, nobody listening) without failing the operator action', async () => {
    const failing = await startReceiver(500);
    const salesOrderId = await placeOrder('8002');
    try {
      sim.configurePush({ url: failing.url, secret: SECRET, storeHash: 'abc123' });
      sim.operator.requestCancel(salesOrderId);
      await sim.pushesSettled();
    } finally {
      await close(failing.server);
    }
    // The same port, now closed: connection refused.
    sim.configurePush({ url: failing.url, secret: SECRET, storeHash: 'abc123' });
    expect(() => sim.operator.confirmCancel(salesOrderId)).not.toThrow();
    await sim.pushesSettled();
    expect(sim.inspect.salesOrders()[0]).toMatchObject({ state: 'Canceled', iomState: 'Cancelled' });
    const [answered, refused] = sim.inspect.pushes();
    expect(answered).toMatchObject({ event: 'cancel_requested', status: 500, settled: true });
    expect(answered?.error).toMatch(/500/);
    expect(refused).toMatchObject({ event: 'cancel_confirmed', status: null, settled: true });
    expect(refused?.error).toMatch(/fetch failed|ECONNREFUSED/);
  });

  it('refuses a bad push target with what to fix, and pushes nothing once turned off', async () => {
    expect(() => sim.configurePush({ url: 'ftp://x', secret: SECRET, storeHash: 'abc123' })).toThrow(
      /http\(s\) URL/,
    );
    expect(() =>
      sim.configurePush({ url: 'http://127.0.0.1:1/p', secret: 'short', storeHash: 'abc123' }),
    ).toThrow(/at least 8 characters/);
    expect(() =>
      sim.configurePush({ url: 'http://127.0.0.1:1/p', secret: SECRET, storeHash: 'not a hash!' }),
    ).toThrow(/store hash/);
    sim.configurePush({ url: 'http://127.0.0.1:1/p', secret: SECRET, storeHash: 'abc123' });
    sim.configurePush(null);
    sim.operator.createFulfillmentOrder(await placeOrder('8003'));
    await sim.pushesSettled();
    expect(sim.inspect.pushes()).toEqual([]);
  });

  it('is configured and inspected over the operator page helpers', async () => {
    const receiver = await startReceiver(200);
    try {
      const post = async (action: string, body: unknown) => {
        const response = await fetch(`${sim.url}/sandbox/iom/actions/${action}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        return (await response.json()) as { ok: boolean; message: string };
      };
      expect(
        await post('configure-push', { url: 'nope', secret: SECRET, storeHash: 'abc123' }),
      ).toMatchObject({
        ok: false,
        message: expect.stringMatching(/http\(s\) URL/) as unknown,
      });
      expect(
        await post('configure-push', { url: receiver.url, secret: SECRET, storeHash: 'abc123' }),
      ).toMatchObject({
        ok: true,
      });
      const salesOrderId = await placeOrder('8004');
      expect(await post('request-cancel', { id: salesOrderId })).toMatchObject({ ok: true });
      await sim.pushesSettled();
      const listed = (await (await fetch(`${sim.url}/sandbox/iom/pushes`)).json()) as {
        target: Record<string, unknown>;
        attempts: Array<Record<string, unknown>>;
      };
      expect(listed.target).toEqual({ url: receiver.url, storeHash: 'abc123' });
      expect(JSON.stringify(listed)).not.toContain(SECRET);
      expect(listed.attempts).toEqual([
        expect.objectContaining({ event: 'cancel_requested', salesOrderId, status: 200, error: null }),
      ]);
      const page = await (await fetch(`${sim.operatorUrl}?view=providers`)).text();
      expect(page).toContain('cancel_requested');
      expect(page).toContain('HTTP 200');
      expect(await post('clear-push', {})).toMatchObject({ ok: true, message: 'Push turned off.' });
      expect(sim.inspect.pushes()).toHaveLength(1);
    } finally {
      await close(receiver.server);
    }
  });
});
