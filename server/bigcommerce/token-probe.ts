import { z } from 'zod';
import { BigCommerceError } from '../errors';
import type { Logger } from '../logger';
import { BigCommerceClient } from './api-client';

/** Whether a store's access token still works, as BigCommerce answers right now. */
export type TokenState = 'active' | 'revoked' | 'unknown';

/**
 * Ask BigCommerce whether the token still works with the cheapest authenticated call the app's scopes
 * always allow (list at most one of the app's own webhooks). 401 = revoked; any answer = active (a
 * 403 means the token is valid but lacks a scope); no answer, 429 or 5xx = unknown.
 */
export async function probeAccessToken(
  target: { apiUrl: string; storeHash: string; accessToken: string; onResponse?: (status: number) => void },
  logger: Logger,
): Promise<TokenState> {
  const client = new BigCommerceClient({ ...target, logger, timeoutMs: 5_000, maxAttempts: 1 });
  try {
    await client.request('GET', '/v3/hooks', { query: { limit: 1 }, schema: z.unknown() });
    return 'active';
  } catch (error) {
    if (!(error instanceof BigCommerceError)) throw error;
    if (error.upstreamStatus === 401) return 'revoked';
    if (error.upstreamStatus === 403) return 'active';
    return 'unknown';
  }
}
