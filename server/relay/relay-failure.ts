import { QuotaWaitError } from '../bigcommerce/api-client';
import { BigCommerceOrderError } from '../bigcommerce/order-schema';
import { BigCommerceError } from '../errors';
import { describeDataverseFailure } from '../iom/dataverse-messages';
import { DataverseError, EntraTokenError } from '../iom/errors';
import { IntakeError } from '../iom/sinks/intake-provider-sink';
import type { AttentionReason } from '../storage/types';
import { defer, retry, type JobOutcome } from './outcome';

/** Retriable failures are retried this many times (backing off), then the order needs attention. */
export const MAX_RETRIABLE_ATTEMPTS = 10;

/** What to do about a failure while relaying one order. */
export type RelayFailure =
  /** Nothing was done yet (our own quota wait, a BigCommerce 429): run again later, not an attempt. */
  | { kind: 'defer'; reason: string; afterMs: number }
  /** Might work later (5xx, timeout, network, Dataverse 429): retry with backoff, honouring the hint. */
  | { kind: 'retry'; reason: string; afterMs: number | null; attention: AttentionReason }
  /** IOM refused the connection's credentials: pause the whole store, not each order. */
  | { kind: 'pause'; attention: AttentionReason }
  /** A permanent refusal the merchant can fix. */
  | { kind: 'attention'; attention: AttentionReason };

const CONNECTION_PAGE = 'IOM Connector › IOM connection';

/** Classify an error thrown while relaying an order; unknown errors are rethrown (the runner's crash path). */
export function classifyRelayFailure(error: unknown, environmentUrl: string | null): RelayFailure {
  if (error instanceof QuotaWaitError) {
    return { kind: 'defer', reason: error.message, afterMs: error.retryAfterMs ?? 1_000 };
  }
  if (error instanceof EntraTokenError) {
    if (error.retriable) {
      return {
        kind: 'retry',
        reason: error.message,
        afterMs: null,
        attention: {
          code: 'iom_unavailable',
          message: error.message,
          fix: 'Nothing to do: the relay keeps trying. If it lasts, check Microsoft Entra ID status.',
        },
      };
    }
    return {
      kind: 'pause',
      attention: {
        code: 'authentication',
        message: `IOM refused the connector's sign-in: ${error.message}`,
        fix: `Enter a valid client secret (or tenant and client id) in ${CONNECTION_PAGE} and test the connection; every waiting order is then sent.`,
      },
    };
  }
  if (error instanceof DataverseError) {
    const env = environmentUrl ?? 'the IOM environment';
    const described = describeDataverseFailure(error, env);
    if (error.upstreamStatus === 401) {
      return {
        kind: 'pause',
        attention: {
          code: 'authentication',
          message: `Dataverse does not accept the connector's token (401) at ${env}.`,
          fix: `Check that the application user exists in the environment, then test the connection in ${CONNECTION_PAGE}.`,
        },
      };
    }
    if (error.upstreamStatus === 429 || error.retriable) {
      return {
        kind: 'retry',
        reason: described.message,
        afterMs: error.retryAfterMs,
        attention: {
          code: error.upstreamStatus === 429 ? 'throttled' : 'iom_unavailable',
          message: described.message,
          fix: 'Retry the order once IOM answers again.',
        },
      };
    }
    return {
      kind: 'attention',
      attention: {
        code: error.upstreamStatus === 403 ? 'iom_privilege' : 'iom_rejected',
        message: described.message,
        fix:
          error.upstreamStatus === 403
            ? "Ask a Dataverse admin to grant the connector's security role the privilege named, then retry."
            : 'Correct what IOM names (mapping, settings or IOM master data), then retry the order.',
      },
    };
  }
  if (error instanceof IntakeError) {
    if (error.retriable) {
      return {
        kind: 'retry',
        reason: error.message,
        afterMs: error.retryAfterMs,
        attention: {
          code: 'iom_unavailable',
          message: error.message,
          fix: 'Retry the order once the intake flow answers again.',
        },
      };
    }
    return {
      kind: 'attention',
      attention: {
        code: 'iom_rejected',
        message: error.message,
        fix: 'Correct what the intake flow names, then retry the order.',
      },
    };
  }
  if (error instanceof BigCommerceOrderError) {
    return {
      kind: 'attention',
      attention: {
        code: 'invalid_order',
        message: error.message,
        fix: 'Check the order in BigCommerce, then retry it.',
      },
    };
  }
  if (error instanceof BigCommerceError) {
    if (error.upstreamStatus === 429) {
      return { kind: 'defer', reason: error.message, afterMs: error.retryAfterMs ?? 5_000 };
    }
    if (error.retriable) {
      return {
        kind: 'retry',
        reason: error.message,
        afterMs: error.retryAfterMs,
        attention: {
          code: 'bigcommerce_unavailable',
          message: error.message,
          fix: 'Retry the order once BigCommerce answers again.',
        },
      };
    }
    return {
      kind: 'attention',
      attention: {
        code:
          error.upstreamStatus === 401 || error.upstreamStatus === 403
            ? 'bigcommerce_access'
            : 'bigcommerce_refused',
        message: error.message,
        fix:
          error.upstreamStatus === 401
            ? 'Open the app again from the BigCommerce control panel (or reinstall it) so it gets a working token, then retry.'
            : 'Retry the order; if it keeps failing, contact support with the message.',
      },
    };
  }
  throw error;
}

/**
 * The outcome for a failed store-level task (sweep, webhook health, metafield write-back): a quota
 * wait defers it, anything else retries it after `retryAfterMs` (it is not an order, so nothing needs
 * the merchant's attention; the job's last error says what happened).
 */
export function storeTaskFailure(error: unknown, retryAfterMs: number): JobOutcome {
  const failure = classifyRelayFailure(error, null);
  if (failure.kind === 'defer') return defer(failure.reason, failure.afterMs);
  return retry(failure.kind === 'retry' ? failure.reason : failure.attention.message, retryAfterMs);
}
