import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { UnauthorizedError, describeIssues } from '../errors';

/** Clock skew allowed on exp/nbf (BigCommerce gives no guidance; RFC 7519 suggests a small leeway). */
export const CLOCK_TOLERANCE_SECONDS = 60;

const bcUser = z.object({ id: z.number().int().positive(), email: z.string().min(1) });
const seconds = (name: string) => z.number({ error: `is missing (the ${name} time, in seconds)` }).int();

const claimsSchema = z.object({
  sub: z
    .string({ error: 'is missing (expected "stores/{store_hash}")' })
    .regex(/^stores\/[a-z0-9]{1,32}$/, 'must look like "stores/{store_hash}"'),
  iat: seconds('issued-at'),
  nbf: seconds('not-before'),
  exp: seconds('expiry'),
  /** BigCommerce puts a UUID here; it is what makes every payload single-use. */
  jti: z.string({ error: 'is missing (every BigCommerce payload has a unique jti)' }).min(8).max(128),
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
  /** The payload's unique id; a payload is accepted once (see lifecycle/callback-payload.ts). */
  jti: string;
  /** Issued-at, seconds since the epoch, on BigCommerce's clock. */
  iat: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** What a merchant sees when a payload is refused: the remedy, never the token's name or the reason. */
export const REOPEN_APP_MESSAGE =
  'IOM Connector could not confirm this request came from BigCommerce. Open the app again from Apps › My Apps in your BigCommerce control panel; if this keeps happening, contact support with the reference below.';

/**
 * Verify a `signed_payload_jwt` from /load, /uninstall or /remove_user
 * (https://developer.bigcommerce.com/docs/integrations/apps/guide/callbacks): HS256 only, keyed with
 * the client secret, `aud` = client id, `iss` = "bc", `exp`/`nbf` with leeway, `sub` =
 * stores/{hash}, and the user/owner/iat/jti claims present.
 * Throws UnauthorizedError: its message is the merchant's remedy, its `detail` (for the log) says
 * exactly what was wrong.
 */
export function verifySignedPayload(
  token: unknown,
  app: { clientId: string; clientSecret: string },
  now: Date = new Date(),
): SignedPayload {
  if (typeof token !== 'string' || token.length === 0) {
    throw refused('signed_payload_missing', 'the request has no signed_payload_jwt');
  }
  let payload: unknown;
  try {
    payload = jwt.verify(token, secretKeyOf(app.clientSecret), {
      algorithms: ['HS256'],
      audience: app.clientId,
      issuer: 'bc',
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      clockTimestamp: Math.floor(now.getTime() / 1000),
    });
  } catch (error) {
    throw refused('signed_payload_invalid', explainJwtError(error));
  }
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    throw refused(
      'signed_payload_invalid',
      `the signed_payload_jwt claims are incomplete: ${describeIssues(parsed.error.issues)}`,
    );
  }
  const claims = parsed.data;
  return {
    storeHash: claims.sub.slice('stores/'.length),
    user: claims.user,
    owner: claims.owner,
    path: sanitiseAppPath(claims.url),
    jti: claims.jti,
    iat: claims.iat,
    exp: claims.exp,
  };
}

/** The client secret as a KeyObject, made once per secret (jsonwebtoken is ~40× slower with a string). */
const secretKeys = new Map<string, KeyObject>();
function secretKeyOf(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    secretKeys.set(secret, key);
  }
  return key;
}

function refused(code: string, detail: string): UnauthorizedError {
  return new UnauthorizedError(code, REOPEN_APP_MESSAGE, { detail });
}

/** Only same-app absolute paths are honoured ("/orders/12"); anything else opens the start page. */
export function sanitiseAppPath(url: string | undefined): string {
  if (!url || !url.startsWith('/') || url.startsWith('//') || /[\\\s]/.test(url)) return '/';
  return url.length > 255 ? '/' : url;
}

/** jsonwebtoken's errors as one sentence for the operator's log. */
function explainJwtError(error: unknown): string {
  const prefix = 'the signed_payload_jwt was refused';
  if (error instanceof jwt.TokenExpiredError) return `${prefix}: it has expired`;
  if (error instanceof jwt.NotBeforeError)
    return `${prefix}: it is not valid yet (nbf is in the future); check the server clock`;
  const message = error instanceof Error ? error.message : String(error);
  if (/audience invalid/.test(message))
    return `${prefix}: its audience (aud) is not this app's client id; check BC_CLIENT_ID matches the app in the Developer Portal`;
  if (/issuer invalid/.test(message)) return `${prefix}: its issuer (iss) is not "bc"`;
  if (/invalid algorithm|signature is required/.test(message))
    return `${prefix}: it is not signed with HS256, the only algorithm BigCommerce uses`;
  if (/invalid signature/.test(message))
    return `${prefix}: its signature does not match; check BC_CLIENT_SECRET matches the app in the Developer Portal`;
  return `${prefix}: it is not a well-formed JWT (${message})`;
}
