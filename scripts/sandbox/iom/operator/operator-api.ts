/**
 * The operator's actions with their inputs validated (the same for the page's HTTP helpers and for
 * tests calling `simulator.operator`).
 */
import { z } from 'zod';
import type { DataverseEnvironment } from '../dataverse/environment';
import { confirmCancel, requestCancel } from '../iom/cancellation';
import { advance, cancel, createFulfillmentOrder, ship } from '../iom/fulfillment';
import { IomOperatorError } from '../iom/iom-rows';
import { receiveReturn } from '../iom/returns';
import { fulfillmentOrderView, returnOrderView } from '../iom/views';
import type { IomOperator, PushEvent } from '../types';

const id = z.string().trim().min(1);
const quantity = z.number().positive().finite();
const lineQuantitiesSchema = z.array(z.object({ salesOrderDetailId: id, quantity })).min(1);
const shipmentSchema = z.object({
  carrier: z.string().trim().min(1),
  trackingNumber: z.string().trim().min(1).max(100),
  lines: z
    .array(z.object({ fulfillmentOrderDetailId: id, quantity }))
    .min(1)
    .optional(),
});

/** An operator's input, validated; nothing is accepted while IOM is not installed. */
function operatorInput<T>(env: DataverseEnvironment, schema: z.ZodType<T>, value: unknown): T {
  if (!env.knobs.iomInstalled) {
    throw new IomOperatorError('Intelligent Order Management is not installed in this environment.');
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new IomOperatorError(z.prettifyError(result.error));
  return result.data;
}

/** Told after every action that changed a sales order (or the rows below it). */
export type SalesOrderChanged = (salesOrderId: string, event: PushEvent) => void;

/** The sales order a fulfillment order belongs to; '' when it has none. */
function salesOrderOfFulfillment(env: DataverseEnvironment, fulfillmentOrderId: string): string {
  const ref = env.store.get('msdyn_fulfillmentorder', fulfillmentOrderId)?.msdyn_salesorderid;
  return typeof ref === 'object' && ref !== null ? ref.id : '';
}

export function createOperator(
  env: DataverseEnvironment,
  changed: SalesOrderChanged = () => undefined,
): IomOperator {
  const onFulfillment = (fulfillmentOrderId: string, event: PushEvent, run: (foId: string) => void) => {
    const foId = operatorInput(env, id, fulfillmentOrderId);
    run(foId);
    changed(salesOrderOfFulfillment(env, foId), event);
  };
  return {
    createFulfillmentOrder(salesOrderId, lines) {
      const foId = createFulfillmentOrder(
        env,
        operatorInput(env, id, salesOrderId),
        lines && operatorInput(env, lineQuantitiesSchema, lines),
      );
      const row = env.store.get('msdyn_fulfillmentorder', foId);
      if (!row) throw new Error('The fulfillment order just created is missing');
      const view = fulfillmentOrderView(env, row);
      changed(view.salesOrderId, 'fulfillment_created');
      return view;
    },
    pick: (fulfillmentOrderId) =>
      onFulfillment(fulfillmentOrderId, 'picked', (foId) => advance(env, foId, 'Picked')),
    pack: (fulfillmentOrderId) =>
      onFulfillment(fulfillmentOrderId, 'packed', (foId) => advance(env, foId, 'Packed')),
    ship: (fulfillmentOrderId, shipment) => {
      const foId = operatorInput(env, id, fulfillmentOrderId);
      const input = operatorInput(env, shipmentSchema, shipment);
      onFulfillment(foId, 'shipped', (checkedId) => ship(env, checkedId, input));
    },
    cancel: (fulfillmentOrderId) =>
      onFulfillment(fulfillmentOrderId, 'fulfillment_cancelled', (foId) => cancel(env, foId)),
    receiveReturn(salesOrderId, lines) {
      const returnId = receiveReturn(
        env,
        operatorInput(env, id, salesOrderId),
        operatorInput(env, lineQuantitiesSchema, lines),
      );
      const row = env.store.get('msdyn_returnorder', returnId);
      if (!row) throw new Error('The return order just created is missing');
      const view = returnOrderView(env, row);
      changed(view.salesOrderId, 'returned');
      return view;
    },
    requestCancel(salesOrderId) {
      const orderId = operatorInput(env, id, salesOrderId).toLowerCase();
      requestCancel(env, orderId);
      changed(orderId, 'cancel_requested');
    },
    confirmCancel(salesOrderId) {
      const orderId = operatorInput(env, id, salesOrderId).toLowerCase();
      confirmCancel(env, orderId);
      changed(orderId, 'cancel_confirmed');
    },
  };
}
