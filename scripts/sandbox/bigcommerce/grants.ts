import { randomAlnum } from './ids';

/** How long an install's authorization code stays redeemable. BigCommerce does not document it; OAuth
 *  servers commonly allow a few minutes (RFC 6749 §4.1.2 recommends at most 10). */
export const CODE_TTL_MS = 5 * 60 * 1000;

export interface AuthorizationCode {
  code: string;
  storeHash: string;
  /** The installing user. */
  userId: number;
  /** The scopes the merchant accepted when the code was minted. */
  scope: string;
  expiresAt: number;
  used: boolean;
}

export interface AccessToken {
  token: string;
  storeHash: string;
  clientId: string;
  scope: string;
}

/** One-time authorization codes and the one current access token per store (the app has one client id). */
export class Grants {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly tokensByValue = new Map<string, AccessToken>();
  private readonly tokensByStore = new Map<string, AccessToken>();

  mintCode(storeHash: string, userId: number, scope: string, now: number): AuthorizationCode {
    const grant = {
      code: randomAlnum(16),
      storeHash,
      userId,
      scope,
      expiresAt: now + CODE_TTL_MS,
      used: false,
    };
    this.codes.set(grant.code, grant);
    return grant;
  }

  findCode(code: string): AuthorizationCode | undefined {
    return this.codes.get(code);
  }

  /** Marks the code used and issues a fresh token for its store; the store's previous token dies. */
  redeem(grant: AuthorizationCode, clientId: string): AccessToken {
    grant.used = true;
    this.revoke(grant.storeHash);
    const token = { token: randomAlnum(31), storeHash: grant.storeHash, clientId, scope: grant.scope };
    this.tokensByValue.set(token.token, token);
    this.tokensByStore.set(token.storeHash, token);
    return token;
  }

  revoke(storeHash: string): void {
    const current = this.tokensByStore.get(storeHash);
    if (!current) return;
    this.tokensByValue.delete(current.token);
    this.tokensByStore.delete(storeHash);
  }

  currentToken(storeHash: string): AccessToken | null {
    return this.tokensByStore.get(storeHash) ?? null;
  }

  /** For the demo's state file: each store's current token (codes are short-lived and not kept). */
  snapshot(): AccessToken[] {
    return [...this.tokensByStore.values()].map((t) => ({ ...t }));
  }

  restore(saved: AccessToken[]): void {
    for (const token of saved) {
      this.revoke(token.storeHash);
      this.tokensByValue.set(token.token, { ...token });
      this.tokensByStore.set(token.storeHash, { ...token });
    }
  }

  /** The live token with this value, or null if it never existed or has been replaced or revoked. */
  resolve(token: string): AccessToken | null {
    return this.tokensByValue.get(token) ?? null;
  }
}
