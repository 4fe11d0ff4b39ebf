import { STATUS_CODES } from 'node:http';
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { SimulatorContext } from './context';
import { parseBody } from './request-body';

const tokenRequestSchema = z.object({
  client_id: z.string(),
  client_secret: z.string(),
  code: z.string(),
  grant_type: z.string(),
  context: z.string(),
  redirect_uri: z.string(),
  // Sent by BigCommerce's own clients; the granted scopes come from the code, so its value is not checked.
  scope: z.string().optional(),
});

/**
 * `POST /oauth2/token` of login.bigcommerce.com. Error bodies are `{"error": "..."}` as BigCommerce's login
 * service answers (e.g. `{"error":"Invalid format."}`); the exact status codes and wording are not
 * documented, so client-authentication failures answer 401 and grant failures 400, as RFC 6749 §5.2 does.
 * A refused exchange does not burn the code; only a successful one does.
 */
export function oauthRoutes(ctx: SimulatorContext): Router {
  const router = Router();
  router.post('/oauth2/token', (req, res) => {
    if (ctx.knobs.tokenEndpointFailure !== null) {
      const status = ctx.knobs.tokenEndpointFailure;
      return tokenError(res, status, STATUS_CODES[status] ?? 'Injected failure');
    }
    const body = parseBody(req);
    if (body.kind === 'invalid') {
      return tokenError(res, 400, 'Invalid format. Send JSON or application/x-www-form-urlencoded.');
    }
    const fields = body.kind === 'empty' ? {} : body.value;
    const parsed = tokenRequestSchema.safeParse(fields);
    if (!parsed.success) {
      const names = parsed.error.issues.map((issue) => String(issue.path[0] ?? 'body'));
      return tokenError(res, 400, `Missing or invalid parameter(s): ${[...new Set(names)].join(', ')}`);
    }
    const request = parsed.data;
    if (request.client_id !== ctx.app.clientId) return tokenError(res, 401, 'Invalid client id.');
    if (request.client_secret !== ctx.app.clientSecret) return tokenError(res, 401, 'Invalid client secret.');
    if (request.grant_type !== 'authorization_code') {
      return tokenError(res, 400, 'Unsupported grant_type: only "authorization_code" is supported.');
    }
    const grant = ctx.grants.findCode(request.code);
    if (!grant) return tokenError(res, 400, 'Invalid code.');
    if (grant.used) return tokenError(res, 400, 'The code has already been used.');
    if (ctx.now() >= grant.expiresAt) return tokenError(res, 400, 'The code has expired.');
    if (request.context !== `stores/${grant.storeHash}`) {
      return tokenError(res, 400, 'Parameter context does not match the store the code was issued for.');
    }
    if (request.redirect_uri !== `${ctx.app.appUrl}/auth`) {
      return tokenError(res, 400, 'Parameter redirect_uri does not match registered URI.');
    }
    const store = ctx.stores.get(grant.storeHash);
    const user = ctx.stores.knownUser(grant.storeHash, grant.userId);
    const token = ctx.grants.redeem(grant, ctx.app.clientId);
    ctx.stores.markInstalled(grant.storeHash, token.scope);
    res.json({
      access_token: token.token,
      scope: token.scope,
      user: { id: user.id, username: user.email, email: user.email },
      owner: { id: store.owner.id, username: store.owner.email, email: store.owner.email },
      context: `stores/${grant.storeHash}`,
      account_uuid: ctx.app.accountUuid,
    });
  });
  return router;
}

function tokenError(res: Response, status: number, error: string): void {
  res.status(status).json({ error });
}
