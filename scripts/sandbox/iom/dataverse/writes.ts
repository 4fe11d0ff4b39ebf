/**
 * Create (with deep insert), update and delete of table rows, each atomic: a failing line rolls back the
 * order it came with.
 */
import { newGuid } from '../ids';
import { DataverseError, ErrorCode, odataError } from './errors';
import type { Row, Value } from './entity-store';
import type { RequestScope } from './environment';
import { parsePayload, type Payload } from './payload';
import { requireOrderPrivilege } from './privileges';
import {
  applyDefaults,
  checkRequired,
  checkUniqueKeys,
  linePricing,
  orderTotals,
  recalculateOrderOf,
} from './record-rules';
import type { KeyValue } from './resource-path';
import type { EntityDef } from './schema';

export interface CreateOptions {
  /** The primary key to use (upsert by id). */
  id?: string;
  /** Alternate key values from the URL (upsert by alternate key). */
  keyValues?: Readonly<Record<string, KeyValue>>;
}

export function createRecord(
  scope: RequestScope,
  def: EntityDef,
  body: unknown,
  options: CreateOptions = {},
): Row {
  requireOrderPrivilege(scope, def.logicalName, 'create');
  const payload = parsePayload(scope, def, body, 'create');
  return scope.env.store.transaction(() => insert(scope, def, payload, options));
}

function insert(scope: RequestScope, def: EntityDef, payload: Payload, options: CreateOptions): Row {
  const { store } = scope.env;
  const values: Record<string, Value> = { ...payload.values, ...options.keyValues };
  const given = values[def.primaryIdAttribute];
  const id = (options.id ?? (typeof given === 'string' ? given : newGuid())).toLowerCase();
  if (store.get(def.logicalName, id)) {
    throw new DataverseError(
      412,
      ErrorCode.DuplicateRecord,
      'A record with matching key values already exists.',
    );
  }
  values[def.primaryIdAttribute] = id;
  applyDefaults(scope, def, values);
  checkRequired(scope, def, values);
  checkUniqueKeys(scope, def, id, values);
  const row = store.insert(def.logicalName, values);
  if (def.logicalName === 'salesorderdetail') recalculateOrderOf(scope, row);
  for (const { collection, items } of payload.children) {
    const childDef = scope.env.schema.require(collection.entity);
    requireOrderPrivilege(scope, childDef.logicalName, 'create');
    for (const item of items) {
      const child = parsePayload(scope, childDef, item, 'create');
      child.values[collection.attribute] = { id, entity: def.logicalName };
      insert(scope, childDef, child, {});
    }
  }
  return store.get(def.logicalName, id) ?? row;
}

/**
 * sandbox assumption: a PATCH may set a salesorder's statecode / statuscode. Dataverse documents state
 * changes as plain updates (special-update-operation-behavior: SetState is deprecated in favour of Update)
 * and does not document a refusal for salesorder, although Dynamics 365 Sales changes an order to
 * Canceled or Fulfilled through CancelSalesOrder / FulfillSalesOrder (see sales-order-actions.ts).
 */
export function updateRecord(scope: RequestScope, def: EntityDef, row: Row, body: unknown): Row {
  requireOrderPrivilege(scope, def.logicalName, 'write');
  const payload = parsePayload(scope, def, body, 'update');
  const { store } = scope.env;
  const id = String(row[def.primaryIdAttribute]);
  const changes: Record<string, Value> = { ...payload.values };
  const merged = { ...row, ...changes };
  if (def.logicalName === 'salesorderdetail') Object.assign(changes, linePricing(scope, merged));
  if (def.logicalName === 'salesorder') Object.assign(changes, orderTotals(scope, id, merged));
  if (typeof changes.statecode === 'number' && changes.statuscode === undefined && def.defaultStatus) {
    changes.statuscode = def.defaultStatus[changes.statecode] ?? null;
  }
  for (const [name, value] of Object.entries(payload.values)) {
    const attribute = scope.env.schema.attribute(def, name);
    if (value === null && attribute && attribute.requiredLevel !== 'None') {
      throw odataError(
        `The column '${name}' of the '${def.logicalName}' record is required and cannot be set to null.`,
      );
    }
  }
  checkUniqueKeys(scope, def, id, { ...row, ...changes });
  return store.transaction(() => {
    const updated = store.update(def.logicalName, id, changes);
    if (def.logicalName === 'salesorderdetail') recalculateOrderOf(scope, updated);
    return store.get(def.logicalName, id) ?? updated;
  });
}

export function deleteRecord(scope: RequestScope, def: EntityDef, row: Row): void {
  const { store } = scope.env;
  store.transaction(() => {
    store.remove(def.logicalName, String(row[def.primaryIdAttribute]));
    if (def.logicalName === 'salesorderdetail') recalculateOrderOf(scope, row);
  });
}
