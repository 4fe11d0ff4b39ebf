/**
 * Entra ID token endpoint errors: an OAuth `error` plus an `error_description` that starts with the
 * AADSTS code, and the trace fields Entra adds. msal-node does not look at the HTTP status, only at
 * this body, so every failure must carry it.
 */
import { newGuid } from '../ids';

export type OAuthError =
  | 'invalid_request'
  | 'invalid_client'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_resource'
  | 'invalid_tenant'
  | 'temporarily_unavailable';

export class EntraError extends Error {
  constructor(
    readonly status: number,
    readonly error: OAuthError,
    readonly aadsts: number,
    description: string,
  ) {
    super(description);
    this.name = 'EntraError';
  }
}

export interface EntraErrorBody {
  error: OAuthError;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

export function entraErrorBody(
  error: EntraError,
  authorityHost: string,
  correlationId: string,
  now: number,
): EntraErrorBody {
  const timestamp = new Date(now)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
  const traceId = newGuid();
  return {
    error: error.error,
    error_description: `AADSTS${error.aadsts}: ${error.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [error.aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${authorityHost}/error?code=${error.aadsts}`,
  };
}

export function tenantNotFound(tenant: string): EntraError {
  return new EntraError(
    400,
    'invalid_request',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  );
}

export function missingParameter(name: string): EntraError {
  return new EntraError(
    400,
    'invalid_request',
    900144,
    `The request body must contain the following parameter: '${name}'.`,
  );
}
