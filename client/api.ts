/**
 * Talks to the app's own /api: every request carries the session token as a Bearer header (never a
 * cookie: third-party cookies are blocked in the control-panel iframe), and every failure becomes a typed
 * ApiError. A 401 means the session is over; the request reports it to the session before throwing.
 */
import { createContext, useContext } from 'react';
import useSWR, { type SWRConfiguration, type SWRResponse } from 'swr';

import type {
  ApiErrorBody,
  FieldErrorView,
  SessionResponse,
  UserResponse,
  UserRoleBody,
  UsersResponse,
} from '../server/http/api-types';

/** What the API layer needs from the session: the current token and a way to report that it is over. */
export interface ApiSession {
  readonly token: string;
  end(error: ApiError): void;
}

export interface ApiErrorFields {
  /** HTTP status; 0 when the server could not be reached. */
  status: number;
  code: string;
  message: string;
  requestId?: string;
  /** For `validation_failed`: each field's problem, as the server sent it. */
  fields?: readonly FieldErrorView[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  /** Field-level problems of a refused body (`error.fields`); empty when the server named none. */
  readonly fields: readonly FieldErrorView[];

  constructor(fields: ApiErrorFields) {
    super(fields.message);
    this.name = 'ApiError';
    this.status = fields.status;
    this.code = fields.code;
    this.requestId = fields.requestId;
    this.fields = fields.fields ?? [];
  }

  /**
   * True when the token can no longer be used (`session_expired`, `session_revoked`, `session_invalid`,
   * or any other 401: retrying with the same token cannot succeed).
   */
  get endsSession(): boolean {
    return this.status === 401;
  }

  /** True when trying again later may succeed: the network, rate limiting, or a server-side failure. */
  get isTransient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/** Any failure as an ApiError (a network or client error becomes status 0, code `client_error`). */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({
    status: 0,
    code: 'client_error',
    message: error instanceof Error ? error.message : String(error),
  });
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error: unknown = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string' &&
    (!('requestId' in error) || error.requestId === undefined || typeof error.requestId === 'string')
  );
}

function isFieldError(value: unknown): value is FieldErrorView {
  return (
    typeof value === 'object' &&
    value !== null &&
    'field' in value &&
    typeof value.field === 'string' &&
    'message' in value &&
    typeof value.message === 'string'
  );
}

/** The well-formed entries of `error.fields`, if it is a list. */
function fieldErrorsOf(error: object): FieldErrorView[] {
  const fields: unknown = 'fields' in error ? error.fields : undefined;
  if (!Array.isArray(fields)) return [];
  return fields.filter(isFieldError).map(({ field, message }) => ({ field, message }));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Turns a non-2xx response into an ApiError, whether or not its body has the ApiErrorBody shape. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const body = parseJson(await response.text().catch(() => ''));
  const headerRequestId = response.headers.get('x-request-id') ?? undefined;
  if (isApiErrorBody(body)) {
    const { code, message, requestId } = body.error;
    return new ApiError({
      status: response.status,
      code,
      message,
      requestId: requestId ?? headerRequestId,
      fields: fieldErrorsOf(body.error),
    });
  }
  const statusText = response.statusText ? ` ${response.statusText}` : '';
  return new ApiError({
    status: response.status,
    code: `http_${response.status}`,
    message: `IOM Connector answered with an unexpected error (HTTP ${response.status}${statusText}). Try again in a moment.`,
    requestId: headerRequestId,
  });
}

/**
 * Sends one request with the session's token (never a cookie) and answers the response once it is OK;
 * a network failure or an error answer becomes an ApiError (a 401 ends the session first).
 */
async function send(
  session: ApiSession,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  init: { accept: string; body?: string; contentType?: string },
): Promise<Response> {
  const headers: Record<string, string> = { Accept: init.accept, Authorization: `Bearer ${session.token}` };
  if (init.body !== undefined) headers['Content-Type'] = init.contentType ?? 'text/plain';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: init.body,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: 'IOM Connector could not be reached. Check your connection and try again.',
    });
  }
  if (!response.ok) {
    const error = await errorFromResponse(response);
    if (error.endsSession) session.end(error);
    throw error;
  }
  return response;
}

/** The JSON of an OK response, or an `invalid_response` ApiError when it is not JSON. */
async function jsonOf<T>(response: Response): Promise<T> {
  const data = parseJson(await response.text());
  if (data === undefined) {
    throw new ApiError({
      status: response.status,
      code: 'invalid_response',
      message: 'IOM Connector sent a response that could not be read. Try again in a moment.',
      requestId: response.headers.get('x-request-id') ?? undefined,
    });
  }
  return data as T;
}

async function apiRequest<T>(
  session: ApiSession,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await send(session, method, path, {
    accept: 'application/json',
    ...(body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' }),
  });
  if (response.status === 204) return undefined as T;
  return jsonOf<T>(response);
}

export function apiGet<T>(session: ApiSession, path: string): Promise<T> {
  return apiRequest<T>(session, 'GET', path);
}

export function apiPost<T>(session: ApiSession, path: string, body?: unknown): Promise<T> {
  return apiRequest<T>(session, 'POST', path, body);
}

export function apiPut<T>(session: ApiSession, path: string, body: unknown): Promise<T> {
  return apiRequest<T>(session, 'PUT', path, body);
}

/** Resolves undefined for the usual 204 No Content. */
export function apiDelete<T = undefined>(session: ApiSession, path: string): Promise<T> {
  return apiRequest<T>(session, 'DELETE', path);
}

/** The SWR fetcher: the key is the API path; the token is read at call time, so refreshes apply. */
export function createFetcher(session: ApiSession): (path: string) => Promise<unknown> {
  return (path) => apiGet<unknown>(session, path);
}

/** Reads `path` with the fetcher from the surrounding SWRConfig (installed by SessionGate). */
export function useApi<T>(
  path: string | null,
  config?: SWRConfiguration<T, ApiError>,
): SWRResponse<T, ApiError> {
  return useSWR<T, ApiError>(path, config ?? {});
}

/** The session for writes (apiPost, apiPut, apiDelete) from pages; provided by SessionGate. */
export const ApiSessionContext = createContext<ApiSession | null>(null);

export function useApiSession(): ApiSession {
  const session = useContext(ApiSessionContext);
  if (!session) throw new Error('useApiSession must be used inside <SessionGate>.');
  return session;
}

/** GET /api/session: the store, the signed-in user, their role and what they may do. */
export function useSessionDetails(): SWRResponse<SessionResponse, ApiError> {
  return useApi<SessionResponse>('/api/session');
}

/** GET /api/users: the store's users and their roles in the app. */
export function useUsers(): SWRResponse<UsersResponse, ApiError> {
  return useApi<UsersResponse>('/api/users');
}

/** PUT /api/users/:userId (owner only): make a user an app admin or back to a user. */
export function setUserRole(
  session: ApiSession,
  userId: number,
  role: UserRoleBody['role'],
): Promise<UserResponse> {
  const body: UserRoleBody = { role };
  return apiPut<UserResponse>(session, `/api/users/${userId}`, body);
}

/**
 * A request whose body or answer is text rather than JSON (a CSV file): `body` is sent as is with
 * `contentType`; the answer is the response text (`as: 'text'`) or its JSON.
 */
export async function apiTextRequest<T = string>(
  session: ApiSession,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: string; contentType?: string; as: 'text' | 'json' },
): Promise<T> {
  const response = await send(session, method, path, {
    accept: options.as === 'json' ? 'application/json' : 'text/csv, text/plain',
    body: options.body,
    contentType: options.contentType,
  });
  if (options.as === 'text') return (await response.text()) as T;
  return jsonOf<T>(response);
}
