/**
 * Signs access tokens the way Entra ID does for a Dataverse resource (v1.0 app tokens, RS256 with a
 * `kid`), publishes the key set, and verifies tokens for the Web API.
 */
import { randomBytes } from 'node:crypto';
import {
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { newGuid } from '../ids';

export interface AppTokenClaims {
  tenantId: string;
  clientId: string;
  appDisplayName: string;
  servicePrincipalId: string;
  audience: string;
}

export class TokenSigner {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    private readonly publicJwk: JWK,
    readonly keyId: string,
  ) {}

  static async create(): Promise<TokenSigner> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const keyId = randomBytes(20).toString('base64url');
    const jwk = await exportJWK(publicKey);
    return new TokenSigner(privateKey, publicKey, { ...jwk, kid: keyId, use: 'sig', alg: 'RS256' }, keyId);
  }

  /** `iss` of v1.0 tokens for this tenant. */
  static issuer(tenantId: string): string {
    return `https://sts.windows.net/${tenantId}/`;
  }

  sign(claims: AppTokenClaims, issuedAtSeconds: number, lifetimeSeconds: number): Promise<string> {
    const issuer = TokenSigner.issuer(claims.tenantId);
    return new SignJWT({
      aio: newGuid().replace(/-/g, ''),
      app_displayname: claims.appDisplayName,
      appid: claims.clientId,
      appidacr: '1',
      idp: issuer,
      idtyp: 'app',
      oid: claims.servicePrincipalId,
      rh: '0.sandbox.',
      tid: claims.tenantId,
      uti: newGuid().replace(/-/g, '').slice(0, 22),
      ver: '1.0',
    })
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: this.keyId, x5t: this.keyId })
      .setAudience(claims.audience)
      .setIssuer(issuer)
      .setSubject(claims.servicePrincipalId)
      .setIssuedAt(issuedAtSeconds)
      .setNotBefore(issuedAtSeconds)
      .setExpirationTime(issuedAtSeconds + lifetimeSeconds)
      .sign(this.privateKey);
  }

  /** Verifies signature, issuer, audience and lifetime; throws jose's errors. */
  async verify(token: string, audience: string, tenantId: string, nowSeconds: number): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.publicKey, {
      algorithms: ['RS256'],
      audience: [audience, `${audience}/`],
      issuer: TokenSigner.issuer(tenantId),
      currentDate: new Date(nowSeconds * 1000),
    });
    return payload;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }
}
