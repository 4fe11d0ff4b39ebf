/** What a sink sends: the external order id and the exact salesorder deep-insert body. */
export interface SalesOrderSubmission {
  externalOrderId: string;
  body: Record<string, unknown>;
  /** Intake-provider mode: the ProviderExternalRequestId to send (the same on every retry). */
  requestId: string;
}

export interface SinkResult {
  /** The IOM sales order id; null when the intake provider accepted the order without naming it. */
  salesOrderId: string | null;
  /** False when IOM already had the order (a retry after a lost answer, a duplicate event). */
  created: boolean;
  /** How the order reached IOM, for the timeline. */
  via: string;
}

/** One way of getting a new order into IOM; idempotent by external order id. */
export interface SalesOrderSink {
  upsert(submission: SalesOrderSubmission, context: { attempt: number }): Promise<SinkResult>;
}
