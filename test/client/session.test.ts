import type { ApiError } from '../../client/api';
import {
  MAX_REFRESH_DELAY_MS,
  MIN_REFRESH_DELAY_MS,
  parseBootstrap,
  REFRESH_RETRY_DELAY_MS,
  refreshDelayMs,
  Session,
} from '../../client/session';

const valid = { token: 'tok-1', expiresAt: '2030-01-01T00:00:00.000Z', path: '/orders/5' };

describe('parseBootstrap', () => {
  it('accepts a valid bootstrap', () => {
    expect(parseBootstrap(JSON.stringify(valid))).toEqual({ ok: true, bootstrap: valid });
  });

  it('keeps only the known fields', () => {
    expect(parseBootstrap(JSON.stringify({ ...valid, extra: 1 }))).toEqual({ ok: true, bootstrap: valid });
  });

  it('decodes the escapes the shell uses for <, >, &, U+2028 and U+2029', () => {
    const text =
      '{"token":"a\\u003c\\u003e\\u0026\\u2028\\u2029","expiresAt":"2030-01-01T00:00:00Z","path":"/"}';
    const result = parseBootstrap(text);
    expect(result.ok && result.bootstrap.token).toBe('a<>&\u2028\u2029');
  });

  it.each<[string, string | null | undefined, RegExp]>([
    ['no element', undefined, /no session data/],
    ['empty element', '  \n ', /no session data/],
    ['null', null, /no session data/],
    ['broken JSON', '{"token":', /could not be read/],
    ['a JSON string', '"tok"', /not an object/],
    ['JSON null', 'null', /not an object/],
    ['missing token', JSON.stringify({ ...valid, token: '' }), /no token/],
    ['numeric token', JSON.stringify({ ...valid, token: 42 }), /no token/],
    ['invalid expiry', JSON.stringify({ ...valid, expiresAt: 'soon' }), /expiry/],
    ['relative path', JSON.stringify({ ...valid, path: 'orders/5' }), /start page/],
    ['missing path', JSON.stringify({ token: 't', expiresAt: valid.expiresAt }), /start page/],
  ])('rejects %s with a reason instead of throwing', (_name, text, reason) => {
    const result = parseBootstrap(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toMatch(reason);
  });
});

describe('refreshDelayMs', () => {
  const now = Date.parse('2030-01-01T00:00:00.000Z');
  it('is half the remaining lifetime', () => {
    expect(refreshDelayMs(new Date(now + 20 * 60_000).toISOString(), now)).toBe(10 * 60_000);
  });
  it('is never shorter than the minimum, even for an expired token or a skewed clock', () => {
    expect(refreshDelayMs(new Date(now - 60_000).toISOString(), now)).toBe(MIN_REFRESH_DELAY_MS);
  });
  it('is never longer than the maximum', () => {
    expect(refreshDelayMs(new Date(now + 24 * 3_600_000).toISOString(), now)).toBe(MAX_REFRESH_DELAY_MS);
  });
});

describe('Session', () => {
  const start = Date.parse('2030-01-01T00:00:00.000Z');
  const inAnHour = (from: number) => new Date(from + 3_600_000).toISOString();
  let fetchMock: jest.SpiedFunction<typeof fetch>;

  beforeEach(() => {
    jest.useFakeTimers({ now: start });
    fetchMock = jest.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('unexpected request'));
  });

  afterEach(() => {
    fetchMock.mockRestore();
    jest.useRealTimers();
  });

  /** A refresh answer issued when the request arrives: valid for an hour from then. */
  function refreshReply(token: string): () => Promise<Response> {
    return async () =>
      new Response(JSON.stringify({ token, expiresAt: inAnHour(Date.now()) }), { status: 200 });
  }

  function authHeaders(): string[] {
    return fetchMock.mock.calls.map(
      ([, init]) => (init?.headers as Record<string, string>).Authorization ?? '',
    );
  }

  it('refreshes at half-life with the current token and swaps in the new one, again and again', async () => {
    fetchMock.mockImplementationOnce(refreshReply('tok-2')).mockImplementationOnce(refreshReply('tok-3'));
    const session = new Session({ token: 'tok-1', expiresAt: inAnHour(start), path: '/' });
    session.start();

    await jest.advanceTimersByTimeAsync(30 * 60_000 - 1);
    expect(fetchMock).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(String(fetchMock.mock.calls[0]?.[0])).toBe('/api/session/refresh');
    expect(fetchMock.mock.calls[0]?.[1]?.method).toBe('POST');
    expect(session.token).toBe('tok-2');

    await jest.advanceTimersByTimeAsync(30 * 60_000);
    expect(authHeaders()).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    expect(session.token).toBe('tok-3');
    await jest.advanceTimersByTimeAsync(30 * 60_000 - 1);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('ends the session when the refresh answers 401, tells subscribers, and stops refreshing', async () => {
    fetchMock.mockResolvedValue(
      new Response(
        JSON.stringify({ error: { code: 'session_revoked', message: 'Access removed.', requestId: 'r1' } }),
        {
          status: 401,
        },
      ),
    );
    const session = new Session({ token: 'tok-1', expiresAt: inAnHour(start), path: '/' });
    const listener = jest.fn();
    session.subscribe(listener);
    session.start();

    await jest.advanceTimersByTimeAsync(30 * 60_000);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(session.getEnded()).toMatchObject({ status: 401, code: 'session_revoked', requestId: 'r1' });

    await jest.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('retries a transient refresh failure after a pause, keeping the current token meanwhile', async () => {
    fetchMock
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockImplementationOnce(refreshReply('tok-2'));
    const session = new Session({ token: 'tok-1', expiresAt: inAnHour(start), path: '/' });
    session.start();

    await jest.advanceTimersByTimeAsync(30 * 60_000);
    expect(session.token).toBe('tok-1');
    expect(session.getEnded()).toBeNull();
    await jest.advanceTimersByTimeAsync(REFRESH_RETRY_DELAY_MS);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(session.token).toBe('tok-2');
  });

  it('keeps the first reason when ended twice and notifies once; unsubscribe stops notifications', () => {
    const session = new Session({ token: 'tok-1', expiresAt: inAnHour(start), path: '/' });
    const first = jest.fn();
    const second = jest.fn();
    session.subscribe(first);
    const unsubscribe = session.subscribe(second);
    unsubscribe();
    const a = { code: 'session_expired' } as ApiError;
    const b = { code: 'session_revoked' } as ApiError;
    session.end(a);
    session.end(b);
    expect(session.getEnded()).toBe(a);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).not.toHaveBeenCalled();
  });

  it('never refreshes once ended', async () => {
    const session = new Session({ token: 'tok-1', expiresAt: inAnHour(start), path: '/' });
    session.start();
    session.end({ code: 'session_expired' } as ApiError);
    await jest.advanceTimersByTimeAsync(2 * 3_600_000);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
