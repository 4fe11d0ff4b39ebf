import { z } from 'zod';
import { AppError } from '../../errors';
import { secondsHeaderToMs } from '../../net/backoff';
import type { SalesOrderSink, SalesOrderSubmission, SinkResult } from './sales-order-sink';

/** The intake provider (a Power Automate / Logic Apps HTTP trigger) refused or could not take the order. */
export class IntakeError extends AppError {
  constructor(
    readonly upstreamStatus: number,
    message: string,
    options: { retriable: boolean; retryAfterMs?: number | null; detail?: string },
  ) {
    super(502, 'intake_error', message, { retriable: options.retriable, detail: options.detail });
    this.name = 'IntakeError';
    this.retryAfterMs = options.retryAfterMs ?? null;
  }

  readonly retryAfterMs: number | null;
}

const accepted = z.object({ salesOrderId: z.string().min(1).optional() }).loose();
const failure = z
  .object({
    message: z.string().optional(),
    error: z.object({ message: z.string().optional() }).loose().optional(),
  })
  .loose();

/**
 * Intake-provider mode: the order goes to the merchant's IOM message-handler flow as
 * `{ ProviderExternalRequestId, Payload }`; IOM's `msdyn_CreateProviderMessageRequestExecution` dedupes
 * on the request id, so a retry with the same id creates nothing new.
 */
export class IntakeProviderSink implements SalesOrderSink {
  constructor(
    private readonly intakeUrl: string,
    private readonly timeoutMs = 30_000,
  ) {}

  async upsert(submission: SalesOrderSubmission): Promise<SinkResult> {
    let response: Response;
    try {
      response = await fetch(this.intakeUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ ProviderExternalRequestId: submission.requestId, Payload: submission.body }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError';
      throw new IntakeError(
        0,
        timedOut
          ? `The IOM intake flow did not answer within ${this.timeoutMs} ms.`
          : 'The IOM intake flow could not be reached.',
        { retriable: true, detail: (cause as Error).message },
      );
    }
    const text = await response.text();
    if (response.ok) {
      const parsed = accepted.safeParse(safeJson(text));
      return {
        salesOrderId: parsed.success ? (parsed.data.salesOrderId ?? null) : null,
        created: true,
        via: `intake flow (request ${submission.requestId})`,
      };
    }
    const parsed = failure.safeParse(safeJson(text));
    const said = parsed.success ? (parsed.data.message ?? parsed.data.error?.message ?? null) : null;
    const retryAfterMs = secondsHeaderToMs(response.headers.get('retry-after'));
    const retriable = response.status === 429 || response.status === 408 || response.status >= 500;
    const fix =
      response.status === 401 || response.status === 403 || response.status === 404
        ? ' Check the intake URL in IOM Connector › IOM connection (copy it again from the flow’s HTTP trigger).'
        : '';
    throw new IntakeError(
      response.status,
      `The IOM intake flow refused the order (${response.status}${said ? `: ${said}` : ''}).${fix}`,
      { retriable, retryAfterMs, detail: text.slice(0, 500) },
    );
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
