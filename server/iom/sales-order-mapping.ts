/**
 * BigCommerce order → Dataverse `salesorder` deep insert (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/create-entity-web-api): the one pure mapping
 * that both the real send and the preview use. No I/O: references (account, price list, currency, unit,
 * warehouse) and the SKU → product map are resolved by the caller; what cannot be resolved becomes a
 * MappingProblem that names the setting or SKU to fix, and the draft is still built so a preview can show it.
 *
 * Money is exact (money.ts). The amounts are chosen so that IOM's own computed total (Dynamics 365 Sales
 * pricing, see scripts/sandbox/iom/dataverse/record-rules.ts) equals what the shopper paid:
 *   line:  priceperunit = price_ex_tax, manualdiscountamount = the line's applied_discounts, tax = total_tax
 *          → extendedamount = priceperunit × quantity − manualdiscountamount + tax
 *   order: discountamount = discount_amount + coupon_discount − what BigCommerce already spread onto the
 *          lines (coupons and promotions appear in both the order totals and the lines' applied_discounts;
 *          only the rest, such as an unspread manual discount, is an order-level discount);
 *          freightamount = shipping + handling + wrapping **including their tax**, because a Dataverse
 *          salesorder has no freight-tax column and computes totaltax from the lines only;
 *   totalamount = Σ extendedamount − discountamount + freightamount = BigCommerce total_inc_tax.
 * Line discounts and taxes are rounded to the currency precision as a whole and then allocated over the
 * lines (largest remainder), so rounding never loses a cent against BigCommerce's totals. A remaining
 * rounding difference of at most one cent per line (tax-inclusive prices with four-decimal ex-tax unit
 * prices) is taken by the line taxes; anything larger is an `invalid_order` problem instead of a wrong
 * total in IOM.
 * UNVERIFIED: the midpoint rounding Dataverse applies to money columns is not in the research; the
 * mapping and the simulator round half away from zero.
 */
import type {
  BigCommerceAddress,
  BigCommerceOrder,
  BigCommerceOrderLineItem,
  BigCommerceShippingConsignment,
} from '../bigcommerce/order-schema';
import type { InboundSettings } from '../relay/store-settings';
import {
  ZERO,
  add,
  allocate,
  formatMoney,
  mulQty,
  parseMoney,
  roundTo,
  sum,
  toDataverseNumber,
  type Money,
} from './money';

export interface MappingInput {
  storeHash: string;
  order: BigCommerceOrder;
  settings: InboundSettings;
  /** Resolved references (ids); null = not resolved (→ a problem naming the setting to fix). */
  refs: {
    accountId: string | null;
    priceListId: string | null;
    currencyId: string | null;
    unitId: string | null;
    warehouseId: string | null;
  };
  /** SKU → IOM product (merchant override already applied over auto-match by productnumber); absent = unmapped. */
  products: Record<string, { productId: string; unitId: string | null }>;
  /** Whether salesorder has the external order id column (discovered at run time); null = column absent. */
  externalOrderIdColumn: string | null;
  /** Decimal places of the order currency in IOM (transactioncurrency.currencyprecision); default 2. */
  currencyPrecision?: number;
}

export type MappingProblem =
  | { code: 'unmapped_sku'; sku: string; lineIds: number[]; message: string; fix: string }
  | {
      code: 'missing_reference';
      setting: 'defaultAccountId' | 'priceListId' | 'currency' | 'unitId';
      message: string;
      fix: string;
    }
  | { code: 'no_lines' | 'invalid_order'; message: string; fix: string };

export interface SalesOrderDraft {
  /** `bigcommerce_${storeHash}_${orderId}` (unique across stores sharing one IOM). */
  externalOrderId: string;
  /** The exact Dataverse deep-insert JSON (salesorder with order_details). */
  body: Record<string, unknown>;
  lineLinks: Array<{
    lineItemNumber: number;
    orderProductId: number;
    orderAddressId: number;
    sku: string;
    quantity: number;
  }>;
  totals: { bigcommerceTotalIncTax: string; expectedIomTotal: string };
}

/** The external order id of a BigCommerce order in IOM. */
export function externalOrderIdFor(storeHash: string, orderId: number): string {
  return `bigcommerce_${storeHash}_${orderId}`;
}

/** Column lengths of the CE address columns (salesorder and salesorderdetail share them). */
const ADDRESS_LIMITS = {
  name: 200,
  line1: 250,
  line2: 250,
  city: 80,
  stateorprovince: 50,
  postalcode: 20,
  country: 80,
  telephone: 50,
} as const;

function clip(value: string, max: number): string {
  const trimmed = value.trim();
  return trimmed.length > max ? trimmed.slice(0, max) : trimmed;
}

/** `prefix_*` columns of an address; empty values are left out. */
function addressColumns(prefix: 'billto' | 'shipto', address: BigCommerceAddress): Record<string, string> {
  const values: Record<keyof typeof ADDRESS_LIMITS, string> = {
    name: [address.first_name, address.last_name].filter((part) => part.trim()).join(' ') || address.company,
    line1: address.street_1,
    line2: address.street_2,
    city: address.city,
    stateorprovince: address.state,
    postalcode: address.zip,
    country: address.country_iso2 || address.country,
    telephone: address.phone,
  };
  const columns: Record<string, string> = {};
  for (const [key, value] of Object.entries(values) as Array<[keyof typeof ADDRESS_LIMITS, string]>) {
    const clipped = clip(value, ADDRESS_LIMITS[key]);
    if (clipped) columns[`${prefix}_${key}`] = clipped;
  }
  return columns;
}

/** Exact amounts rounded to `precision` with their rounded sum preserved (largest remainder). */
function roundPreservingSum(exact: readonly Money[], precision: number): Money[] {
  if (exact.some((value) => value < ZERO)) return exact.map((value) => roundTo(value, precision));
  return allocate(roundTo(sum(exact), precision), exact, precision);
}

/**
 * Line taxes adjusted by `residual` (what the order total misses against BigCommerce's) when it is only
 * rounding: at most one currency step per line, as when tax-inclusive prices give four-decimal ex-tax unit
 * prices (12.99 incl. 20% VAT = 10.8250 + 2.1650, which round to 10.83 + 2.17). The tax then takes the
 * cent, as a tax-inclusive price would have it (2.16). Anything larger is left for `invalid_order`.
 */
function absorbRounding(
  taxes: Money[],
  exact: readonly Money[],
  residual: Money,
  precision: number,
): Money[] {
  const step = 10n ** BigInt(4 - precision);
  const magnitude = residual < ZERO ? -residual : residual;
  if (residual === ZERO || magnitude > step * BigInt(taxes.length)) return taxes;
  const total = sum(taxes) + residual;
  if (total < ZERO || exact.some((value) => value < ZERO) || sum(exact) === ZERO) return taxes;
  return allocate(total, exact, precision);
}

interface SourceLine {
  item: BigCommerceOrderLineItem;
  consignment: BigCommerceShippingConsignment;
}

const bind = (set: string, id: string) => `/${set}(${id})`;

export function mapSalesOrder(input: MappingInput): { draft: SalesOrderDraft; problems: MappingProblem[] } {
  const { order, settings, refs, products } = input;
  const precision = input.currencyPrecision ?? 2;
  const problems: MappingProblem[] = [];
  const externalOrderId = externalOrderIdFor(input.storeHash, order.id);
  const consignments = order.consignments.shipping;

  // Lines: every shipping consignment's line items with something to ship.
  const sources: SourceLine[] = consignments.flatMap((consignment) =>
    consignment.line_items.filter((item) => item.quantity > 0).map((item) => ({ item, consignment })),
  );
  if (sources.length === 0) {
    problems.push({
      code: 'no_lines',
      message: `BigCommerce order ${order.id} has no physical items to ship (pickup, digital and gift certificate items are not sent to IOM).`,
      fix: 'Nothing to do in the app: fulfil this order in BigCommerce.',
    });
  }

  const header = missingHeaderReferences(input);
  problems.push(...header);

  const exactDiscounts = sources.map(({ item }) =>
    sum(item.applied_discounts.map((d) => parseMoney(d.amount, `line ${item.id} applied_discounts.amount`))),
  );
  const exactTaxes = sources.map(({ item }) => parseMoney(item.total_tax, `line ${item.id} total_tax`));
  const discounts = roundPreservingSum(exactDiscounts, precision);
  const prices = sources.map(({ item }) => parseMoney(item.price_ex_tax, `line ${item.id} price_ex_tax`));
  const bases = sources.map(({ item }, i) => roundTo(mulQty(prices[i] ?? ZERO, item.quantity), precision));
  const freight = roundTo(
    add(
      parseMoney(order.shipping_cost_inc_tax, 'shipping_cost_inc_tax'),
      parseMoney(order.handling_cost_inc_tax, 'handling_cost_inc_tax'),
      parseMoney(order.wrapping_cost_inc_tax, 'wrapping_cost_inc_tax'),
    ),
    precision,
  );
  const orderDiscountTotal = add(
    parseMoney(order.discount_amount, 'discount_amount'),
    parseMoney(order.coupon_discount, 'coupon_discount'),
  );
  const unspread = orderDiscountTotal - sum(exactDiscounts);
  const orderDiscount = unspread > ZERO ? roundTo(unspread, precision) : ZERO;
  const bigcommerceTotal = parseMoney(order.total_inc_tax, 'total_inc_tax');
  const target = roundTo(bigcommerceTotal, precision);
  const totalOf = (lineTaxes: readonly Money[]) =>
    sum(bases) - sum(discounts) + sum(lineTaxes) - orderDiscount + freight;
  const taxes = absorbRounding(
    roundPreservingSum(exactTaxes, precision),
    exactTaxes,
    target - totalOf(roundPreservingSum(exactTaxes, precision)),
    precision,
  );
  const expected = totalOf(taxes);

  const unmapped = new Map<string, number[]>();
  let unitProblem = false;
  const multipleAddresses =
    consignments.filter((c) => c.line_items.some((item) => item.quantity > 0)).length > 1;
  const lines: Array<Record<string, unknown>> = [];
  const lineLinks: SalesOrderDraft['lineLinks'] = [];

  sources.forEach(({ item, consignment }, index) => {
    const lineItemNumber = index + 1;
    const price = prices[index] ?? ZERO;
    const discount = discounts[index] ?? ZERO;
    const tax = taxes[index] ?? ZERO;

    const line: Record<string, unknown> = {};
    const product = products[item.sku];
    if (product) {
      line['productid@odata.bind'] = bind('products', product.productId);
      const unitId = product.unitId ?? refs.unitId;
      if (unitId) line['uomid@odata.bind'] = bind('uoms', unitId);
      else unitProblem = true;
    } else {
      if (settings.unmappedSkuPolicy === 'park') {
        unmapped.set(item.sku, [...(unmapped.get(item.sku) ?? []), item.id]);
      }
      // Parked orders are not sent; the preview still shows the line as it would go as a write-in.
      line.isproductoverridden = true;
      line.productdescription = clip(
        item.sku ? `${item.sku} ${item.name}` : item.name || 'Unnamed item',
        500,
      );
    }
    Object.assign(line, {
      quantity: item.quantity,
      ispriceoverridden: true,
      priceperunit: toDataverseNumber(price),
      manualdiscountamount: toDataverseNumber(discount),
      tax: toDataverseNumber(tax),
      lineitemnumber: lineItemNumber,
    });
    if (multipleAddresses) Object.assign(line, addressColumns('shipto', consignment));
    // UNVERIFIED against a real IOM: custom lookups' navigation properties are usually named by their
    // SchemaName (msdyn_ShippingWarehouse); the simulator names it like the column. Check $metadata.
    if (refs.warehouseId)
      line['msdyn_shippingwarehouse@odata.bind'] = bind('msdyn_warehouses', refs.warehouseId);
    lines.push(line);
    lineLinks.push({
      lineItemNumber,
      orderProductId: item.id,
      orderAddressId: item.order_address_id,
      sku: item.sku,
      quantity: item.quantity,
    });
  });

  if (unitProblem) {
    problems.push({
      code: 'missing_reference',
      setting: 'unitId',
      message: 'Some mapped products have no default unit in IOM, and no default unit is set.',
      fix: 'Choose the default IOM unit (for example "Each") in Settings, or give those products a default unit in IOM.',
    });
  }
  for (const [sku, lineIds] of unmapped) {
    problems.push({
      code: 'unmapped_sku',
      sku,
      lineIds,
      message: sku
        ? `SKU ${sku} has no IOM product (order product ${lineIds.join(', ')}).`
        : `An item without a SKU has no IOM product (order product ${lineIds.join(', ')}).`,
      fix: sku
        ? `Map SKU ${sku} to an IOM product (or create a product with product number ${sku} in IOM), or set unmapped SKUs to be sent as write-in lines in Settings.`
        : 'Give the product a SKU in BigCommerce and map it, or set unmapped SKUs to be sent as write-in lines in Settings.',
    });
  }

  if (expected !== target && sources.length > 0) {
    problems.push({
      code: 'invalid_order',
      message: `The order's amounts do not add up in IOM: its lines, discounts and shipping make ${formatMoney(expected, precision)} ${order.currency_code}, but BigCommerce charged ${formatMoney(bigcommerceTotal, precision)}.`,
      fix: `Check the discounts and taxes of order ${order.id} in BigCommerce; if they look right, report the order to support so the mapping can handle it.`,
    });
  }

  const body: Record<string, unknown> = { name: clip(`BigCommerce #${order.id}`, 300) };
  if (input.externalOrderIdColumn) body[input.externalOrderIdColumn] = externalOrderId;
  if (refs.accountId) body['customerid_account@odata.bind'] = bind('accounts', refs.accountId);
  if (refs.priceListId) body['pricelevelid@odata.bind'] = bind('pricelevels', refs.priceListId);
  if (refs.currencyId)
    body['transactioncurrencyid@odata.bind'] = bind('transactioncurrencies', refs.currencyId);
  const email = clip(order.billing_address.email, 100);
  if (email) body.emailaddress = email;
  Object.assign(body, addressColumns('billto', order.billing_address));
  const firstShipTo = consignments[0];
  if (firstShipTo) Object.assign(body, addressColumns('shipto', firstShipTo));
  const message = clip(order.customer_message, 2000);
  if (message) body.description = message;
  Object.assign(body, {
    freightamount: toDataverseNumber(freight),
    discountamount: toDataverseNumber(orderDiscount),
    // What IOM computes from the lines anyway; sent so the preview shows it.
    totaltax: toDataverseNumber(roundTo(sum(taxes), precision)),
    // The prices are BigCommerce's: IOM must not re-price the order from its price list.
    ispricelocked: true,
    order_details: lines,
  });

  return {
    draft: {
      externalOrderId,
      body,
      lineLinks,
      totals: {
        bigcommerceTotalIncTax: formatMoney(bigcommerceTotal, precision),
        expectedIomTotal: formatMoney(expected, precision),
      },
    },
    problems,
  };
}

/** The header references that are not resolved, each naming the setting that fixes it. */
function missingHeaderReferences({ order, settings, refs }: MappingInput): MappingProblem[] {
  const problems: MappingProblem[] = [];
  if (!refs.accountId) {
    problems.push({
      code: 'missing_reference',
      setting: 'defaultAccountId',
      message:
        settings.accountStrategy === 'per-customer'
          ? `BigCommerce customer ${order.customer_id} has no IOM account, and no default account is set.`
          : 'No IOM account is set for the orders.',
      fix: 'Choose the default IOM account (the customer the orders are booked to) in Settings.',
    });
  }
  if (!refs.priceListId) {
    problems.push({
      code: 'missing_reference',
      setting: 'priceListId',
      message: 'No IOM price list is set for the orders.',
      fix: `Choose an IOM price list in ${order.currency_code} in Settings.`,
    });
  }
  if (!refs.currencyId) {
    problems.push({
      code: 'missing_reference',
      setting: 'currency',
      message: `IOM has no active currency ${order.currency_code}, the currency of BigCommerce order ${order.id}.`,
      fix: `Add (or activate) the currency ${order.currency_code} in IOM, then send the order again.`,
    });
  }
  return problems;
}
