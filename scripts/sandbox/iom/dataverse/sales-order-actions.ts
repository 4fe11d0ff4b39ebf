/**
 * `POST CancelSalesOrder` (Microsoft.Dynamics.CRM.CancelSalesOrder, an unbound action that returns
 * nothing: 204). Its parameters are `OrderClose`, the order close activity (an `orderclose` entity whose
 * `salesorderid@odata.bind` names the order), and `Status`, the status reason the order gets (the
 * SalesOrder.StatusCode column; -1 lets the system pick the state's default). The order becomes
 * Canceled (statecode 2), by default with status reason No Money (4), and the order close activity is
 * recorded. Works inside `$batch` like any other request.
 *
 * sandbox assumption: the order close activity is stored Completed (statecode 1, statuscode 2) with
 * `actualend` set to now; the order's lines are left as they are; IOM's state columns say "Cancelled".
 * sandbox assumption: the privilege checked is prvWriteSalesOrder (creating the activity is not checked).
 * sandbox assumption: the error texts and codes for a missing or unknown parameter, a missing order
 * reference, an invalid Status and an order that is not Active or Submitted (already Canceled,
 * Fulfilled or Invoiced).
 */
import { newGuid } from '../ids';
import { DataverseError, ErrorCode, odataError } from './errors';
import { isEntityRef, isoSeconds } from './entity-store';
import type { RequestScope, WebApiRequest, WebApiResponse } from './environment';
import { parsePayload } from './payload';
import { requireOrderPrivilege } from './privileges';
import { applyDefaults, checkRequired } from './record-rules';
import { jsonBody } from './request-body';

const ACTION = 'CancelSalesOrder';
const PARAMETERS: ReadonlySet<string> = new Set(['OrderClose', 'Status']);
/** salesorder statecode Canceled and the status reasons that belong to it. */
const CANCELED = 2;
const CANCELED_STATUSES: ReadonlySet<number> = new Set([4]);
const DEFAULT_CANCELED_STATUS = 4;
/** Active (0) and Submitted (1): the states an order can be canceled from. */
const OPEN_STATES: ReadonlySet<number> = new Set([0, 1]);

export function isSalesOrderAction(name: string): boolean {
  return name === ACTION;
}

export function cancelSalesOrder(scope: RequestScope, request: WebApiRequest): WebApiResponse {
  requireOrderPrivilege(scope, 'salesorder', 'write');
  const body = jsonBody(request);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw odataError(
      `The request body of the operation '${ACTION}' must be a JSON object of its parameters.`,
    );
  }
  const parameters = body as Record<string, unknown>;
  for (const name of Object.keys(parameters)) {
    if (!name.startsWith('@') && !PARAMETERS.has(name)) {
      throw odataError(
        `The parameter '${name}' in the request payload is not a valid parameter for the operation '${ACTION}'.`,
      );
    }
  }
  const orderClose = parameters.OrderClose;
  if (typeof orderClose !== 'object' || orderClose === null || Array.isArray(orderClose)) {
    throw odataError(
      `The required parameter 'OrderClose' of the operation '${ACTION}' is missing or not an entity.`,
    );
  }
  const status = parameters.Status;
  if (typeof status !== 'number' || !Number.isInteger(status)) {
    throw odataError(
      `The required parameter 'Status' of the operation '${ACTION}' is missing or not an Edm.Int32.`,
    );
  }
  const { env } = scope;
  const closeDef = env.schema.require('orderclose');
  const payload = parsePayload(scope, closeDef, orderClose, 'create');
  if (payload.children.length > 0) {
    throw odataError(
      `The 'OrderClose' parameter of the operation '${ACTION}' cannot contain related records.`,
    );
  }
  const orderRef = payload.values.salesorderid;
  if (!isEntityRef(orderRef)) {
    throw odataError(
      `The 'OrderClose' parameter of the operation '${ACTION}' must name the sales order with 'salesorderid@odata.bind'.`,
    );
  }
  const order = env.store.get('salesorder', orderRef.id);
  if (!order) throw new Error(`The bound salesorder ${orderRef.id} vanished`);
  const state = typeof order.statecode === 'number' ? order.statecode : 0;
  if (!OPEN_STATES.has(state)) {
    const orderDef = env.schema.require('salesorder');
    const label = orderDef.attributes.find((a) => a.logicalName === 'statecode')?.options?.[state] ?? state;
    throw new DataverseError(
      400,
      ErrorCode.InvalidArgument,
      `The sales order with Id = ${orderRef.id} is ${String(label)}; only an Active or Submitted order can be canceled.`,
    );
  }
  const statuscode = status === -1 ? DEFAULT_CANCELED_STATUS : status;
  if (!CANCELED_STATUSES.has(statuscode)) {
    throw new DataverseError(
      400,
      ErrorCode.InvalidArgument,
      `${status} is not a valid status code for state code SalesOrderState.Canceled on salesorder with Id ${orderRef.id}.`,
    );
  }
  const values = {
    ...payload.values,
    activityid: newGuid(),
    statecode: 1,
    statuscode: 2,
    actualend: isoSeconds(env.now()),
  };
  applyDefaults(scope, closeDef, values);
  checkRequired(scope, closeDef, values);
  env.store.transaction(() => {
    env.store.insert('orderclose', values);
    env.store.update('salesorder', orderRef.id, {
      statecode: CANCELED,
      statuscode,
      msdyn_iomstatename: 'Cancelled',
      msdyn_iomstatereasonname: 'Cancelled',
    });
  });
  return { status: 204, headers: {} };
}
