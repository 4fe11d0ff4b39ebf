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
import type { EntityDef } from './schema';
import {
  SCALE,
  ZERO,
  parseMoney,
  roundTo,
  toDataverseNumber,
  type Money,
} from '../../../../server/iom/money';

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
    Object.assign(values, { totallineitemamount: 0, totalamountlessfreight: 0, totaltax: 0, totalamount: 0 });
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
    const clash = scope.env.store.findByValues(def.logicalName, keyValues, id);
    if (clash) {
      throw new DataverseError(
        412,
        ErrorCode.DuplicateRecordEntityKey,
        `A record that has the attribute values ${key.attributes.join(', ')} already exists. The entity key ${key.logicalName} requires that this set of attributes contains unique values. Select unique values and try again.`,
      );
    }
  }
}

/**
 * Price, amounts and name of an order line from its quantity, product and overrides, as Dynamics 365
 * Sales prices a line: baseamount = priceperunit × quantity; extendedamount = baseamount −
 * manualdiscountamount + tax. Sources: the CE salesorderdetail column descriptions (extendedamount "based
 * on the sum of the unit price, quantity, discounts, and tax"). Amounts are exact decimals
 * (server/iom/money.ts), rounded to the order currency's precision like money columns are.
 * sandbox assumption: volume discounts (price list discount lists) are not simulated, so
 * volumediscountamount is always 0 and not a column here.
 */
export function linePricing(
  scope: RequestScope,
  values: Readonly<Record<string, Value>>,
): Record<string, Value> {
  const product = isEntityRef(values.productid)
    ? scope.env.store.get('product', values.productid.id)
    : undefined;
  const overridden = values.ispriceoverridden === true || values.isproductoverridden === true;
  const price = overridden ? amount(values.priceperunit) : amount(product?.price ?? null);
  const precision = currencyPrecision(
    scope,
    isEntityRef(values.salesorderid) ? scope.env.store.get('salesorder', values.salesorderid.id) : undefined,
  );
  const base = roundTo(times(price, amount(values.quantity)), precision);
  const extended = roundTo(base - amount(values.manualdiscountamount) + amount(values.tax), precision);
  const name = values.isproductoverridden === true ? values.productdescription : (product?.name ?? null);
  return {
    priceperunit: toDataverseNumber(price),
    baseamount: toDataverseNumber(base),
    extendedamount: toDataverseNumber(extended),
    salesorderdetailname: typeof name === 'string' ? name : null,
  };
}

/**
 * The order's totals from its lines and its own freight and discount, as Dynamics 365 Sales computes
 * them:
 *   totallineitemamount    = Σ lines (baseamount − manualdiscountamount)   (the "Detail Amount", before tax)
 *   totalamountlessfreight = totallineitemamount − discountamount
 *   totaltax               = Σ lines tax
 *   totalamount            = totalamountlessfreight + freightamount + totaltax
 * so totalamount = Σ extendedamount − discountamount + freightamount. Source: the CE salesorder column
 * descriptions (totaltax is "the total of the Tax amounts specified on all products included in the
 * order, included in the Total Amount field calculation"; totalamountlessfreight "is added to freight and
 * tax amounts in the calculation for the total amount"). The exact formula is not documented
 * by Microsoft; this is the reading of those descriptions, kept consistent here.
 * sandbox assumption: a totaltax sent in the body is replaced by the lines' sum (system-calculated
 * pricing); freight carries no tax of its own (CE's salesorder has no freight tax column).
 */
export function orderTotals(
  scope: RequestScope,
  orderId: string,
  header: Readonly<Record<string, Value>>,
): Record<string, Value> {
  const precision = currencyPrecision(scope, header);
  const lines = scope.env.store.children('salesorderdetail', 'salesorderid', orderId);
  const detail = lines.reduce((sum, line) => sum + amount(line.extendedamount) - amount(line.tax), ZERO);
  const tax = lines.reduce((sum, line) => sum + amount(line.tax), ZERO);
  const lessFreight = roundTo(detail - amount(header.discountamount), precision);
  return {
    totallineitemamount: toDataverseNumber(roundTo(detail, precision)),
    totalamountlessfreight: toDataverseNumber(lessFreight),
    totaltax: toDataverseNumber(roundTo(tax, precision)),
    totalamount: toDataverseNumber(roundTo(lessFreight + amount(header.freightamount) + tax, precision)),
  };
}

/** After a line changed: the order it belongs to gets new totals (and so a new version). */
export function recalculateOrderOf(scope: RequestScope, line: Row): void {
  const order = line.salesorderid;
  if (!isEntityRef(order)) return;
  const header = scope.env.store.get('salesorder', order.id);
  if (header) scope.env.store.update('salesorder', order.id, orderTotals(scope, order.id, header));
}

/** A money or decimal column as an exact amount (0 when empty). */
function amount(value: Value | undefined): Money {
  return typeof value === 'number' ? parseMoney(value) : ZERO;
}

/** price × quantity for a decimal quantity, exact to 1/10000 (half away from zero). */
function times(price: Money, quantity: Money): Money {
  const product = price * quantity;
  const half = SCALE / 2n;
  return product >= 0n ? (product + half) / SCALE : -((-product + half) / SCALE);
}

/** The decimal places of the order's currency (its currencyprecision); 2 when unknown. */
function currencyPrecision(scope: RequestScope, order: Readonly<Record<string, Value>> | undefined): number {
  const currency = order?.transactioncurrencyid;
  const row = isEntityRef(currency) ? scope.env.store.get('transactioncurrency', currency.id) : undefined;
  const precision = row?.currencyprecision;
  return typeof precision === 'number' && Number.isInteger(precision) && precision >= 0 && precision <= 4
    ? precision
    : 2;
}
