/** Shared pieces of the IOM operator actions: their error, the IOM system user, row helpers. */
import type { EntityRef, Row, Value } from '../dataverse/entity-store';
import type { DataverseEnvironment } from '../dataverse/environment';
import { stableGuid } from '../ids';
import type { OperatorLineQuantity } from '../types';

export class IomOperatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IomOperatorError';
  }
}

export const IOM_USER: EntityRef = { entity: 'systemuser', id: stableGuid('systemuser:iom-orchestration') };

/** The closing columns of every row IOM creates: active, and owned by IOM's system user. */
export const ACTIVE_IOM_ROW = { statecode: 0, statuscode: 1, ownerid: IOM_USER } as const;

export function amount(value: Value | undefined): number {
  return typeof value === 'number' ? value : 0;
}

export function ref(entity: string, id: string): EntityRef {
  return { entity, id };
}

export function idOf(row: Row, attribute: string): string {
  return String(row[attribute]);
}

export function requireSalesOrder(env: DataverseEnvironment, salesOrderId: string): Row {
  const order = env.store.get('salesorder', salesOrderId);
  if (!order) throw new IomOperatorError(`Sales order ${salesOrderId} does not exist.`);
  return order;
}

export function orderLines(env: DataverseEnvironment, salesOrderId: string): Row[] {
  return env.store.children('salesorderdetail', 'salesorderid', salesOrderId);
}

/** The next name in a sales order's series of fulfillment or return orders: `${prefix}-${ordernumber}-${n}`. */
export function nextOrderName(env: DataverseEnvironment, entity: string, order: Row, prefix: string): string {
  const count = env.store.children(entity, 'msdyn_salesorderid', idOf(order, 'salesorderid')).length;
  return `${prefix}-${String(order.ordernumber)}-${count + 1}`;
}

/**
 * The sales order lines an operator asked for, with their quantities, each checked against what is still
 * `available` on that line; `what` names the line in the error.
 */
export function requestedLines(
  order: Row,
  lines: readonly Row[],
  requested: readonly OperatorLineQuantity[],
  available: (line: Row) => number,
  what: (line: Row) => string,
): Array<{ line: Row; quantity: number }> {
  return requested.map((item) => {
    const line = lines.find((l) => l.salesorderdetailid === item.salesOrderDetailId.toLowerCase());
    if (!line)
      throw new IomOperatorError(
        `Line ${item.salesOrderDetailId} is not on sales order ${String(order.name)}.`,
      );
    checkQuantity(item.quantity, available(line), what(line));
    return { line, quantity: item.quantity };
  });
}

export function checkQuantity(quantity: number, open: number, what: string): void {
  if (!Number.isFinite(quantity) || quantity <= 0) {
    throw new IomOperatorError(`The quantity for ${what} must be more than 0.`);
  }
  if (quantity > open) {
    throw new IomOperatorError(`Only ${open} of ${what} can be used here; ${quantity} was requested.`);
  }
}

export function lineLabel(line: Row): string {
  return String(line.salesorderdetailname ?? line.productdescription ?? line.salesorderdetailid);
}
