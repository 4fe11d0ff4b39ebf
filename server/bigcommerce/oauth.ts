import { z } from 'zod';
import { BigCommerceError, describeIssues } from '../errors';

const tokenUser = z.object({
  id: z.number().int().positive(),
  email: z.string().min(1),
  username: z.string().optional(),
});

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  scope: z.string(),
  user: tokenUser,
  owner: tokenUser,
  context: z.string().regex(/^stores\/[a-z0-9]+$/),
  account_uuid: z.string().optional(),
});

export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export interface AuthCallback {
  code: string;
  scope: string;
  context: string;
}

/**
 * Exchange the one-time install code for the store's access token
 * (POST {BC_LOGIN_URL}/oauth2/token, https://developer.bigcommerce.com/docs/integrations/apps/guide/auth). `redirect_uri` must be exactly the
 * registered auth callback URL. Throws BigCommerceError with a message for the install error page.
 */
export async function exchangeCode(
  callback: AuthCallback,
  app: { loginUrl: string; clientId: string; clientSecret: string; redirectUri: string },
  timeoutMs = 15_000,
): Promise<TokenResponse> {
  let response: Response;
  try {
    response = await fetch(`${app.loginUrl}/oauth2/token`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        client_id: app.clientId,
        client_secret: app.clientSecret,
        code: callback.code,
        context: callback.context,
        scope: callback.scope,
        grant_type: 'authorization_code',
        redirect_uri: app.redirectUri,
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    throw new BigCommerceError(
      0,
      'BigCommerce could not be reached to finish the install. Please try again in a minute.',
      {
        retriable: true,
        cause,
      },
    );
  }
  const text = await response.text();
  if (!response.ok) {
    const reason = errorText(text);
    if (response.status >= 500) {
      throw new BigCommerceError(
        response.status,
        `BigCommerce is having trouble (${response.status}) and could not finish the install. Please try again in a minute.`,
        { retriable: true, upstreamBody: text.slice(0, 500) },
      );
    }
    throw new BigCommerceError(
      response.status,
      `BigCommerce refused the install code (${response.status}${reason ? `: ${reason}` : ''}). Start the install again from the control panel; if it keeps failing, check that BC_CLIENT_ID, BC_CLIENT_SECRET and APP_URL match the app in the Developer Portal.`,
      { retriable: false, upstreamBody: text.slice(0, 500) },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new BigCommerceError(
      response.status,
      'BigCommerce answered the token exchange with invalid JSON.',
      {
        retriable: true,
        cause,
      },
    );
  }
  const parsed = tokenResponseSchema.safeParse(json);
  if (!parsed.success) {
    throw new BigCommerceError(
      response.status,
      `BigCommerce answered the token exchange with an unexpected body: ${describeIssues(parsed.error.issues)}.`,
      { retriable: false },
    );
  }
  if (parsed.data.context !== callback.context) {
    throw new BigCommerceError(
      response.status,
      'BigCommerce returned a token for a different store than the install.',
      {
        retriable: false,
      },
    );
  }
  return parsed.data;
}

function errorText(text: string): string | null {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const msg = body.error_description ?? body.error ?? body.message ?? body.title;
    return typeof msg === 'string' ? msg.slice(0, 200) : null;
  } catch {
    return text.trim() ? text.trim().slice(0, 200) : null;
  }
}
