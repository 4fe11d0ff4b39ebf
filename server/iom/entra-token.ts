import { AuthError, ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import { isLoopbackHost } from '../config';
import { EntraTokenError, type EntraFailure } from './errors';

/** Renew a cached token this long before it expires. */
export const TOKEN_RENEWAL_MARGIN_MS = 5 * 60 * 1000;

export interface EntraCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export interface AccessToken {
  token: string;
  expiresAt: number;
}

/**
 * Client-credential tokens from Microsoft Entra ID (msal-node), for the scope `{environment}/.default`.
 * Tokens are cached per (tenant, client, secret, scope) until TOKEN_RENEWAL_MARGIN_MS before expiry.
 * msal does not check HTTP status codes, so an empty token is turned into an error here.
 */
export class EntraTokenProvider {
  private readonly cache = new Map<string, AccessToken>();
  private readonly inflight = new Map<string, Promise<AccessToken>>();
  private readonly apps = new Map<string, { secret: string; app: ConfidentialClientApplication }>();

  constructor(
    private readonly authorityHost: string,
    private readonly opts: {
      timeoutMs?: number;
      now?: () => number;
      /** Told each token request's outcome (metrics): 200, Entra's HTTP status when msal says it, 0 for no answer. */
      onResponse?: (status: number) => void;
    } = {},
  ) {}

  /**
   * A bearer token for `environmentUrl`, from the cache when it is still fresh. `fresh` asks Entra
   * for a new one whatever the cache holds (a connection test must see a revoked secret fail now, not
   * when the cached token expires); the new token then replaces the cached one. `timeoutMs` overrides
   * the provider's timeout for this request.
   */
  async getToken(
    credentials: EntraCredentials,
    environmentUrl: string,
    opts: { fresh?: boolean; timeoutMs?: number } = {},
  ): Promise<string> {
    const scope = `${environmentUrl.replace(/\/+$/, '')}/.default`;
    const key = [credentials.tenantId, credentials.clientId, credentials.clientSecret, scope].join('\u0000');
    const now = (this.opts.now ?? Date.now)();
    if (opts.fresh) {
      this.cache.delete(key);
      const token = await this.acquire(credentials, scope, opts.timeoutMs);
      this.cache.set(key, token);
      return token.token;
    }
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt - TOKEN_RENEWAL_MARGIN_MS > now) return cached.token;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.acquire(credentials, scope, opts.timeoutMs).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    const fresh = await pending;
    this.cache.set(key, fresh);
    return fresh.token;
  }

  /** Forget cached tokens for these credentials (e.g. after Dataverse rejected one). */
  invalidate(credentials: EntraCredentials): void {
    const prefix = `${[credentials.tenantId, credentials.clientId].join('\u0000')}\u0000`;
    for (const key of this.cache.keys()) if (key.startsWith(prefix)) this.cache.delete(key);
  }

  private async acquire(
    credentials: EntraCredentials,
    scope: string,
    timeout?: number,
  ): Promise<AccessToken> {
    const app = this.appFor(credentials);
    const timeoutMs = timeout ?? this.opts.timeoutMs ?? 15_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        app.acquireTokenByClientCredential({ scopes: [scope], skipCache: true }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new EntraTokenError(
                  'unreachable',
                  `Microsoft Entra ID did not answer within ${timeoutMs} ms.`,
                ),
              ),
            timeoutMs,
          );
        }),
      ]);
      this.opts.onResponse?.(200);
      if (!result?.accessToken) {
        throw new EntraTokenError(
          'empty_token',
          `Microsoft Entra ID returned no access token for tenant ${credentials.tenantId}. Check the tenant id and that the authority host is Microsoft Entra ID.`,
        );
      }
      // msal states expiry on the wall clock; keep the lifetime, measured on our clock.
      const lifetimeMs = result.expiresOn ? result.expiresOn.getTime() - Date.now() : 5 * 60 * 1000;
      return { token: result.accessToken, expiresAt: (this.opts.now ?? Date.now)() + lifetimeMs };
    } catch (error) {
      if (error instanceof EntraTokenError) {
        if (error.failure === 'unreachable') this.opts.onResponse?.(0); // our own timeout
        throw error;
      }
      const explained = explainAuthError(error, credentials);
      const status = (error as { status?: unknown } | null)?.status;
      if (typeof status === 'number' && status > 0) this.opts.onResponse?.(status);
      else if (explained.failure === 'unreachable') this.opts.onResponse?.(0);
      throw explained;
    } finally {
      clearTimeout(timer);
    }
  }

  /** One msal app per (tenant, client); a new secret replaces it, so retyped secrets don't pile up. */
  private appFor(credentials: EntraCredentials): ConfidentialClientApplication {
    const key = [credentials.tenantId, credentials.clientId].join('\u0000');
    const known = this.apps.get(key);
    if (known && known.secret === credentials.clientSecret) return known.app;
    const app = new ConfidentialClientApplication(msalConfiguration(this.authorityHost, credentials));
    this.apps.set(key, { secret: credentials.clientSecret, app });
    return app;
  }
}

/**
 * msal refuses a plain-http authority. For a loopback Entra (the sandbox) we give it an https authority
 * string it never contacts, plus the endpoints' metadata pointing at the http token endpoint
 * (msal-node's `knownAuthorities` and `authorityMetadata` options: lib/msal-node/docs/configuration.md in
 * github.com/AzureAD/microsoft-authentication-library-for-js).
 */
export function msalConfiguration(authorityHost: string, credentials: EntraCredentials): Configuration {
  const host = new URL(authorityHost);
  const base: Configuration = {
    auth: {
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      authority: `${authorityHost}/${credentials.tenantId}`,
    },
    system: { loggerOptions: { piiLoggingEnabled: false, loggerCallback: () => undefined } },
  };
  if (host.protocol === 'https:' && !isLoopbackHost(host.hostname)) return base;
  const tenantBase = `${authorityHost}/${credentials.tenantId}`;
  return {
    ...base,
    auth: {
      ...base.auth,
      authority: `https://${host.host}/${credentials.tenantId}`,
      knownAuthorities: [host.host],
      authorityMetadata: JSON.stringify({
        token_endpoint: `${tenantBase}/oauth2/v2.0/token`,
        authorization_endpoint: `${tenantBase}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${tenantBase}/oauth2/v2.0/logout`,
        issuer: `${tenantBase}/v2.0`,
        jwks_uri: `${tenantBase}/discovery/v2.0/keys`,
      }),
    },
  };
}

/** Turn msal's errors (which carry Entra's AADSTS codes) into one actionable message each. */
function explainAuthError(error: unknown, credentials: EntraCredentials): EntraTokenError {
  const code = error instanceof AuthError ? error.errorCode : '';
  const text = error instanceof Error ? error.message : String(error);
  const has = (pattern: RegExp) => pattern.test(text) || pattern.test(code);
  const failure: EntraFailure = has(/AADSTS90002|AADSTS900023|tenant .*not found/i)
    ? 'unknown_tenant'
    : has(/AADSTS700016|unauthorized_client/i)
      ? 'unknown_client'
      : has(/AADSTS7000215|AADSTS7000222|invalid_client/i)
        ? 'bad_secret'
        : has(/AADSTS500011|invalid_scope|invalid_resource/i)
          ? 'bad_scope'
          : has(/network|fetch failed|ECONNREFUSED|ENOTFOUND|endpoints_resolution_error|timed out/i)
            ? 'unreachable'
            : 'other';
  const messages: Record<EntraFailure, string> = {
    unknown_tenant: `Microsoft Entra ID does not know tenant "${credentials.tenantId}". Copy the Directory (tenant) ID from the app registration's Overview page in the Azure portal.`,
    unknown_client: `Tenant ${credentials.tenantId} has no app registration with client id "${credentials.clientId}". Copy the Application (client) ID from the app registration's Overview page.`,
    bad_secret: `Microsoft Entra ID rejected the client secret for client ${credentials.clientId}. Create a new secret under Certificates & secrets and paste its Value (not its Secret ID); secrets also expire.`,
    bad_scope:
      'Microsoft Entra ID does not recognise the Dataverse environment URL as a resource. Check the environment URL (e.g. https://contoso.crm.dynamics.com).',
    unreachable: 'Microsoft Entra ID could not be reached. Try again in a minute.',
    empty_token: 'Microsoft Entra ID returned no access token.',
    other: `Microsoft Entra ID refused the token request: ${text.slice(0, 300)}`,
  };
  return new EntraTokenError(failure, messages[failure], { cause: error });
}
