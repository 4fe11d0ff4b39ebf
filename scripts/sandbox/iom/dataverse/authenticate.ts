/**
 * Bearer token checks for the Web API: signature, issuer, audience (the environment URL) and lifetime,
 * then whether the app registration is an application user in the environment.
 *
 * sandbox assumption: Dataverse often answers token failures with an empty body; the sandbox adds an
 * error body with an empty code and a readable message, next to the real `WWW-Authenticate` header.
 * An app registration without an application user gets 403 "The user is not a member of the organization.".
 */
import jwt from 'jsonwebtoken';
import type { IomContext } from '../context';
import type { Caller } from './environment';
import { DataverseError, ErrorCode } from './errors';

export type Authentication = { caller: Caller } | { error: DataverseError };

export async function authenticate(ctx: IomContext, header: string | undefined): Promise<Authentication> {
  const challenge = {
    'WWW-Authenticate': `Bearer authorization_uri=${ctx.urls.authorityHost}/${ctx.directory.tenantId}/oauth2/authorize, resource_id=${ctx.urls.environmentUrl}/`,
  };
  const unauthorized = (message: string) => ({
    error: new DataverseError(401, ErrorCode.None, message, challenge),
  });
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  if (!match?.[1]) return unauthorized('The request has no bearer token in its Authorization header.');
  try {
    const claims = await ctx.signer.verify(
      match[1],
      ctx.urls.environmentUrl,
      ctx.directory.tenantId,
      Math.floor(ctx.now() / 1000),
    );
    if (claims.appid !== ctx.directory.app.clientId)
      return unauthorized('The access token was issued to an unknown application.');
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) return unauthorized('The access token has expired.');
    if (error instanceof jwt.NotBeforeError) return unauthorized('The access token is not valid yet.');
    if (error instanceof jwt.JsonWebTokenError) {
      const claim = /^jwt (audience|issuer) invalid/.exec(error.message)?.[1];
      return unauthorized(
        claim
          ? `The access token is not valid for this environment (claim '${claim === 'audience' ? 'aud' : 'iss'}').`
          : 'The access token is invalid.',
      );
    }
    throw error;
  }
  if (!ctx.knobs.applicationUserExists) {
    return {
      error: new DataverseError(
        403,
        ErrorCode.UserNotInOrganization,
        'The user is not a member of the organization.',
      ),
    };
  }
  return { caller: { userId: ctx.applicationUserId, enforcePrivileges: true } };
}
