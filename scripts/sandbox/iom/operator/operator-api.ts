/**
 * The operator's actions with their inputs validated (the same for the page's HTTP helpers and for
 * tests calling `simulator.operator`).
 */
import { z } from 'zod';
import type { DataverseEnvironment } from '../dataverse/environment';
import { advance, cancel, createFulfillmentOrder, ship } from '../iom/fulfillment';
import { IomOperatorError } from '../iom/iom-rows';
import { receiveReturn } from '../iom/returns';
import { fulfillmentOrderView, returnOrderView } from '../iom/views';
import type { IomOperator } from '../types';

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

export function createOperator(env: DataverseEnvironment): IomOperator {
  return {
    createFulfillmentOrder(salesOrderId, lines) {
      const foId = createFulfillmentOrder(
        env,
        operatorInput(env, id, salesOrderId),
        lines && operatorInput(env, lineQuantitiesSchema, lines),
      );
      const row = env.store.get('msdyn_fulfillmentorder', foId);
      if (!row) throw new Error('The fulfillment order just created is missing');
      return fulfillmentOrderView(env, row);
    },
    pick: (fulfillmentOrderId) => advance(env, operatorInput(env, id, fulfillmentOrderId), 'Picked'),
    pack: (fulfillmentOrderId) => advance(env, operatorInput(env, id, fulfillmentOrderId), 'Packed'),
    ship: (fulfillmentOrderId, shipment) =>
      ship(env, operatorInput(env, id, fulfillmentOrderId), operatorInput(env, shipmentSchema, shipment)),
    cancel: (fulfillmentOrderId) => cancel(env, operatorInput(env, id, fulfillmentOrderId)),
    receiveReturn(salesOrderId, lines) {
      const returnId = receiveReturn(
        env,
        operatorInput(env, id, salesOrderId),
        operatorInput(env, lineQuantitiesSchema, lines),
      );
      const row = env.store.get('msdyn_returnorder', returnId);
      if (!row) throw new Error('The return order just created is missing');
      return returnOrderView(env, row);
    },
  };
}
