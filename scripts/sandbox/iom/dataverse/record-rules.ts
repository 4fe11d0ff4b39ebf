/**
 * What the platform does to a row beyond storing it: system defaults (state, status, owner, order
 * number), required-column checks, alternate-key uniqueness, and order pricing (line amounts and order
 * totals, recalculated like Dynamics 365 Sales does on every line change).
 *
 * sandbox assumption: Dataverse's Web API enforces SystemRequired columns only; the sandbox also enforces
 * ApplicationRequired ones (name, customer, price list, currency, quantity) so a connector cannot rely on
 * a lenient environment. The message names the column.
 * sandbox assumption: a line without a price override is priced at the product's list price (`price`).
 */
import { DataverseError, ErrorCode, validationError } from './errors';
import { isEntityRef, type Row, type Value } from './entity-store';
import type { RequestScope } from './environment';
import { matchesKey } from './records';
import type { EntityDef } from './schema';

export function applyDefaults(scope: RequestScope, def: EntityDef, values: Record<string, Value>): void {
  const { env } = scope;
  if (def.defaultStatus) {
    const state = typeof values.statecode === 'number' ? values.statecode : 0;
    values.statecode = state;
    if (values.statuscode == null) values.statuscode = def.defaultStatus[state] ?? null;
  }
  if (def.ownership === 'UserOwned' && values.ownerid == null) {
    values.ownerid = { id: scope.caller.userId, entity: 'systemuser' };
  }
  if (def.logicalName === 'salesorder') {
    values.ordernumber ??= env.nextOrderNumber();
    values.msdyn_iomstatename = 'New';
    values.msdyn_iomstatereasonname = null;
    Object.assign(values, { totallineitemamount: 0, totaltax: 0, totalamount: 0 });
  }
  if (def.logicalName === 'salesorderdetail') {
    values.quantityshipped ??= 0;
    values.quantitycancelled ??= 0;
    values.quantitybackordered ??= 0;
    values.isproductoverridden ??= false;
    values.ispriceoverridden ??= false;
    const order = values.salesorderid;
    if (values.lineitemnumber == null && isEntityRef(order)) {
      values.lineitemnumber = env.store.children('salesorderdetail', 'salesorderid', order.id).length + 1;
    }
    Object.assign(values, linePricing(scope, values));
  }
}

export function checkRequired(
  scope: RequestScope,
  def: EntityDef,
  values: Readonly<Record<string, Value>>,
): void {
  for (const attribute of scope.env.schema.attributes(def)) {
    if (attribute.requiredLevel !== 'None' && values[attribute.logicalName] == null) {
      throw missingColumn(def, attribute.logicalName, attribute.displayName);
    }
  }
  if (def.logicalName !== 'salesorderdetail') return;
  if (values.isproductoverridden === true) {
    if (!values.productdescription) throw missingColumn(def, 'productdescription', 'Write-In Product');
    return;
  }
  if (values.productid == null) throw missingColumn(def, 'productid', 'Existing Product');
  if (values.uomid == null) throw missingColumn(def, 'uomid', 'Unit');
}

function missingColumn(def: EntityDef, column: string, displayName: string): DataverseError {
  return validationError(
    `The required column '${column}' (${displayName}) of the '${def.logicalName}' record was not provided.`,
  );
}

/** Refuses a row that would duplicate another row's alternate key values. */
export function checkUniqueKeys(
  scope: RequestScope,
  def: EntityDef,
  id: string,
  values: Readonly<Record<string, Value>>,
): void {
  for (const key of scope.env.keys.active(def.logicalName)) {
    const keyValues: Record<string, string | number | boolean | null> = {};
    for (const attribute of key.attributes) {
      const value = values[attribute];
      keyValues[attribute] = isEntityRef(value) ? value.id : (value ?? null);
    }
    if (Object.values(keyValues).some((value) => value === null)) continue;
    const clash = scope.env.store
      .all(def.logicalName)
      .find((row) => row[def.primaryIdAttribute] !== id && matchesKey(row, keyValues));
    if (clash) {
      throw new DataverseError(
        412,
        ErrorCode.DuplicateRecordEntityKey,
        `A record that has the attribute values ${key.attributes.join(', ')} already exists. The entity key ${key.logicalName} requires that this set of attributes contains unique values. Select unique values and try again.`,
      );
    }
  }
}

/** Price, amounts and name of an order line from its quantity, product and overrides. */
export function linePricing(
  scope: RequestScope,
  values: Readonly<Record<string, Value>>,
): Record<string, Value> {
  const product = isEntityRef(values.productid)
    ? scope.env.store.get('product', values.productid.id)
    : undefined;
  const overridden = values.ispriceoverridden === true || values.isproductoverridden === true;
  const price = overridden ? amount(values.priceperunit) : amount(product?.price ?? null);
  const base = round2(price * amount(values.quantity));
  const name = values.isproductoverridden === true ? values.productdescription : (product?.name ?? null);
  return {
    priceperunit: price,
    baseamount: base,
    extendedamount: round2(base - amount(values.manualdiscountamount) + amount(values.tax)),
    salesorderdetailname: typeof name === 'string' ? name : null,
  };
}

/** The order's totals from its lines and its own freight and discount. */
export function orderTotals(
  scope: RequestScope,
  orderId: string,
  header: Readonly<Record<string, Value>>,
): Record<string, Value> {
  const lines = scope.env.store.children('salesorderdetail', 'salesorderid', orderId);
  const lineTotal = round2(lines.reduce((sum, line) => sum + amount(line.extendedamount), 0));
  const tax = round2(lines.reduce((sum, line) => sum + amount(line.tax), 0));
  return {
    totallineitemamount: lineTotal,
    totaltax: tax,
    totalamount: round2(lineTotal - amount(header.discountamount) + amount(header.freightamount)),
  };
}

/** After a line changed: the order it belongs to gets new totals (and so a new version). */
export function recalculateOrderOf(scope: RequestScope, line: Row): void {
  const order = line.salesorderid;
  if (!isEntityRef(order)) return;
  const header = scope.env.store.get('salesorder', order.id);
  if (header) scope.env.store.update('salesorder', order.id, orderTotals(scope, order.id, header));
}

function amount(value: Value | undefined): number {
  return typeof value === 'number' ? value : 0;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
