import type { DataverseClient } from '../dataverse-client';
import { DataverseError } from '../errors';
import type { SalesOrderProfile } from '../sales-order-profile';
import type { SalesOrderSink, SalesOrderSubmission, SinkResult } from './sales-order-sink';

const SALES_ORDERS = 'salesorders';

/** An OData string literal: single quotes doubled. */
function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Creates the order with one Dataverse write, a deep insert of `salesorder` with its `order_details`:
 * - with an Active alternate key on the external order id: a keyed upsert with `If-None-Match: *`
 *   (create only; a 412 means IOM has it already, so it is read back by key);
 * - otherwise a plain create, preceded on every retry by a lookup by external order id (or by name,
 *   when the table has no such column), so a lost answer never creates a second order.
 * Deep insert inside a keyed upsert is what this relay relies on; Microsoft documents deep insert for
 * POST, and a Dataverse that refused it in a PATCH would answer 400 with its message (needs attention).
 */
export class DataverseSalesOrderSink implements SalesOrderSink {
  constructor(
    private readonly client: DataverseClient,
    private readonly profile: SalesOrderProfile,
  ) {}

  async upsert(submission: SalesOrderSubmission, context: { attempt: number }): Promise<SinkResult> {
    const column = this.profile.externalOrderIdColumn;
    if (column && this.profile.keyActive) return this.keyedCreate(column, submission);
    if (context.attempt > 1) {
      const existing = await this.lookup(submission);
      if (existing) return { salesOrderId: existing, created: false, via: 'found by lookup' };
    }
    const row = await this.client.call(
      'create sales order',
      (api) =>
        api.create<Record<string, unknown>, { salesorderid: string }>({
          collection: SALES_ORDERS,
          data: submission.body,
          returnRepresentation: true,
          select: ['salesorderid'],
        }),
      { idempotent: false },
    );
    return { salesOrderId: row.salesorderid, created: true, via: 'created' };
  }

  private async keyedCreate(column: string, submission: SalesOrderSubmission): Promise<SinkResult> {
    const key = `${column}=${literal(submission.externalOrderId)}`;
    const body = { ...submission.body };
    delete body[column]; // keys go in the URL, not the body
    try {
      const row = await this.client.call(
        'create sales order (keyed upsert)',
        (api) =>
          api.upsert<Record<string, unknown>, { salesorderid: string }>({
            collection: SALES_ORDERS,
            key,
            data: body,
            ifnonematch: '*',
            returnRepresentation: true,
            select: ['salesorderid'],
          }),
        { idempotent: true },
      );
      // dynamics-web-api answers a 412 to `If-None-Match: *` with null instead of an error.
      if (row) return { salesOrderId: row.salesorderid, created: true, via: 'created (keyed upsert)' };
    } catch (error) {
      if (!(error instanceof DataverseError) || error.upstreamStatus !== 412) throw error;
    }
    const existing = await this.client.call(
      'read sales order by external id',
      (api) =>
        api.retrieve<{ salesorderid: string }>({ collection: SALES_ORDERS, key, select: ['salesorderid'] }),
      { idempotent: true },
    );
    return { salesOrderId: existing.salesorderid, created: false, via: 'already in IOM (key)' };
  }

  /** The order IOM already has for this external id, if any. */
  async lookup(submission: SalesOrderSubmission): Promise<string | null> {
    const column = this.profile.externalOrderIdColumn;
    const filter = column
      ? `${column} eq ${literal(submission.externalOrderId)}`
      : `name eq ${literal(String(submission.body.name ?? ''))}`;
    const rows = await this.client.call(
      'look up sales order by external id',
      (api) =>
        api.retrieveMultiple<{ salesorderid: string }>({
          collection: SALES_ORDERS,
          select: ['salesorderid'],
          filter,
          top: 1,
        }),
      { idempotent: true },
    );
    return rows.value[0]?.salesorderid ?? null;
  }
}
