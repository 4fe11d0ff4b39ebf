import { errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { UnauthorizedError, describeIssues } from '../errors';

/** Clock skew allowed on exp/nbf (BigCommerce gives no guidance; RFC 7519 suggests a small leeway). */
export const CLOCK_TOLERANCE_SECONDS = 60;

const bcUser = z.object({ id: z.number().int().positive(), email: z.string().min(1) });

const claimsSchema = z.object({
  sub: z
    .string({ error: 'is missing (expected "stores/{store_hash}")' })
    .regex(/^stores\/[a-z0-9]{1,32}$/, 'must look like "stores/{store_hash}"'),
  user: bcUser.extend({ locale: z.string().optional() }),
  owner: bcUser,
  url: z.string().optional(),
  channel_id: z.number().int().nullable().optional(),
});

export interface SignedPayload {
  storeHash: string;
  user: { id: number; email: string; locale?: string };
  owner: { id: number; email: string };
  /** The in-app deep link, sanitised to a same-app absolute path. */
  path: string;
  jti?: string;
}

/**
 * Verify a `signed_payload_jwt` from /load, /uninstall or /remove_user (https://developer.bigcommerce.com/docs/integrations/apps/guide/callbacks):
 * HS256 only, keyed with the client secret, `aud` = client id, `iss` = "bc", `exp`/`nbf` with
 * leeway, `sub` = stores/{hash}, and the user/owner claims present.
 * Throws UnauthorizedError with a message saying exactly what was wrong.
 */
export async function verifySignedPayload(
  token: unknown,
  app: { clientId: string; clientSecret: string },
  now: Date = new Date(),
): Promise<SignedPayload> {
  if (typeof token !== 'string' || token.length === 0) {
    throw new UnauthorizedError(
      'signed_payload_missing',
      'The request has no signed_payload_jwt. Open the app from the BigCommerce control panel.',
    );
  }
  let payload: Record<string, unknown>;
  let jti: string | undefined;
  try {
    const result = await jwtVerify(token, new TextEncoder().encode(app.clientSecret), {
      algorithms: ['HS256'],
      audience: app.clientId,
      issuer: 'bc',
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'nbf', 'sub'],
      currentDate: now,
    });
    payload = result.payload as Record<string, unknown>;
    jti = result.payload.jti;
  } catch (error) {
    throw new UnauthorizedError('signed_payload_invalid', explainJoseError(error));
  }
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    throw new UnauthorizedError(
      'signed_payload_invalid',
      `The signed_payload_jwt claims are incomplete: ${describeIssues(parsed.error.issues)}.`,
    );
  }
  const claims = parsed.data;
  return {
    storeHash: claims.sub.slice('stores/'.length),
    user: claims.user,
    owner: claims.owner,
    path: sanitiseAppPath(claims.url),
    jti,
  };
}

/** Only same-app absolute paths are honoured ("/orders/12"); anything else opens the start page. */
export function sanitiseAppPath(url: string | undefined): string {
  if (!url || !url.startsWith('/') || url.startsWith('//') || /[\\\s]/.test(url)) return '/';
  return url.length > 255 ? '/' : url;
}

function explainJoseError(error: unknown): string {
  const prefix = 'The signed_payload_jwt was refused';
  if (error instanceof joseErrors.JWTExpired) {
    return `${prefix}: it has expired. Reopen the app from the BigCommerce control panel to get a fresh one.`;
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'aud':
        return `${prefix}: its audience (aud) is not this app's client id. Check BC_CLIENT_ID matches the app in the Developer Portal.`;
      case 'iss':
        return `${prefix}: its issuer (iss) is not "bc".`;
      case 'nbf':
        return `${prefix}: it is not valid yet (nbf is in the future). Check the server clock.`;
      default:
        return `${prefix}: claim "${error.claim}" ${error.reason === 'missing' ? 'is missing' : 'is invalid'}.`;
    }
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JOSENotSupported) {
    return `${prefix}: it is not signed with HS256, the only algorithm BigCommerce uses.`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return `${prefix}: its signature does not match. Check BC_CLIENT_SECRET matches the app in the Developer Portal.`;
  }
  return `${prefix}: it is not a well-formed JWT.`;
}
