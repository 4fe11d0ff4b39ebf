/**
 * The JSON body of a create or update request.
 *
 * sandbox assumption: a body that is not `application/json` gets 415 with an OData error body.
 */
import { DataverseError, ErrorCode, odataError } from './errors';
import type { WebApiRequest } from './environment';

export function jsonBody(request: WebApiRequest): unknown {
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== 'application/json') {
    throw new DataverseError(
      415,
      ErrorCode.OData,
      `The content type '${mediaType || '(none)'}' is not supported. Send the request body as application/json.`,
    );
  }
  try {
    return JSON.parse(request.body) as unknown;
  } catch (error) {
    throw odataError(
      `Invalid JSON. ${error instanceof Error ? error.message : 'The body could not be parsed.'}`,
    );
  }
}
