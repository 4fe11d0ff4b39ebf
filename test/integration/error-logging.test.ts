import { api, ownerSession, startHarness, type Harness } from '../helpers/harness';

/** Expected refusals are one log line with their code; only a server fault logs a stack trace. */
describe('error logging', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const linesFor = (from: number) => h.logs.slice(from).map((l) => JSON.parse(l) as Record<string, unknown>);

  it('a 404 and a 400 each log one access line with the code, and no stack', async () => {
    const token = await ownerSession(h);
    const from = h.logs.length;
    const missing = await api(h, token, '/api/no-such-thing');
    expect(missing.status).toBe(404);
    const malformed = await api(h, token, '/api/connection', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: '{"environmentUrl":',
    });
    expect(malformed.status).toBe(400);
    const lines = linesFor(from);
    expect(lines.filter((l) => l['msg'] === 'request')).toEqual([
      expect.objectContaining({ level: 40, path: '/api/no-such-thing', status: 404, errorCode: 'not_found' }),
      expect.objectContaining({ level: 40, path: '/api/connection', status: 400, errorCode: 'bad_request' }),
    ]);
    expect(lines).toHaveLength(2);
    expect(h.logs.slice(from).join('\n')).not.toMatch(/"stack"|\n\s+at /);
  });
});
