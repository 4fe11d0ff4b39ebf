/**
 * The sales order's state while IOM fulfils it, recomputed from its lines' shipped and cancelled quantities.
 *
 * sandbox assumption: Submitted/In Progress with msdyn_iomstatename "Fulfillment in Process" (and a state
 * reason naming the last step) while fulfilling; at the end Fulfilled/Complete ("Completed", "Fulfilled"),
 * Fulfilled/Partial ("Completed", "Partially fulfilled") or Canceled/No Money ("Cancelled").
 */
import { isoSeconds, type Value } from '../dataverse/entity-store';
import type { DataverseEnvironment } from '../dataverse/environment';
import { amount, orderLines } from './iom-rows';

/** Recomputes the sales order's state from its lines' shipped and cancelled quantities. */
export function refreshSalesOrder(env: DataverseEnvironment, salesOrderId: string, reason: string): void {
  const lines = orderLines(env, salesOrderId);
  const ordered = lines.reduce((sum, line) => sum + amount(line.quantity), 0);
  const shipped = lines.reduce((sum, line) => sum + amount(line.quantityshipped), 0);
  const cancelled = lines.reduce((sum, line) => sum + amount(line.quantitycancelled), 0);
  const done = lines.every(
    (line) => amount(line.quantityshipped) + amount(line.quantitycancelled) >= amount(line.quantity),
  );
  let changes: Record<string, Value>;
  if (!done || ordered === 0) {
    changes = {
      statecode: 1,
      statuscode: 3,
      msdyn_iomstatename: 'Fulfillment in Process',
      msdyn_iomstatereasonname: reason,
    };
  } else if (shipped === 0) {
    changes = {
      statecode: 2,
      statuscode: 4,
      msdyn_iomstatename: 'Cancelled',
      msdyn_iomstatereasonname: 'Cancelled',
    };
  } else {
    const stamp = isoSeconds(env.now());
    changes =
      cancelled === 0
        ? {
            statecode: 3,
            statuscode: 100001,
            msdyn_iomstatename: 'Completed',
            msdyn_iomstatereasonname: 'Fulfilled',
            datefulfilled: stamp,
          }
        : {
            statecode: 3,
            statuscode: 100002,
            msdyn_iomstatename: 'Completed',
            msdyn_iomstatereasonname: 'Partially fulfilled',
            datefulfilled: stamp,
          };
  }
  env.store.update('salesorder', salesOrderId, changes);
}
