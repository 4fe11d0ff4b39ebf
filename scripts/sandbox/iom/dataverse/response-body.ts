import type { DataverseError } from './errors';
import type { WebApiResponse } from './environment';

const JSON_TYPE =
  'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8';

/** A Web API response's headers and body text as they go on the wire (top level or inside $batch). */
export function renderResponse(response: WebApiResponse): { headers: Record<string, string>; text: string } {
  const headers: Record<string, string> = { 'OData-Version': '4.0', ...response.headers };
  if (!response.body) return { headers, text: '' };
  if (response.body.kind === 'json') {
    headers['Content-Type'] = JSON_TYPE;
    return { headers, text: JSON.stringify(response.body.value) };
  }
  headers['Content-Type'] = response.body.contentType;
  return { headers, text: response.body.value };
}

/** The annotation that, when a caller asks for it, adds help-link details to error bodies. */
export const HELP_LINK = 'Microsoft.PowerApps.CDS.HelpLink';

export function errorResponse(error: DataverseError, withAnnotations: boolean): WebApiResponse {
  return {
    status: error.status,
    headers: { ...error.headers },
    body: { kind: 'json', value: error.body(withAnnotations) },
  };
}
