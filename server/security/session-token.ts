import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { UnauthorizedError } from '../errors';

/** How long a session token lives. The client refreshes it at half-life while the app is open. */
export const SESSION_TTL_SECONDS = 60 * 60;

/** Clock skew tolerated on our own tokens' expiry (several app instances may run on several hosts). */
const CLOCK_TOLERANCE_SECONDS = 5;

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
  exp: z.number().int(),
});

/**
 * The app's own session tokens (HS256 with jsonwebtoken, signed with a key derived from
 * APP_SECRET_KEY). They are carried in the Authorization header, never in cookies, because the app
 * lives in a third-party iframe. Whether the user still has access is checked against storage on
 * every request.
 */
export class SessionTokens {
  /** A KeyObject, made once: jsonwebtoken turns a raw Buffer into one on every call (~0.6 ms each). */
  private readonly key: KeyObject;

  constructor(key: Buffer) {
    this.key = createSecretKey(key);
  }

  async issue(claims: SessionClaims, now: Date = new Date()): Promise<IssuedSession> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + SESSION_TTL_SECONDS;
    const token = jwt.sign(
      { store: claims.storeHash, uid: claims.userId, sv: claims.sessionVersion, iat, exp },
      this.key,
      {
        algorithm: 'HS256',
        issuer: ISSUER,
        audience: AUDIENCE,
        subject: `stores/${claims.storeHash}/users/${claims.userId}`,
        jwtid: randomUUID(),
      },
    );
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** Verify signature and expiry; throws UnauthorizedError (session_expired / session_invalid). */
  async verify(token: string, now: Date = new Date()): Promise<SessionClaims & { expiresAt: string }> {
    let payload: unknown;
    try {
      payload = jwt.verify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        clockTimestamp: Math.floor(now.getTime() / 1000),
      });
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) {
        throw new UnauthorizedError(
          'session_expired',
          'Your session has expired. Reopen IOM Connector from Apps in your BigCommerce control panel.',
        );
      }
      throw invalid();
    }
    const parsed = claimsSchema.safeParse(payload);
    if (!parsed.success) throw invalid();
    const claims = parsed.data;
    return {
      storeHash: claims.store,
      userId: claims.uid,
      sessionVersion: claims.sv,
      expiresAt: new Date(claims.exp * 1000).toISOString(),
    };
  }
}

function invalid(): UnauthorizedError {
  return new UnauthorizedError(
    'session_invalid',
    'The session token is not valid. Reopen IOM Connector from Apps in your BigCommerce control panel.',
  );
}
