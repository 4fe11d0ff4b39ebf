import {
  ApiError,
  apiDelete,
  apiGet,
  apiPost,
  apiPut,
  createFetcher,
  errorFromResponse,
  type ApiSession,
} from '../../client/api';

function fakeSession(token = 'tok-1'): ApiSession & { ended: ApiError[] } {
  const ended: ApiError[] = [];
  return { token, ended, end: (error) => ended.push(error) };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

let fetchMock: jest.SpiedFunction<typeof fetch>;

beforeEach(() => {
  fetchMock = jest.spyOn(globalThis, 'fetch');
});

afterEach(() => {
  fetchMock.mockRestore();
});

function lastRequest(): { url: string; init: RequestInit } {
  const call = fetchMock.mock.calls.at(-1);
  if (!call) throw new Error('fetch was not called');
  return { url: String(call[0]), init: call[1] ?? {} };
}

describe('apiGet / apiPost / apiPut / apiDelete', () => {
  it('sends the session token as a Bearer header and never sends cookies', async () => {
    fetchMock.mockResolvedValue(json(200, { ok: true }));
    await expect(apiGet(fakeSession('tok-abc'), '/api/session')).resolves.toEqual({ ok: true });
    const { url, init } = lastRequest();
    expect(url).toBe('/api/session');
    expect(init.method).toBe('GET');
    expect(init.credentials).toBe('omit');
    expect(init.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer tok-abc' });
    expect(init.body).toBeUndefined();
  });

  it('posts a JSON body', async () => {
    fetchMock.mockResolvedValue(json(200, { saved: 1 }));
    await expect(apiPost(fakeSession(), '/api/things', { a: 1 })).resolves.toEqual({ saved: 1 });
    const { init } = lastRequest();
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{"a":1}');
    expect(init.headers).toMatchObject({ 'Content-Type': 'application/json' });
  });

  it('puts a JSON body', async () => {
    fetchMock.mockResolvedValue(json(200, { connection: null }));
    await expect(apiPut(fakeSession('tok-put'), '/api/connection', { b: 2 })).resolves.toEqual({
      connection: null,
    });
    const { url, init } = lastRequest();
    expect(url).toBe('/api/connection');
    expect(init.method).toBe('PUT');
    expect(init.body).toBe('{"b":2}');
    expect(init.headers).toMatchObject({
      'Content-Type': 'application/json',
      Authorization: 'Bearer tok-put',
    });
  });

  it('deletes without a body and resolves undefined for 204 No Content', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await expect(apiDelete(fakeSession(), '/api/connection')).resolves.toBeUndefined();
    const { init } = lastRequest();
    expect(init.method).toBe('DELETE');
    expect(init.body).toBeUndefined();
    expect(init.headers).not.toHaveProperty('Content-Type');
  });

  it('resolves undefined for 204 No Content', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await expect(apiPost(fakeSession(), '/api/things')).resolves.toBeUndefined();
  });

  it('turns an ApiErrorBody into a typed ApiError with status, code, message and request id', async () => {
    fetchMock.mockResolvedValue(
      json(422, {
        error: { code: 'validation_failed', message: 'The URL is not valid.', requestId: 'req-9' },
      }),
    );
    const error = await apiPost(fakeSession(), '/api/things', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'validation_failed',
      message: 'The URL is not valid.',
      requestId: 'req-9',
      endsSession: false,
      isTransient: false,
    });
  });

  it('reports a 401 to the session (the session is over) before throwing', async () => {
    const session = fakeSession();
    fetchMock.mockResolvedValue(
      json(401, { error: { code: 'session_revoked', message: 'Access was removed.' } }),
    );
    await expect(apiGet(session, '/api/session')).rejects.toMatchObject({
      status: 401,
      code: 'session_revoked',
    });
    expect(session.ended).toHaveLength(1);
    expect(session.ended[0]).toMatchObject({ code: 'session_revoked', endsSession: true });
  });

  it('does not end the session for other errors', async () => {
    const session = fakeSession();
    fetchMock.mockResolvedValue(json(500, { error: { code: 'internal_error', message: 'Oops.' } }));
    await expect(apiGet(session, '/api/session')).rejects.toMatchObject({ status: 500, isTransient: true });
    expect(session.ended).toHaveLength(0);
  });

  it('describes a non-JSON error response by its status, with the X-Request-Id header', async () => {
    fetchMock.mockResolvedValue(
      new Response('<html>Bad gateway</html>', {
        status: 502,
        statusText: 'Bad Gateway',
        headers: { 'x-request-id': 'req-h' },
      }),
    );
    await expect(apiGet(fakeSession(), '/api/session')).rejects.toMatchObject({
      status: 502,
      code: 'http_502',
      message: expect.stringContaining('HTTP 502 Bad Gateway'),
      requestId: 'req-h',
      isTransient: true,
    });
  });

  it('ignores a JSON error body that does not have the ApiErrorBody shape', async () => {
    fetchMock.mockResolvedValue(json(400, { error: 'nope' }));
    await expect(apiGet(fakeSession(), '/x')).rejects.toMatchObject({ status: 400, code: 'http_400' });
  });

  it('turns a network failure into a transient ApiError with status 0', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(apiGet(fakeSession(), '/api/session')).rejects.toMatchObject({
      status: 0,
      code: 'network_error',
      isTransient: true,
    });
  });

  it('rejects a 2xx response whose body is not JSON', async () => {
    fetchMock.mockResolvedValue(new Response('not json', { status: 200 }));
    await expect(apiGet(fakeSession(), '/api/session')).rejects.toMatchObject({ code: 'invalid_response' });
  });
});

describe('createFetcher', () => {
  it('reads the token at call time, so a refreshed token is used by later requests', async () => {
    const session = { token: 'old', end: jest.fn() };
    const fetcher = createFetcher(session);
    fetchMock.mockImplementation(async () => json(200, {}));
    await fetcher('/api/session');
    session.token = 'new';
    await fetcher('/api/session');
    const tokens = fetchMock.mock.calls.map(
      ([, init]) => (init?.headers as Record<string, string>).Authorization,
    );
    expect(tokens).toEqual(['Bearer old', 'Bearer new']);
  });
});

describe('errorFromResponse', () => {
  it('prefers the request id in the body over the header', async () => {
    const error = await errorFromResponse(
      json(
        409,
        { error: { code: 'conflict', message: 'Busy.', requestId: 'body-id' } },
        { 'x-request-id': 'hdr' },
      ),
    );
    expect(error.requestId).toBe('body-id');
  });

  it('keeps the field errors of a refused body, dropping malformed entries', async () => {
    const error = await errorFromResponse(
      json(400, {
        error: {
          code: 'validation_failed',
          message: 'The settings are not valid: defaultAccountId: is required.',
          fields: [{ field: 'defaultAccountId', message: 'is required' }, { field: 3 }, 'priceListId'],
        },
      }),
    );
    expect(error.fields).toEqual([{ field: 'defaultAccountId', message: 'is required' }]);
    expect((await errorFromResponse(json(400, { error: { code: 'x', message: 'y' } }))).fields).toEqual([]);
  });
});
