/**
 * Returns: the operator receives shipped quantities back as a msdyn_returnorder with msdyn_returnorderdetail
 * lines. sandbox assumption: the sales order itself is left as it is.
 */
import type { DataverseEnvironment } from '../dataverse/environment';
import { isoSeconds } from '../dataverse/entity-store';
import { newGuid } from '../ids';
import type { OperatorLineQuantity } from '../types';
import {
  ACTIVE_IOM_ROW,
  amount,
  idOf,
  IomOperatorError,
  lineLabel,
  nextOrderName,
  orderLines,
  ref,
  requestedLines,
  requireSalesOrder,
} from './iom-rows';

/** Quantity of a sales order line already received back. */
export function returnedQuantity(env: DataverseEnvironment, salesOrderDetailId: string): number {
  return env.store
    .children('msdyn_returnorderdetail', 'msdyn_salesorderdetailid', salesOrderDetailId)
    .reduce((sum, detail) => sum + amount(detail.msdyn_quantity), 0);
}

export function receiveReturn(
  env: DataverseEnvironment,
  salesOrderId: string,
  requested: readonly OperatorLineQuantity[],
): string {
  const order = requireSalesOrder(env, salesOrderId);
  const orderId = idOf(order, 'salesorderid');
  const lines = orderLines(env, orderId);
  if (requested.length === 0) throw new IomOperatorError('A return needs at least one line.');
  const items = requestedLines(
    order,
    lines,
    requested,
    (line) => amount(line.quantityshipped) - returnedQuantity(env, idOf(line, 'salesorderdetailid')),
    (line) => `${lineLabel(line)} (shipped and not yet returned)`,
  );
  if (new Set(items.map((item) => item.line.salesorderdetailid)).size !== items.length) {
    throw new IomOperatorError('Each order line may appear once per return.');
  }
  const name = nextOrderName(env, 'msdyn_returnorder', order, 'RMA');
  const returnOrderId = newGuid();
  env.store.transaction(() => {
    env.store.insert('msdyn_returnorder', {
      msdyn_returnorderid: returnOrderId,
      msdyn_name: name,
      msdyn_salesorderid: ref('salesorder', orderId),
      msdyn_iomstatename: 'Received',
      msdyn_receiveddate: isoSeconds(env.now()),
      ...ACTIVE_IOM_ROW,
    });
    items.forEach(({ line, quantity }, index) => {
      env.store.insert('msdyn_returnorderdetail', {
        msdyn_returnorderdetailid: newGuid(),
        msdyn_name: `${name}-${index + 1}`,
        msdyn_returnorderid: ref('msdyn_returnorder', returnOrderId),
        msdyn_salesorderdetailid: ref('salesorderdetail', idOf(line, 'salesorderdetailid')),
        msdyn_product: line.productid ?? null,
        msdyn_quantity: quantity,
        ...ACTIVE_IOM_ROW,
      });
    });
  });
  return returnOrderId;
}
