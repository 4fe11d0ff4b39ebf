import type { IomSimulator } from '../../scripts/sandbox/iom';
import { orderHeader, useIomSandbox, type Doc } from './iom-kit';

/** `$batch` on the simulated Web API: atomic change sets, Content-ID references, continue-on-error. */
describe('IOM simulator: $batch', () => {
  let sim: IomSimulator;
  let token: string;
  useIomSandbox((running) => ({ sim, token } = running), { withToken: true });

  interface Part {
    method: string;
    url: string;
    body?: unknown;
    contentId?: string;
    headers?: Record<string, string>;
  }

  const root = () => `/api/data/v9.2`;

  function httpPart(part: Part): string {
    const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
    if (part.contentId) lines.push(`Content-ID: ${part.contentId}`);
    const request = [`${part.method} ${part.url} HTTP/1.1`];
    if (part.body !== undefined) request.push('Content-Type: application/json; type=entry');
    for (const [name, value] of Object.entries(part.headers ?? {})) request.push(`${name}: ${value}`);
    return `${lines.join('\r\n')}\r\n\r\n${request.join('\r\n')}\r\n\r\n${part.body === undefined ? '' : JSON.stringify(part.body)}`;
  }

  /** Entries: a single request, or an array = one change set. */
  function batchBody(boundary: string, entries: Array<Part | Part[]>): string {
    let body = '';
    entries.forEach((entry, index) => {
      body += `--${boundary}\r\n`;
      if (Array.isArray(entry)) {
        const changeset = `changeset_${index}`;
        body += `Content-Type: multipart/mixed; boundary=${changeset}\r\n\r\n`;
        for (const part of entry) body += `--${changeset}\r\n${httpPart(part)}\r\n`;
        body += `--${changeset}--\r\n`;
      } else {
        body += `${httpPart(entry)}\r\n`;
      }
    });
    return `${body}--${boundary}--\r\n`;
  }

  async function batch(entries: Array<Part | Part[]>, prefer?: string) {
    const boundary = 'batch_7c2d';
    const response = await fetch(`${sim.environmentUrl}/api/data/v9.2/$batch`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': `multipart/mixed; boundary="${boundary}"`,
        Accept: 'application/json',
        'OData-MaxVersion': '4.0',
        'OData-Version': '4.0',
        ...(prefer ? { Prefer: prefer } : {}),
      },
      body: batchBody(boundary, entries),
    });
    const text = await response.text();
    const statuses = [...text.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));
    const bodies = [...text.matchAll(/^(\{.*\})\r?$/gm)].map((m) => JSON.parse(m[1] ?? '{}') as Doc);
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text,
      statuses,
      bodies,
    };
  }

  const order = (externalId: string) => orderHeader(sim, externalId);
  const line = (productId: string, quantity = 1) => ({
    'salesorderid@odata.bind': '$1',
    'productid@odata.bind': `/products(${productId})`,
    'uomid@odata.bind': `/uoms(${sim.catalog.uomId})`,
    quantity,
  });
  const mug = () => sim.catalog.products[0]?.productId ?? '';

  it('runs a change set with Content-ID references in URLs and binds, then a GET outside it', async () => {
    const result = await batch([
      [
        { method: 'POST', url: `${root()}/salesorders`, body: order('5001'), contentId: '1' },
        { method: 'POST', url: `${root()}/salesorderdetails`, body: line(mug(), 2), contentId: '2' },
        { method: 'PATCH', url: '$1', body: { description: 'gift' }, contentId: '3' },
      ],
      {
        method: 'GET',
        url: `${sim.environmentUrl}/api/data/v9.2/salesorders?$select=name,description,totalamount`,
      },
    ]);
    expect(result.status).toBe(200);
    expect(result.contentType).toMatch(/^multipart\/mixed; boundary=batchresponse_[0-9a-f-]+$/);
    expect(result.text).toMatch(/Content-Type: multipart\/mixed; boundary=changesetresponse_/);
    expect(result.text).toMatch(/Content-ID: 1\r\n/);
    expect(result.statuses).toEqual([204, 204, 204, 200]);
    expect(result.bodies.at(-1)?.value).toEqual([
      expect.objectContaining({ name: 'BC-5001', description: 'gift', totalamount: 28 }),
    ]);
    expect(sim.inspect.salesOrders()[0]?.lines).toHaveLength(1);
  });

  it('rolls the whole change set back when one request in it fails, and answers with that error', async () => {
    const result = await batch([
      [
        { method: 'POST', url: 'salesorders', body: order('5002'), contentId: '1' },
        { method: 'POST', url: 'salesorderdetails', body: line(mug()), contentId: '2' },
        {
          method: 'POST',
          url: 'salesorderdetails',
          body: line('00000000-0000-4000-8000-00000000abcd'),
          contentId: '3',
        },
      ],
    ]);
    expect(result.status).toBe(200);
    expect(result.statuses).toEqual([404]);
    expect(result.bodies[0]?.error.code).toBe('0x80040217');
    expect(result.text).not.toMatch(/changesetresponse_/);
    expect(sim.inspect.salesOrders()).toEqual([]);
  });

  it('stops at the first failure unless odata.continue-on-error is preferred', async () => {
    const entries = (): Array<Part | Part[]> => [
      { method: 'GET', url: 'salesorders(00000000-0000-4000-8000-000000000001)' },
      [{ method: 'POST', url: 'salesorders', body: order('5003') }],
      { method: 'GET', url: 'WhoAmI' },
    ];
    const stopped = await batch(entries());
    expect(stopped.statuses).toEqual([404]);
    expect(sim.inspect.salesOrders()).toEqual([]);
    const continued = await batch(entries(), 'odata.continue-on-error');
    expect(continued.statuses).toEqual([404, 204, 200]);
    expect(sim.inspect.salesOrders()).toHaveLength(1);
  });

  it('passes per-part Prefer headers through', async () => {
    const result = await batch([
      [
        {
          method: 'POST',
          url: 'salesorders?$select=name',
          body: order('5004'),
          contentId: '1',
          headers: { Prefer: 'return=representation' },
        },
      ],
    ]);
    expect(result.statuses).toEqual([201]);
    expect(result.bodies[0]).toMatchObject({ name: 'BC-5004' });
  });

  it('refuses a GET inside a change set, and a body that is not multipart', async () => {
    const getInside = await batch([[{ method: 'GET', url: 'WhoAmI' }]]);
    expect(getInside.status).toBe(400);
    const plain = await fetch(`${sim.environmentUrl}/api/data/v9.2/$batch`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(plain.status).toBe(400);
    expect(((await plain.json()) as { error: { code: string } }).error.code).toBe('0x80060888');
  });

  it('refuses more than 1,000 requests in one batch', async () => {
    const many = Array.from({ length: 1001 }, (): Part => ({ method: 'GET', url: 'WhoAmI' }));
    const result = await batch(many);
    expect(result.status).toBe(400);
    expect(result.text).toMatch(/limit is 1000/);
  });
});
