/**
 * Routes one Web API request (a top-level request or a $batch part) to its handler and turns Dataverse
 * errors into error responses. Synchronous on purpose: a $batch change set runs without interleaving.
 *
 * sandbox assumption: OData-Version / OData-MaxVersion below 4.0 are refused with 400, and an Accept
 * header that excludes JSON with 406, using the OData library's messages.
 */
import { executeBatch } from './batch';
import { entitySetRoute } from './entity-set-routes';
import { DataverseError, ErrorCode, methodNotAllowed, odataError, segmentNotFound } from './errors';
import type { RequestScope, WebApiRequest, WebApiResponse } from './environment';
import { entityDefinitionsRoute } from './metadata-routes';
import { parseQueryOptions } from './odata/query-options';
import { parseResourcePath } from './resource-path';
import { cancelSalesOrder, isSalesOrderAction } from './sales-order-actions';
import { errorResponse, HELP_LINK } from './response-body';

export function dispatch(scope: RequestScope, request: WebApiRequest): WebApiResponse {
  try {
    return route(scope, request);
  } catch (error) {
    if (!(error instanceof DataverseError)) throw error;
    return errorResponse(error, scope.prefer.includeAnnotation(HELP_LINK));
  }
}

function route(scope: RequestScope, request: WebApiRequest): WebApiResponse {
  checkVersionHeaders(request);
  const segments = parseResourcePath(request.path);
  const [first] = segments;
  if (!first) throw segmentNotFound('');
  if (first.name === '$batch' && segments.length === 1) {
    if (request.method !== 'POST') throw methodNotAllowed(request.method);
    return executeBatch(scope, request, dispatch);
  }
  checkAccept(request);
  const query = parseQueryOptions(request.query);
  if (first.name === 'WhoAmI' && segments.length === 1 && !first.key) {
    if (request.method !== 'GET') throw methodNotAllowed(request.method);
    const { env, caller } = scope;
    const value = {
      '@odata.context': `${scope.serviceRoot}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
      BusinessUnitId: env.businessUnitId,
      UserId: caller.userId,
      OrganizationId: env.organizationId,
    };
    return { status: 200, headers: {}, body: { kind: 'json', value } };
  }
  if (isSalesOrderAction(first.name) && segments.length === 1 && !first.key && !first.call) {
    if (request.method !== 'POST') throw methodNotAllowed(request.method);
    return cancelSalesOrder(scope, request);
  }
  if (first.name === 'EntityDefinitions') return entityDefinitionsRoute(scope, request, segments, query);
  const def = scope.env.schema.entityBySet(first.name);
  if (!def) throw segmentNotFound(first.name);
  return entitySetRoute(scope, request, def, segments, query);
}

function checkVersionHeaders(request: WebApiRequest): void {
  for (const name of ['odata-version', 'odata-maxversion'] as const) {
    const value = request.headers[name]?.trim();
    if (value !== undefined && !(Number.parseFloat(value) >= 4)) {
      const header = name === 'odata-version' ? 'OData-Version' : 'OData-MaxVersion';
      throw odataError(
        `The value '${value}' of the ${header} HTTP header is invalid. Only '4.0' and '4.01' are supported as values for the ${header} header.`,
      );
    }
  }
}

function checkAccept(request: WebApiRequest): void {
  const accept = request.headers.accept;
  if (accept === undefined || accept.trim() === '') return;
  const types = accept.split(',').map((part) => part.split(';')[0]?.trim().toLowerCase() ?? '');
  if (types.some((type) => type === '*/*' || type === 'application/*' || type === 'application/json')) return;
  throw new DataverseError(
    406,
    ErrorCode.OData,
    `A supported MIME type could not be found that matches the acceptable MIME types for the request. The supported type(s) 'application/json;odata.metadata=minimal, application/json' do not match any of the acceptable MIME types '${accept}'.`,
  );
}
