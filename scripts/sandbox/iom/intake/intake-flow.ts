/**
 * IOM's documented intake path (https://learn.microsoft.com/en-us/dynamics365/intelligent-order-management/create-new-provider): a custom provider's "message handler" flow with an
 * HTTP trigger. It registers the message (`msdyn_CreateProviderMessageRequestExecution` with the
 * ProviderExternalRequestId, which dedupes), then runs the "IOM Sales Order Creation" flow with the
 * Payload: the same salesorder deep-insert JSON a client would POST to /salesorders.
 *
 * sandbox assumption: the trigger answers 202 with `{status, providerMessageRequestExecutionId,
 * salesOrderId}` when the order was created, 400 `{status:"failed", message, error}` when the payload was
 * refused; a repeated ProviderExternalRequestId returns the first answer and creates nothing; refused
 * messages are not remembered, so a corrected retry with the same id goes through.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { DataverseEnvironment, RequestScope } from '../dataverse/environment';
import { DataverseError } from '../dataverse/errors';
import { parsePrefer } from '../dataverse/odata/prefer';
import { createRecord } from '../dataverse/writes';
import { newGuid, stableGuid } from '../ids';

export const INTAKE_API_VERSION = '2016-06-01';

const messageSchema = z.object({
  ProviderExternalRequestId: z.string().trim().min(1).max(200),
  Payload: z.record(z.string(), z.unknown()),
});

export interface IntakeAccepted {
  status: 'accepted';
  providerMessageRequestExecutionId: string;
  salesOrderId: string;
}

export type IntakeOutcome =
  | { kind: 'accepted'; body: IntakeAccepted; runId: string }
  | { kind: 'schema'; message: string }
  | { kind: 'failed'; message: string; error: { code: string; message: string } };

export class IntakeFlow {
  readonly workflowId = stableGuid('workflow:iom-connector-message-handler').replace(/-/g, '');
  private readonly signature: string;
  private accepted = new Map<string, { body: IntakeAccepted; runId: string }>();

  constructor() {
    const key = randomBytes(32);
    this.signature = createHmac('sha256', key)
      .update(`${this.workflowId}/triggers/manual/run`)
      .digest('base64url');
  }

  /** Path and query of the trigger URL, like a Power Automate "When an HTTP request is received" trigger. */
  triggerPathAndQuery(): string {
    const query = new URLSearchParams({
      'api-version': INTAKE_API_VERSION,
      sp: '/triggers/manual/run',
      sv: '1.0',
      sig: this.signature,
    });
    return `/workflows/${this.workflowId}/triggers/manual/paths/invoke?${query.toString()}`;
  }

  signatureMatches(sig: string): boolean {
    return sig === this.signature;
  }

  handle(env: DataverseEnvironment, environmentUrl: string, body: unknown): IntakeOutcome {
    const parsed = messageSchema.safeParse(body);
    if (!parsed.success)
      return { kind: 'schema', message: z.prettifyError(parsed.error).replace(/\n/g, ' ') };
    const { ProviderExternalRequestId: requestId, Payload: payload } = parsed.data;
    const earlier = this.accepted.get(requestId);
    if (earlier) return { kind: 'accepted', ...earlier };
    const scope: RequestScope = {
      env,
      caller: { userId: stableGuid('systemuser:iom-flows'), enforcePrivileges: false },
      serviceRoot: `${environmentUrl}/api/data/v9.2`,
      prefer: parsePrefer(undefined),
      contentIds: new Map(),
    };
    const salesorder = env.schema.require('salesorder');
    try {
      const row = createRecord(scope, salesorder, payload);
      const result = {
        body: {
          status: 'accepted' as const,
          providerMessageRequestExecutionId: newGuid(),
          salesOrderId: String(row.salesorderid),
        },
        runId: `08584${randomBytes(12).toString('hex').toUpperCase()}`,
      };
      this.accepted.set(requestId, result);
      return { kind: 'accepted', ...result };
    } catch (error) {
      if (!(error instanceof DataverseError)) throw error;
      return {
        kind: 'failed',
        message: `IOM Sales Order Creation failed: ${error.message}`,
        error: { code: error.code, message: error.message },
      };
    }
  }

  reset(): void {
    this.accepted = new Map();
  }
}
