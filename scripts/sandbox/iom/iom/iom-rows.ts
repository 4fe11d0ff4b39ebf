/** Shared pieces of the IOM operator actions: their error, the IOM system user, row helpers. */
import type { EntityRef, Row, Value } from '../dataverse/entity-store';
import type { DataverseEnvironment } from '../dataverse/environment';
import { stableGuid } from '../ids';

export class IomOperatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IomOperatorError';
  }
}

export const IOM_USER: EntityRef = { entity: 'systemuser', id: stableGuid('systemuser:iom-orchestration') };

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
