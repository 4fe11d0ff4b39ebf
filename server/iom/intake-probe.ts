import type { ConnectionCheckStatus } from '../storage/types';

export interface IntakeProbeOutcome {
  status: ConnectionCheckStatus;
  message: string;
}

const COPY_AGAIN =
  'Copy the HTTP POST URL of the intake provider’s message handler flow (its "When a HTTP request is received" trigger) again, in full, and save.';

const NOT_VERIFIED =
  'What this test cannot check: that the flow creates orders correctly — the first order sent proves that.';

/**
 * Checks the intake provider's trigger URL without creating an order: it POSTs an empty JSON object,
 * which the flow's front door checks (signature first, then the trigger's schema) and a message handler
 * cannot turn into an order. 401/403: signature refused; 404: no such flow; 400 for the body: reachable
 * and the signature accepted. A trigger that does not validate its schema starts a run instead (2xx),
 * which fails on the empty message: still reachable, signature accepted, and no order. The URL carries its `sig` credential, so it is never logged nor shown;
 * messages name its host only.
 */
export async function probeIntakeUrl(
  intakeUrl: string,
  timeoutMs: number,
  /** Told the HTTP status of the answer, 0 for none (metrics). */
  onResponse?: (status: number) => void,
): Promise<IntakeProbeOutcome> {
  let host: string;
  try {
    host = new URL(intakeUrl).host;
  } catch {
    return { status: 'fail', message: `The intake URL is not a valid URL. ${COPY_AGAIN}` };
  }
  let response: Response;
  try {
    response = await fetch(intakeUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: '{}',
      redirect: 'manual',
      signal: AbortSignal.timeout(Math.max(1, timeoutMs)),
    });
  } catch (error) {
    onResponse?.(0);
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    if (timedOut) {
      return {
        status: 'fail',
        message: `The intake flow at ${host} did not answer within ${Math.round(timeoutMs / 1000)} s, so the URL could not be verified. Test again in a few minutes; if it keeps happening, check the URL. ${COPY_AGAIN}`,
      };
    }
    return {
      status: 'fail',
      message: `The intake URL's host ${host} could not be reached (${networkReason(error)}). ${COPY_AGAIN}`,
    };
  }
  onResponse?.(response.status);
  const code = await errorCode(response);
  const status = response.status;
  if (status === 401 || status === 403) {
    return {
      status: 'fail',
      message: `The intake flow at ${host} refused the URL's signature (sig): the URL is incomplete, or the flow's URL was regenerated since it was copied. ${COPY_AGAIN}`,
    };
  }
  if (status === 404) {
    return {
      status: 'fail',
      message: `No flow answers at this intake URL on ${host} (404): the flow was deleted or turned off, or the URL belongs to another flow. ${COPY_AGAIN}`,
    };
  }
  if (status === 400 && code === 'MissingApiVersionParameter') {
    return {
      status: 'fail',
      message: `The intake URL lacks its api-version parameter, so the flow at ${host} refused it. ${COPY_AGAIN}`,
    };
  }
  if (status === 400 || (status >= 200 && status < 300)) {
    return {
      status: 'pass',
      message: `The intake flow at ${host} answered and accepted the URL's signature (the test sent an empty message, which creates no order). ${NOT_VERIFIED}`,
    };
  }
  if (status === 429 || status >= 500) {
    return {
      status: 'fail',
      message: `The intake flow at ${host} is busy or unavailable (it answered ${status}), so the URL could not be verified. Test again in a few minutes.`,
    };
  }
  return {
    status: 'fail',
    message: `${host} answered ${status}, which a flow's HTTP trigger does not, so this does not look like an intake flow URL. ${COPY_AGAIN}`,
  };
}

/** The `error.code` of a Logic Apps error body, if any. */
async function errorCode(response: Response): Promise<string | null> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown } };
    return typeof body.error?.code === 'string' ? body.error.code : null;
  } catch {
    return null;
  }
}

/** A short reason from a fetch failure (its cause carries the system error code), without the URL. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  if (cause && typeof cause.code === 'string') {
    if (cause.code === 'ENOTFOUND' || cause.code === 'EAI_AGAIN') return 'no such host';
    if (cause.code === 'ECONNREFUSED') return 'connection refused';
    return cause.code;
  }
  return 'network error';
}
