/**
 * Signs access tokens the way Entra ID does for a Dataverse resource (v1.0 app tokens, RS256 with a
 * `kid`), publishes the key set, and verifies tokens for the Web API.
 */
import { generateKeyPairSync, randomBytes, type JsonWebKey, type KeyObject } from 'node:crypto';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import { newGuid } from '../ids';

export interface AppTokenClaims {
  tenantId: string;
  clientId: string;
  appDisplayName: string;
  servicePrincipalId: string;
  audience: string;
}

/** A JWK as published in the key set (RFC 7517), with the fields Entra adds. */
export type PublishedJwk = JsonWebKey & { kid: string; use: 'sig'; alg: 'RS256' };

export class TokenSigner {
  private constructor(
    private readonly privateKey: KeyObject,
    private readonly publicKey: KeyObject,
    private readonly publicJwk: PublishedJwk,
    readonly keyId: string,
  ) {}

  static async create(): Promise<TokenSigner> {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyId = randomBytes(20).toString('base64url');
    const jwk = publicKey.export({ format: 'jwk' });
    return Promise.resolve(
      new TokenSigner(privateKey, publicKey, { ...jwk, kid: keyId, use: 'sig', alg: 'RS256' }, keyId),
    );
  }

  /** `iss` of v1.0 tokens for this tenant. */
  static issuer(tenantId: string): string {
    return `https://sts.windows.net/${tenantId}/`;
  }

  sign(claims: AppTokenClaims, issuedAtSeconds: number, lifetimeSeconds: number): Promise<string> {
    const issuer = TokenSigner.issuer(claims.tenantId);
    const token = jwt.sign(
      {
        aud: claims.audience,
        iss: issuer,
        iat: issuedAtSeconds,
        nbf: issuedAtSeconds,
        exp: issuedAtSeconds + lifetimeSeconds,
        aio: newGuid().replace(/-/g, ''),
        app_displayname: claims.appDisplayName,
        appid: claims.clientId,
        appidacr: '1',
        idp: issuer,
        idtyp: 'app',
        oid: claims.servicePrincipalId,
        rh: '0.sandbox.',
        sub: claims.servicePrincipalId,
        tid: claims.tenantId,
        uti: newGuid().replace(/-/g, '').slice(0, 22),
        ver: '1.0',
      },
      this.privateKey,
      { algorithm: 'RS256', header: { typ: 'JWT', alg: 'RS256', kid: this.keyId, x5t: this.keyId } },
    );
    return Promise.resolve(token);
  }

  /** Verifies signature, issuer, audience and lifetime; throws jsonwebtoken's errors. */
  verify(token: string, audience: string, tenantId: string, nowSeconds: number): Promise<JwtPayload> {
    const payload = jwt.verify(token, this.publicKey, {
      algorithms: ['RS256'],
      audience: [audience, `${audience}/`],
      issuer: TokenSigner.issuer(tenantId),
      clockTimestamp: nowSeconds,
    });
    if (typeof payload === 'string') throw new jwt.JsonWebTokenError('the access token has no claims');
    return Promise.resolve(payload);
  }

  jwks(): { keys: PublishedJwk[] } {
    return { keys: [this.publicJwk] };
  }
}
