/**
 * Checks a client-credentials grant at `POST /{tenant}/oauth2/v2.0/token`, checked in the order Entra checks:
 * tenant, grant type, client, secret, scope, resource. Returns the resource (the environment URL) the token
 * is for: one of `environmentUrls`, the Dataverse environments registered in the tenant.
 *
 * sandbox assumption: an unknown resource in `<resource>/.default` answers `invalid_resource` AADSTS500011
 * (what Entra answers in practice); a scope without `/.default` answers `invalid_scope` AADSTS1002012.
 */
import { EntraError, missingParameter, tenantNotFound } from './entra-errors';
import { isTenant, type Directory } from './directory';

/** Scopes msal may add that do not name a resource. */
const OIDC_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'offline_access']);

export function checkClientCredentials(
  directory: Directory,
  tenant: string,
  form: Readonly<Record<string, string>>,
  environmentUrls: readonly string[],
): string {
  if (!isTenant(directory, tenant)) throw tenantNotFound(tenant);
  const grantType = form.grant_type;
  if (!grantType) throw missingParameter('grant_type');
  if (grantType !== 'client_credentials') {
    throw new EntraError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType}'.`,
    );
  }
  const clientId = form.client_id;
  if (!clientId) throw missingParameter('client_id');
  const { app } = directory;
  if (clientId.toLowerCase() !== app.clientId.toLowerCase()) {
    throw new EntraError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${directory.tenantName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  if (!form.client_secret) {
    throw new EntraError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  if (form.client_secret !== app.clientSecret) {
    throw new EntraError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
    );
  }
  const scope = form.scope;
  if (!scope) throw missingParameter('scope');
  const scopes = scope.split(/\s+/).filter((s) => s !== '' && !OIDC_SCOPES.has(s));
  const [requested] = scopes;
  if (scopes.length !== 1 || !requested?.endsWith('/.default')) {
    throw new EntraError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const resource = requested.slice(0, -'/.default'.length);
  const environmentUrl = resource.replace(/\/+$/, '');
  if (!environmentUrls.includes(environmentUrl)) {
    throw new EntraError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${directory.tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    );
  }
  return environmentUrl;
}
