import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { UnauthorizedError } from '../errors';

/** How long a session token lives. The client refreshes it at half-life while the app is open. */
export const SESSION_TTL_SECONDS = 60 * 60;

const ISSUER = 'iom-connector';
const AUDIENCE = 'iom-connector/app';

export interface SessionClaims {
  storeHash: string;
  userId: number;
  /** The user's sessionVersion at issue time; a removed user's new row has a different one. */
  sessionVersion: string;
}

export interface IssuedSession {
  token: string;
  expiresAt: string;
}

const claimsSchema = z.object({
  store: z.string().min(1),
  uid: z.number().int().positive(),
  sv: z.string().min(1),
});

/**
 * The app's own session tokens (HS256, signed with a key derived from APP_SECRET_KEY). They are
 * carried in the Authorization header, never in cookies, because the app lives in a third-party
 * iframe. Whether the user still has access is checked against storage on every request.
 */
export class SessionTokens {
  constructor(private readonly key: Buffer) {}

  async issue(claims: SessionClaims, now: Date = new Date()): Promise<IssuedSession> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + SESSION_TTL_SECONDS;
    const token = await new SignJWT({
      store: claims.storeHash,
      uid: claims.userId,
      sv: claims.sessionVersion,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(`stores/${claims.storeHash}/users/${claims.userId}`)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(crypto.randomUUID())
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** Verify signature and expiry; throws UnauthorizedError (session_expired / session_invalid). */
  async verify(token: string, now: Date = new Date()): Promise<SessionClaims & { expiresAt: string }> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: now,
        requiredClaims: ['exp'],
      });
      const claims = claimsSchema.parse(payload);
      return {
        storeHash: claims.store,
        userId: claims.uid,
        sessionVersion: claims.sv,
        expiresAt: new Date((payload.exp as number) * 1000).toISOString(),
      };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        throw new UnauthorizedError(
          'session_expired',
          'Your session has expired. Reopen IOM Connector from Apps in your BigCommerce control panel.',
        );
      }
      throw new UnauthorizedError(
        'session_invalid',
        'The session token is not valid. Reopen IOM Connector from Apps in your BigCommerce control panel.',
      );
    }
  }
}
