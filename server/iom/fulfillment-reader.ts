/**
 * Reads what IOM did to one sales order — its state, fulfillment orders and lines, shipments
 * (tracking records) with their lines, and returns — by the table and column names discovered for the
 * environment (fulfillment-profile.ts), into the plain picture the outbound plan decides on.
 *
 * Reads per order: the sales order, its lines (only when a line id is not known yet), fulfillment
 * orders, their lines, shipments, their lines, returns and their lines; every child read is one
 * request for all parents (`_parent_value eq a or … eq b`), and reads with nothing to ask are skipped.
 */
import type { IomOrderPicture } from '../relay/outbound-plan';
import type { DataverseClient } from './dataverse-client';
import type { FulfillmentProfile } from './fulfillment-profile';

type Row = Record<string, unknown>;

/** The Web API property of a lookup column. */
export function lookupProperty(column: string): string {
  return `_${column}_value`;
}

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';

/** At most this many parents per `or` filter (Dataverse URLs have a length limit). */
const PARENTS_PER_READ = 40;

export async function readIomOrderPicture(
  client: DataverseClient,
  profile: FulfillmentProfile,
  salesOrderId: string,
  knownLineNumbers: Readonly<Record<string, number>>,
): Promise<IomOrderPicture> {
  const read = (label: string, collection: string, select: Array<string | null>, filter: string) =>
    readAll(
      client,
      label,
      collection,
      select.filter((c): c is string => c !== null),
      filter,
    );
  const fo = profile.fulfillmentOrder;
  const ro = profile.returnOrder;
  const rl = profile.returnLine;
  // The three reads that need only the sales order id run together.
  const [order, fulfillmentOrders, returns] = await Promise.all([
    client.call(
      'read the sales order',
      (api) =>
        api.retrieve<Row>({
          collection: 'salesorders',
          key: salesOrderId,
          select: [
            'statecode',
            'statuscode',
            profile.salesOrder.state,
            profile.salesOrder.stateReason,
          ].filter((c): c is string => c !== null),
        }),
      { idempotent: true },
    ),
    read(
      'read the fulfillment orders',
      fo.entitySet,
      [fo.id, fo.name, fo.state],
      `${lookupProperty(fo.salesOrder)} eq ${salesOrderId}`,
    ),
    ro
      ? read(
          'read the returns',
          ro.entitySet,
          [ro.id, ro.name],
          `${lookupProperty(ro.salesOrder)} eq ${salesOrderId}`,
        )
      : Promise.resolve([] as Row[]),
  ]);
  const foIds = fulfillmentOrders.map((row) => text(row[fo.id]));

  const fl = profile.fulfillmentLine;
  const tr = profile.tracking;
  const [foLines, trackings] = await Promise.all([
    readChildren(
      foIds,
      (filter) =>
        read(
          'read the fulfillment order lines',
          fl.entitySet,
          [
            fl.id,
            lookupProperty(fl.fulfillmentOrder),
            fl.salesOrderLine && lookupProperty(fl.salesOrderLine),
            fl.quantity,
            fl.shipped,
            fl.cancelled,
          ],
          filter,
        ),
      lookupProperty(fl.fulfillmentOrder),
    ),
    readChildren(
      foIds,
      (filter) =>
        read(
          'read the shipments',
          tr.entitySet,
          [
            tr.id,
            tr.name,
            lookupProperty(tr.fulfillmentOrder),
            tr.trackingNumber,
            tr.carrierName,
            tr.carrier && lookupProperty(tr.carrier),
            tr.carrierService,
            tr.shipDate,
          ],
          filter,
        ),
      lookupProperty(tr.fulfillmentOrder),
    ),
  ]);
  const tl = profile.trackingLine;
  const trackingLines = await readChildren(
    trackings.map((row) => text(row[tr.id])),
    (filter) =>
      read(
        'read the shipment lines',
        tl.entitySet,
        [
          tl.id,
          lookupProperty(tl.tracking),
          tl.fulfillmentLine && lookupProperty(tl.fulfillmentLine),
          tl.salesOrderLine && lookupProperty(tl.salesOrderLine),
          tl.quantity,
        ],
        filter,
      ),
    lookupProperty(tl.tracking),
  );

  const returnLines =
    ro && rl
      ? await readChildren(
          returns.map((row) => text(row[ro.id])),
          (filter) =>
            read(
              'read the return lines',
              rl.entitySet,
              [rl.id, lookupProperty(rl.returnOrder), lookupProperty(rl.salesOrderLine), rl.quantity],
              filter,
            ),
          lookupProperty(rl.returnOrder),
        )
      : [];

  // Which sales order line each fulfillment line (and so each shipment line) belongs to.
  const foLineToOrderLine = new Map<string, string | null>();
  for (const row of foLines) {
    foLineToOrderLine.set(
      text(row[fl.id]),
      fl.salesOrderLine ? idOf(row[lookupProperty(fl.salesOrderLine)]) : null,
    );
  }
  const orderLineOf = (row: Row): string | null => {
    const direct = tl.salesOrderLine ? idOf(row[lookupProperty(tl.salesOrderLine)]) : null;
    if (direct) return direct;
    const viaFulfillmentLine = tl.fulfillmentLine ? idOf(row[lookupProperty(tl.fulfillmentLine)]) : null;
    return viaFulfillmentLine ? (foLineToOrderLine.get(viaFulfillmentLine) ?? null) : null;
  };

  const referenced = [
    ...trackingLines.map(orderLineOf),
    ...returnLines.map((row) => (rl ? idOf(row[lookupProperty(rl.salesOrderLine)]) : null)),
  ].filter((id): id is string => id !== null);
  const lineNumbers = referenced.every((id) => knownLineNumbers[id] !== undefined)
    ? { ...knownLineNumbers }
    : await readLineNumbers(client, salesOrderId);

  return {
    salesOrder: {
      statecode: typeof order.statecode === 'number' ? order.statecode : null,
      state: profile.salesOrder.state ? nullableText(order[profile.salesOrder.state]) : null,
      stateReason: profile.salesOrder.stateReason
        ? nullableText(order[profile.salesOrder.stateReason])
        : null,
    },
    lineNumbers,
    fulfillmentOrders: fulfillmentOrders.map((row) => {
      const id = text(row[fo.id]);
      return {
        id,
        name: nullableText(row[fo.name]) ?? id,
        state: fo.state ? nullableText(row[fo.state]) : null,
        lines: foLines
          .filter((line) => idOf(line[lookupProperty(fl.fulfillmentOrder)]) === id)
          .map((line) => ({
            id: text(line[fl.id]),
            salesOrderLineId: foLineToOrderLine.get(text(line[fl.id])) ?? null,
            quantity: fl.quantity ? amount(line[fl.quantity]) : 0,
            shipped: fl.shipped ? amount(line[fl.shipped]) : 0,
            cancelled: fl.cancelled ? amount(line[fl.cancelled]) : 0,
          })),
      };
    }),
    shipments: trackings.map((row) => {
      const id = text(row[tr.id]);
      const carrierName =
        (tr.carrierName ? nullableText(row[tr.carrierName]) : null) ??
        (tr.carrier ? nullableText(row[`${lookupProperty(tr.carrier)}${FORMATTED}`]) : null);
      return {
        id,
        name: nullableText(row[tr.name]) ?? id,
        trackingNumber: nullableText(row[tr.trackingNumber]) ?? '',
        carrierName,
        carrierService: tr.carrierService ? nullableText(row[tr.carrierService]) : null,
        shipDate: tr.shipDate ? nullableText(row[tr.shipDate]) : null,
        lines: trackingLines
          .filter((line) => idOf(line[lookupProperty(tl.tracking)]) === id)
          .map((line) => ({ salesOrderLineId: orderLineOf(line), quantity: amount(line[tl.quantity]) })),
      };
    }),
    returns:
      ro && rl
        ? returns.map((row) => {
            const id = text(row[ro.id]);
            return {
              id,
              name: nullableText(row[ro.name]) ?? id,
              lines: returnLines
                .filter((line) => idOf(line[lookupProperty(rl.returnOrder)]) === id)
                .map((line) => ({
                  salesOrderLineId: idOf(line[lookupProperty(rl.salesOrderLine)]),
                  quantity: amount(line[rl.quantity]),
                })),
            };
          })
        : [],
  };
}

/** The sales order's lines: id → `lineitemnumber` (salesorderdetail is a documented CE table). */
async function readLineNumbers(
  client: DataverseClient,
  salesOrderId: string,
): Promise<Record<string, number>> {
  const rows = await readAll(
    client,
    'read the sales order lines',
    'salesorderdetails',
    ['salesorderdetailid', 'lineitemnumber'],
    `_salesorderid_value eq ${salesOrderId}`,
  );
  const numbers: Record<string, number> = {};
  for (const row of rows) {
    if (typeof row.lineitemnumber === 'number')
      numbers[text(row.salesorderdetailid).toLowerCase()] = row.lineitemnumber;
  }
  return numbers;
}

async function readChildren(
  parentIds: readonly string[],
  read: (filter: string) => Promise<Row[]>,
  parentProperty: string,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (let i = 0; i < parentIds.length; i += PARENTS_PER_READ) {
    const chunk = parentIds.slice(i, i + PARENTS_PER_READ);
    rows.push(...(await read(chunk.map((id) => `${parentProperty} eq ${id}`).join(' or '))));
  }
  return rows;
}

async function readAll(
  client: DataverseClient,
  label: string,
  collection: string,
  select: string[],
  filter: string,
): Promise<Row[]> {
  const rows: Row[] = [];
  let next: string | undefined;
  for (let page = 0; page < 50; page++) {
    const response = await client.call(
      label,
      (api) =>
        api.retrieveMultiple<Row>(
          { collection, select, filter, includeAnnotations: 'OData.Community.Display.V1.FormattedValue' },
          next,
        ),
      { idempotent: true },
    );
    rows.push(...response.value);
    next = response.oDataNextLink;
    if (!next) break;
  }
  return rows;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.toLowerCase() : String(value);
}

/** A GUID-valued column or lookup, lower-cased (GUIDs compare case-insensitively). */
function idOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.toLowerCase() : null;
}

function nullableText(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function amount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : Number(value) || 0;
}
