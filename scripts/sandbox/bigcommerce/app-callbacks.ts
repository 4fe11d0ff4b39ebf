import type { AppCallbackResult } from './types';

/** BigCommerce does not document its timeout for these calls; 10 s is our choice. */
const CALLBACK_TIMEOUT_MS = 10_000;

export type ServerCallback = 'uninstall' | 'remove_user';

/**
 * Calls the app's /uninstall or /remove_user server-to-server, as BigCommerce does: `GET` with the
 * signed payload in the query string. A network failure or timeout is reported as status 0, because the
 * merchant's action completes whatever the app answers.
 */
export async function callApp(
  appUrl: string,
  callback: ServerCallback,
  jwt: string,
): Promise<AppCallbackResult> {
  const url = `${appUrl}/${callback}?${new URLSearchParams({ signed_payload_jwt: jwt }).toString()}`;
  try {
    const response = await fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return {
      status: 0,
      body: `The app could not be reached: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
