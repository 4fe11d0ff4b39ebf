/**
 * Typed errors. Every error that reaches the HTTP layer is an AppError (or becomes a 500), carrying
 * the status to answer with, a stable machine code, a message a merchant can act on, and whether
 * retrying the same operation later could succeed.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly options: { retriable?: boolean; cause?: unknown; detail?: string } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
  }

  get retriable(): boolean {
    return this.options.retriable ?? this.status >= 500;
  }

  /** What exactly went wrong, for the operator's log (the message is what the user sees). */
  get detail(): string | undefined {
    return this.options.detail;
  }
}

export class UnauthorizedError extends AppError {
  constructor(code: string, message: string, options: { detail?: string } = {}) {
    super(401, code, message, { retriable: false, detail: options.detail });
    this.name = 'UnauthorizedError';
  }
}

export class ValidationError extends AppError {
  constructor(message: string) {
    super(400, 'validation_failed', message, { retriable: false });
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(404, 'not_found', message, { retriable: false });
    this.name = 'NotFoundError';
  }
}

/** A call to BigCommerce failed. `status` is BigCommerce's status (0 when no response arrived). */
export class BigCommerceError extends AppError {
  constructor(
    readonly upstreamStatus: number,
    message: string,
    options: { retriable: boolean; cause?: unknown; upstreamBody?: string; retryAfterMs?: number | null },
  ) {
    super(502, 'bigcommerce_error', message, { retriable: options.retriable, cause: options.cause });
    this.name = 'BigCommerceError';
    this.upstreamBody = options.upstreamBody;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }

  readonly upstreamBody?: string;
  /** How long BigCommerce asked us to wait before the next request, in ms; never to be undercut. */
  readonly retryAfterMs: number | null;
}

/** Format a zod-style issue list as one readable sentence. */
export function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}
