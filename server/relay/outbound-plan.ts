/**
 * The outbound relay's decision, as a pure function: given what IOM did to a sales order (its
 * picture), what the BigCommerce order looks like now (status, lines shipped, its shipments) and what
 * this relay already did (the outbound record), which BigCommerce writes bring the order up to date.
 *
 * Level-triggered: the plan depends only on the current states, never on which event triggered it, so
 * a repeated, late or duplicated trigger plans nothing new, and a restart after a crash resumes.
 */
import { createHash } from 'node:crypto';
import type { LineLink, OutboundRecord, OutboundSummary } from '../storage/types';
import type { OutboundSettings } from './outbound-settings';

/** What IOM did to one sales order (read by server/iom/fulfillment-reader.ts). */
export interface IomOrderPicture {
  salesOrder: { statecode: number | null; state: string | null; stateReason: string | null };
  /** IOM sales order line id → its `lineitemnumber` (the BigCommerce line it came from, via the line links). */
  lineNumbers: Record<string, number>;
  fulfillmentOrders: Array<{
    id: string;
    name: string;
    state: string | null;
    lines: Array<{
      id: string;
      salesOrderLineId: string | null;
      quantity: number;
      shipped: number;
      cancelled: number;
    }>;
  }>;
  shipments: Array<{
    id: string;
    name: string;
    trackingNumber: string;
    carrierName: string | null;
    carrierService: string | null;
    shipDate: string | null;
    lines: Array<{ salesOrderLineId: string | null; quantity: number }>;
  }>;
  returns: Array<{
    id: string;
    name: string;
    lines: Array<{ salesOrderLineId: string | null; quantity: number }>;
  }>;
}

/** The BigCommerce order as read before planning. */
export interface BigCommerceOrderState {
  statusId: number;
  /** By order product id. */
  lines: Record<number, { orderAddressId: number; quantity: number; shipped: number; sku: string }>;
  /** Shipments already on the order (ours and any made by hand). */
  shipments: Array<{
    id: number;
    comments: string;
    items: Array<{ orderProductId: number; quantity: number }>;
  }>;
}

export interface CarrierChoice {
  trackingCarrier: string;
  shippingProvider: string;
}

export interface PlannedShipment {
  iomShipmentId: string;
  /** Shipments found on the order that carry this IOM shipment's reference (a write whose record was lost). */
  adopted: number[];
  /** What to create: one per shipping address, possibly none (all shipped by hand already). */
  create: Array<{
    orderAddressId: number;
    items: Array<{ orderProductId: number; quantity: number }>;
  }>;
  trackingNumber: string;
  carrierName: string | null;
  carrier: CarrierChoice;
  shippingMethod: string | null;
  comments: string;
}

export type OutboundProblem =
  | { code: 'unmapped_carrier'; carrier: string; iomShipmentId: string }
  | { code: 'unmatched_line'; iomShipmentId: string; salesOrderLineId: string | null };

export interface OutboundPlan {
  /** The order's status is locked: nothing is written. */
  locked: boolean;
  shipments: PlannedShipment[];
  /** The status to set after the shipments, or null for none. */
  status: number | null;
  cancel: OutboundRecord['cancel'];
  /** Returns not yet applied, with the BigCommerce lines they take back. */
  returns: Array<{
    iomReturnId: string;
    name: string;
    lines: Array<{ orderProductId: number; quantity: number }>;
  }>;
  problems: OutboundProblem[];
  summary: OutboundSummary;
}

/** The reference a shipment's comment carries, so a lost record is recovered from BigCommerce itself. */
export function shipmentReference(iomShipmentId: string): string {
  return `ref ${iomShipmentId}`;
}

const CANCEL_REQUESTED = /cancel.*request|request.*cancel/i;

export function cancelState(picture: IomOrderPicture): OutboundRecord['cancel'] {
  const { statecode, state, stateReason } = picture.salesOrder;
  if (statecode === 2 || /^cancel/i.test(state ?? '')) return 'confirmed';
  if (CANCEL_REQUESTED.test(stateReason ?? '') || CANCEL_REQUESTED.test(state ?? '')) return 'requested';
  return 'none';
}

/**
 * A digest of what in IOM's picture can call for a BigCommerce write (its shipments, returns, the
 * cancellation and cancelled quantities), or null when nothing can (a new sales order, a fulfillment
 * order not shipped yet). The task reads BigCommerce only when it changed since the last look, so
 * IOM's other changes (our own sales order creation among them) cost no BigCommerce request.
 */
export function pictureFingerprint(picture: IomOrderPicture): string | null {
  const cancelled = picture.fulfillmentOrders
    .flatMap((fo) => fo.lines.filter((l) => l.cancelled > 0).map((l) => `${l.id}:${l.cancelled}`))
    .sort();
  const cancel = cancelState(picture);
  if (
    picture.shipments.length === 0 &&
    picture.returns.length === 0 &&
    cancel === 'none' &&
    cancelled.length === 0
  )
    return null;
  const facts = {
    shipments: picture.shipments
      .map((s) => `${s.id}:${s.lines.map((l) => `${l.salesOrderLineId}=${l.quantity}`).join(',')}`)
      .sort(),
    returns: picture.returns.map((r) => r.id).sort(),
    cancel,
    cancelled,
  };
  return createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 32);
}

export function planOutbound(input: {
  picture: IomOrderPicture;
  order: BigCommerceOrderState;
  record: OutboundRecord;
  lineLinks: readonly LineLink[];
  settings: OutboundSettings;
  resolveCarrier: (iomCarrierName: string) => CarrierChoice | null;
}): OutboundPlan {
  const { picture, order, record, settings } = input;
  const lineOf = lineResolver(picture, input.lineLinks);
  const summary = summarize(picture, lineOf);
  const cancel = cancelState(picture);
  const plan: OutboundPlan = {
    locked: false,
    shipments: [],
    status: null,
    cancel,
    returns: [],
    problems: [],
    summary,
  };
  if (settings.lockedStatuses.includes(order.statusId)) return { ...plan, locked: true };

  // Quantities BigCommerce can still ship, per order product, as the planned shipments use them up.
  const open = new Map<number, number>();
  for (const [id, line] of Object.entries(order.lines))
    open.set(Number(id), Math.max(0, line.quantity - line.shipped));

  for (const shipment of [...picture.shipments].sort(byShipDate)) {
    if (record.shipments[shipment.id]) continue;
    // Shipments already on the order that carry this IOM shipment's reference (an earlier attempt
    // created them, its record was lost): they are linked, and only what they do not cover is created.
    const adoptedShipments = order.shipments.filter((s) =>
      s.comments.includes(shipmentReference(shipment.id)),
    );
    const adopted = adoptedShipments.map((s) => s.id);
    const covered = new Map<number, number>();
    for (const item of adoptedShipments.flatMap((s) => s.items))
      covered.set(item.orderProductId, (covered.get(item.orderProductId) ?? 0) + item.quantity);
    const carrierName = shipment.carrierName?.trim() || null;
    const carrier =
      carrierName === null
        ? { trackingCarrier: '', shippingProvider: '' }
        : input.resolveCarrier(carrierName);
    if (carrier === null) {
      plan.problems.push({ code: 'unmapped_carrier', carrier: carrierName!, iomShipmentId: shipment.id });
      continue;
    }
    const byAddress = new Map<number, Map<number, number>>();
    const taken = new Map<number, number>();
    let unmatched = false;
    {
      for (const line of shipment.lines) {
        const bcLine = lineOf(line.salesOrderLineId);
        const bc = bcLine === null ? undefined : order.lines[bcLine.orderProductId];
        if (bcLine === null || bc === undefined) {
          unmatched = true;
          plan.problems.push({
            code: 'unmatched_line',
            iomShipmentId: shipment.id,
            salesOrderLineId: line.salesOrderLineId,
          });
          continue;
        }
        const id = bcLine.orderProductId;
        const alreadyCovered = Math.min(line.quantity, covered.get(id) ?? 0);
        covered.set(id, (covered.get(id) ?? 0) - alreadyCovered);
        const quantity = Math.min(line.quantity - alreadyCovered, (open.get(id) ?? 0) - (taken.get(id) ?? 0));
        if (quantity <= 0) continue; // shipped in BigCommerce already (by hand): never twice
        taken.set(id, (taken.get(id) ?? 0) + quantity);
        const items = byAddress.get(bc.orderAddressId) ?? new Map<number, number>();
        items.set(id, (items.get(id) ?? 0) + quantity);
        byAddress.set(bc.orderAddressId, items);
      }
    }
    if (unmatched) continue;
    for (const [id, quantity] of taken) open.set(id, (open.get(id) ?? 0) - quantity);
    plan.shipments.push({
      iomShipmentId: shipment.id,
      adopted,
      create: [...byAddress.entries()].map(([orderAddressId, items]) => ({
        orderAddressId,
        items: [...items.entries()].map(([orderProductId, quantity]) => ({ orderProductId, quantity })),
      })),
      trackingNumber: shipment.trackingNumber,
      carrierName,
      carrier,
      shippingMethod: shipment.carrierService,
      comments: `Shipped by IOM (${shipment.name}, ${shipmentReference(shipment.id)})`,
    });
  }

  for (const ret of picture.returns) {
    if (record.returns[ret.id]) continue;
    const lines = ret.lines.flatMap((line) => {
      const bcLine = lineOf(line.salesOrderLineId);
      return bcLine === null ? [] : [{ orderProductId: bcLine.orderProductId, quantity: line.quantity }];
    });
    plan.returns.push({ iomReturnId: ret.id, name: ret.name, lines });
  }

  plan.status = desiredStatus(picture, order, open, cancel, settings);
  if (plan.status === order.statusId) plan.status = null;
  return plan;
}

/** The BigCommerce status IOM's picture calls for once the planned shipments exist; null: no opinion. */
function desiredStatus(
  picture: IomOrderPicture,
  order: BigCommerceOrderState,
  openAfterPlan: Map<number, number>,
  cancel: OutboundRecord['cancel'],
  settings: OutboundSettings,
): number | null {
  const map = settings.statusMap;
  const ordered = sum(Object.values(order.lines).map((l) => l.quantity));
  const stillOpen = sum([...openAfterPlan.values()]);
  const shipped = ordered - stillOpen;
  const returned = sum(picture.returns.flatMap((r) => r.lines.map((l) => l.quantity)));
  const cancelledInIom = sum(picture.fulfillmentOrders.flatMap((fo) => fo.lines.map((l) => l.cancelled)));
  if (returned > 0) return returned >= shipped ? map.returned : map.partiallyReturned;
  if (cancel === 'confirmed' && shipped === 0) return map.cancelled;
  if (shipped > 0) {
    // Everything that will ever ship has shipped: the rest is cancelled in IOM, or the order is done there.
    const done = stillOpen === 0 || stillOpen <= cancelledInIom || cancel === 'confirmed';
    return done ? map.shipped : map.partiallyShipped;
  }
  if (cancel === 'requested') return map.cancelRequested;
  return null;
}

/** IOM sales order line id → the BigCommerce line it came from (via `lineitemnumber`). */
function lineResolver(
  picture: IomOrderPicture,
  lineLinks: readonly LineLink[],
): (salesOrderLineId: string | null) => LineLink | null {
  const byNumber = new Map(lineLinks.map((link) => [link.lineItemNumber, link]));
  return (id) => {
    if (id === null) return null;
    const number = picture.lineNumbers[id.toLowerCase()];
    return number === undefined ? null : (byNumber.get(number) ?? null);
  };
}

/** What the IOM side of the order looks like, for the order page. */
export function summarizePicture(picture: IomOrderPicture, lineLinks: readonly LineLink[]): OutboundSummary {
  return summarize(picture, lineResolver(picture, lineLinks));
}

function summarize(
  picture: IomOrderPicture,
  lineOf: (id: string | null) => LineLink | null,
): OutboundSummary {
  const lines = (items: Array<{ salesOrderLineId: string | null; quantity: number }>) =>
    items.map((l) => ({
      orderProductId: lineOf(l.salesOrderLineId)?.orderProductId ?? null,
      quantity: l.quantity,
    }));
  return {
    iomState: picture.salesOrder.state,
    fulfillmentOrders: picture.fulfillmentOrders.map((fo) => ({ id: fo.id, name: fo.name, state: fo.state })),
    shipments: picture.shipments.map((s) => ({
      id: s.id,
      name: s.name,
      trackingNumber: s.trackingNumber,
      carrier: s.carrierName,
      lines: lines(s.lines),
    })),
    returns: picture.returns.map((r) => ({ id: r.id, name: r.name, lines: lines(r.lines) })),
  };
}

function byShipDate(
  a: { shipDate: string | null; name: string },
  b: { shipDate: string | null; name: string },
): number {
  return (a.shipDate ?? '').localeCompare(b.shipDate ?? '') || a.name.localeCompare(b.name);
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
