/**
 * An IOM cancellation in two observable steps on the sales order:
 * 1. the request (from the channel, a person or a provider): `msdyn_iomstatereasonname` becomes
 *    'Cancellation requested' while the order stays In Progress (statecode 1, statuscode 3) and its
 *    fulfillment orders stay open;
 * 2. the confirmation: every open fulfillment order is cancelled (shipped quantities stay shipped), every
 *    quantity not yet on a fulfillment order is cancelled, and the order's state is recomputed: Canceled
 *    ('Cancelled') when nothing had shipped, else Fulfilled (Complete or Partial, 'Completed').
 *
 * sandbox assumption: IOM's real column values for a pending cancellation are not documented; the state
 * reason text 'Cancellation requested' and 'Fulfillment in Process' as the state name while it is pending
 * are the sandbox's. A later fulfillment step before the confirmation replaces the reason (as any state
 * transition would). Confirming without a request is allowed (IOM can cancel directly).
 */
import type { DataverseEnvironment } from '../dataverse/environment';
import { cancel, isOpenFulfillmentState } from './fulfillment';
import { amount, idOf, IomOperatorError, orderLines, requireSalesOrder } from './iom-rows';
import { refreshSalesOrder } from './sales-order-state';

export const CANCELLATION_REQUESTED = 'Cancellation requested';

/** Active (0) and Submitted (1): the states a sales order can be cancelled from. */
function requireOpenOrder(env: DataverseEnvironment, salesOrderId: string) {
  const order = requireSalesOrder(env, salesOrderId);
  if (order.statecode !== 0 && order.statecode !== 1) {
    throw new IomOperatorError(
      `Sales order ${String(order.name)} is closed (${String(order.msdyn_iomstatename)}); it cannot be cancelled.`,
    );
  }
  return order;
}

export function requestCancel(env: DataverseEnvironment, salesOrderId: string): void {
  const order = requireOpenOrder(env, salesOrderId);
  if (order.msdyn_iomstatereasonname === CANCELLATION_REQUESTED) {
    throw new IomOperatorError(`A cancellation of ${String(order.name)} is already requested.`);
  }
  env.store.update('salesorder', idOf(order, 'salesorderid'), {
    statecode: 1,
    statuscode: 3,
    msdyn_iomstatename: 'Fulfillment in Process',
    msdyn_iomstatereasonname: CANCELLATION_REQUESTED,
  });
}

export function confirmCancel(env: DataverseEnvironment, salesOrderId: string): void {
  const order = requireOpenOrder(env, salesOrderId);
  const orderId = idOf(order, 'salesorderid');
  env.store.transaction(() => {
    for (const fo of env.store.children('msdyn_fulfillmentorder', 'msdyn_salesorderid', orderId)) {
      if (isOpenFulfillmentState(fo.msdyn_iomstatename)) cancel(env, idOf(fo, 'msdyn_fulfillmentorderid'));
    }
    // After the fulfillment orders: what is neither shipped nor cancelled was never allocated.
    for (const line of orderLines(env, orderId)) {
      const open = amount(line.quantity) - amount(line.quantityshipped) - amount(line.quantitycancelled);
      if (open > 0)
        env.store.update('salesorderdetail', idOf(line, 'salesorderdetailid'), {
          quantitycancelled: amount(line.quantitycancelled) + open,
        });
    }
    refreshSalesOrder(env, orderId, 'Cancelled');
  });
}
