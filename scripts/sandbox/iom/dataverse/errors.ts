/**
 * Dataverse Web API errors: `{"error":{"code":"0x8...","message":"..."}}` with the HTTP status the
 * platform uses for that kind of failure (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors).
 */

/** Hex codes as Dataverse reports them (Web service error codes reference). */
export const ErrorCode = {
  /** An unexpected error occurred. */
  Unexpected: '0x80040216',
  /** Invalid argument: an operation that the record's current state does not allow, among others. */
  InvalidArgument: '0x80040203',
  ObjectDoesNotExist: '0x80040217',
  PrivilegeDenied: '0x80040220',
  DuplicateRecord: '0x80040237',
  ValidationError: '0x80044331',
  ConcurrencyVersionMismatch: '0x80060882',
  /** The generic OData-layer error: bad query, unknown property, invalid key, ... */
  OData: '0x80060888',
  ResourceNotFoundForSegment: '0x8006088a',
  DuplicateRecordEntityKey: '0x80060892',
  RequestsLimit: '0x80072322',
  ConcurrencyLimit: '0x80072326',
  // sandbox assumption: the code Dataverse gives an app registration that has no application user.
  UserNotInOrganization: '0x80072560',
  /** Token problems: Dataverse answers them with an empty code. */
  None: '',
} as const;

export interface DataverseErrorBody {
  error: { code: string; message: string } & Record<string, string>;
}

export class DataverseError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'DataverseError';
  }

  /** The error body; with `odata.include-annotations` the platform adds help-link annotations. */
  body(withAnnotations = false): DataverseErrorBody {
    const error: DataverseErrorBody['error'] = { code: this.code, message: this.message };
    if (withAnnotations && this.code) {
      error['@Microsoft.PowerApps.CDS.HelpLink'] =
        `http://go.microsoft.com/fwlink/?LinkID=398563&error=Microsoft.Crm.CrmException%3a${this.code.slice(2)}&client=platform`;
      error['@Microsoft.PowerApps.CDS.InnerError.Message'] = this.message;
    }
    return { error };
  }
}

/** 400 from the OData layer (query syntax, unknown properties, invalid keys, bad payload shapes). */
export function odataError(message: string): DataverseError {
  return new DataverseError(400, ErrorCode.OData, message);
}

export function validationError(message: string): DataverseError {
  return new DataverseError(400, ErrorCode.ValidationError, `A validation error occurred. ${message}`);
}

export function unknownProperty(property: string, entity: string): DataverseError {
  return odataError(
    `Could not find a property named '${property}' on type 'Microsoft.Dynamics.CRM.${entity}'.`,
  );
}

export function segmentNotFound(segment: string): DataverseError {
  return new DataverseError(
    404,
    ErrorCode.ResourceNotFoundForSegment,
    `Resource not found for the segment '${segment}'.`,
  );
}

export function recordNotFound(entity: string, id: string): DataverseError {
  return new DataverseError(404, ErrorCode.ObjectDoesNotExist, `${entity} With Id = ${id} Does Not Exist`);
}

/** A record addressed by alternate key values that does not exist. */
export function keyedRecordNotFound(entity: string, values: Record<string, unknown>): DataverseError {
  const ids = Object.entries(values)
    .map(([name, value]) => `${name}:${String(value)}`)
    .join(',');
  return new DataverseError(404, ErrorCode.ObjectDoesNotExist, `${entity} With Ids = ${ids} Does Not Exist`);
}

export function methodNotAllowed(method: string): DataverseError {
  return new DataverseError(
    405,
    ErrorCode.OData,
    `The requested resource does not support http method '${method}'.`,
  );
}

/** What a status forced by the `forceStatus` knob (or an injected fault) answers with. */
export function injectedFault(status: number): DataverseError {
  if (status === 429) return requestsLimitError(6000, 300, 1);
  if (status === 401) return new DataverseError(401, ErrorCode.None, 'The access token is invalid.');
  if (status === 403)
    return new DataverseError(403, ErrorCode.PrivilegeDenied, 'Principal user is missing a privilege.');
  if (status === 404)
    return new DataverseError(404, ErrorCode.ObjectDoesNotExist, 'The record does not exist.');
  if (status === 412) {
    return new DataverseError(
      412,
      ErrorCode.ConcurrencyVersionMismatch,
      "The version of the existing record doesn't match the RowVersion property provided.",
    );
  }
  if (status >= 500) return new DataverseError(status, ErrorCode.Unexpected, 'An unexpected error occurred.');
  return new DataverseError(status, ErrorCode.OData, `The request failed with status ${status}.`);
}

export function requestsLimitError(limit: number, windowSeconds: number, retryAfter: number): DataverseError {
  return new DataverseError(
    429,
    ErrorCode.RequestsLimit,
    `Number of requests exceeded the limit of ${limit} over time window of ${windowSeconds} seconds.`,
    { 'Retry-After': String(retryAfter) },
  );
}

export function concurrencyLimitError(limit: number, retryAfter: number): DataverseError {
  return new DataverseError(
    429,
    ErrorCode.ConcurrencyLimit,
    `Number of concurrent requests exceeded the limit of ${limit}.`,
    { 'Retry-After': String(retryAfter) },
  );
}
