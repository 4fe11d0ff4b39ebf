import { AppError } from '../errors';

/** Why a token could not be had from Microsoft Entra ID — each maps to one fix for the merchant. */
export type EntraFailure =
  'unknown_tenant' | 'unknown_client' | 'bad_secret' | 'bad_scope' | 'unreachable' | 'empty_token' | 'other';

export class EntraTokenError extends AppError {
  constructor(
    readonly failure: EntraFailure,
    message: string,
    options: { cause?: unknown; retriable?: boolean } = {},
  ) {
    super(502, `entra_${failure}`, message, {
      retriable: options.retriable ?? failure === 'unreachable',
      cause: options.cause,
    });
    this.name = 'EntraTokenError';
  }
}

/**
 * A Dataverse Web API call failed. Keeps Dataverse's own error code (e.g. 0x80040220) and message,
 * the HTTP status (0 when no response arrived), and whether retrying later could succeed.
 */
export class DataverseError extends AppError {
  constructor(
    readonly upstreamStatus: number,
    readonly dataverseCode: string | null,
    message: string,
    options: {
      retriable: boolean;
      retryAfterMs?: number | null;
      timedOut?: boolean;
      upstreamMessage?: string | null;
      cause?: unknown;
    },
  ) {
    super(502, 'dataverse_error', message, { retriable: options.retriable, cause: options.cause });
    this.name = 'DataverseError';
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.timedOut = options.timedOut ?? false;
    this.upstreamMessage = options.upstreamMessage ?? null;
  }

  /** Dataverse's own error text, as it sent it (may name principals: for the log, not for merchants). */
  readonly upstreamMessage: string | null;

  /** How long Dataverse asked us to wait (Retry-After), in ms; a wait hint that must not be undercut. */
  readonly retryAfterMs: number | null;
  /** No answer arrived in time (upstreamStatus is 0). */
  readonly timedOut: boolean;
}
