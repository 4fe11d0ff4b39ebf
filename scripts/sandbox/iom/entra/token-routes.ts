/**
 * The Entra ID endpoints a confidential client uses: the v2.0 token endpoint (client credentials), the
 * tenant's OpenID configuration and its signing keys.
 */
import { Router, type Request, type Response } from 'express';
import { rawBodyOf } from '../../shared/request-recorder';
import type { IomContext } from '../context';
import { delay } from '../timing';
import { isTenant } from './directory';
import { EntraError, entraErrorBody, tenantNotFound } from './entra-errors';
import { checkClientCredentials } from './token-request';

export const TOKEN_PATH = /^\/[^/]+\/oauth2\/v2\.0\/token$/;

export function entraRoutes(ctx: IomContext): Router {
  const router = Router();

  router.post('/:tenant/oauth2/v2.0/token', async (req, res) => {
    ctx.counters.tokenRequests += 1;
    await delay(ctx.knobs.latencyMs);
    const tenant = String(req.params.tenant);
    let audience: string;
    try {
      audience = checkClientCredentials(ctx.directory, tenant, formOf(req), [
        ctx.urls.environmentUrl,
        ...ctx.knobs.otherEnvironmentUrls,
      ]);
    } catch (error) {
      if (!(error instanceof EntraError)) throw error;
      return void sendError(ctx, req, res, error);
    }
    const { app, tenantId } = ctx.directory;
    const lifetime = Math.max(0, Math.floor(ctx.knobs.tokenLifetimeSeconds));
    const accessToken = await ctx.signer.sign(
      {
        tenantId,
        clientId: app.clientId,
        appDisplayName: app.displayName,
        servicePrincipalId: app.servicePrincipalId,
        audience,
      },
      Math.floor(ctx.now() / 1000),
      lifetime,
    );
    res.set({ 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' }).json({
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
    });
  });

  router.all('/:tenant/oauth2/v2.0/token', (req, res) => {
    const error = new EntraError(
      400,
      'invalid_request',
      900561,
      `The endpoint only accepts POST requests. Received a ${req.method} request.`,
    );
    sendError(ctx, req, res, error);
  });

  router.get('/:tenant/v2.0/.well-known/openid-configuration', (req, res) => {
    const tenant = String(req.params.tenant);
    if (!isTenant(ctx.directory, tenant)) {
      const error = tenantNotFound(tenant);
      return void res
        .status(400)
        .json({ ...entraErrorBody(error, ctx.urls.authorityHost, '', ctx.now()), error: 'invalid_tenant' });
    }
    res.json(openIdConfiguration(ctx.urls.authorityHost, ctx.directory.tenantId));
  });

  router.get('/:tenant/discovery/v2.0/keys', (req, res) => {
    if (!isTenant(ctx.directory, String(req.params.tenant)))
      return void res.status(400).json({ error: 'invalid_tenant' });
    res.json(ctx.signer.jwks());
  });

  return router;
}

function formOf(req: Request): Record<string, string> {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') return {};
  return Object.fromEntries(new URLSearchParams(rawBodyOf(req)));
}

function sendError(ctx: IomContext, req: Request, res: Response, error: EntraError): void {
  const correlationId =
    typeof req.query['client-request-id'] === 'string' ? req.query['client-request-id'] : '';
  res
    .status(error.status)
    .set({ 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' })
    .json(entraErrorBody(error, ctx.urls.authorityHost, correlationId, ctx.now()));
}

/** The tenant's v2.0 OpenID configuration (also what msal-node's `authorityMetadata` expects). */
function openIdConfiguration(authorityHost: string, tenantId: string): Record<string, unknown> {
  const base = `${authorityHost}/${tenantId}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    tenant_region_scope: 'NA',
    cloud_instance_name: 'microsoftonline.com',
  };
}
