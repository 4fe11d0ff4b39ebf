/** Read models of the IOM rows for tests, the demo and the operator page (rows in creation order). */
import { isEntityRef, type Row } from '../dataverse/entity-store';
import type { DataverseEnvironment } from '../dataverse/environment';
import { SALES_ORDER_STATES } from '../dataverse/entities';
import type {
  FulfillmentOrderView,
  FulfillmentState,
  ReturnOrderView,
  SalesOrderLineView,
  SalesOrderState,
  SalesOrderView,
} from '../types';
import { amount } from './iom-rows';
import { returnedQuantity } from './returns';

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function refId(row: Row, attribute: string): string | null {
  const value = row[attribute];
  return isEntityRef(value) ? value.id : null;
}

function skuOf(env: DataverseEnvironment, row: Row, attribute: string): string | null {
  const productId = refId(row, attribute);
  return productId ? text(env.store.get('product', productId)?.productnumber) : null;
}

export function salesOrderViews(env: DataverseEnvironment): SalesOrderView[] {
  return env.store.all('salesorder').map((order) => salesOrderView(env, order));
}

export function salesOrderView(env: DataverseEnvironment, order: Row): SalesOrderView {
  const id = String(order.salesorderid);
  const customerId = refId(order, 'customerid');
  const lines = env.store
    .children('salesorderdetail', 'salesorderid', id)
    .sort((a, b) => amount(a.lineitemnumber) - amount(b.lineitemnumber))
    .map((line): SalesOrderLineView => ({
      salesOrderDetailId: String(line.salesorderdetailid),
      sku: skuOf(env, line, 'productid'),
      description: String(line.salesorderdetailname ?? line.productdescription ?? ''),
      quantity: amount(line.quantity),
      quantityShipped: amount(line.quantityshipped),
      quantityCancelled: amount(line.quantitycancelled),
      quantityReturned: returnedQuantity(env, String(line.salesorderdetailid)),
      pricePerUnit: amount(line.priceperunit),
    }));
  const related = (entity: string, key: string) =>
    env.store.children(entity, 'msdyn_salesorderid', id).map((row) => String(row[key]));
  return {
    salesOrderId: id,
    name: String(order.name),
    orderNumber: String(order.ordernumber),
    externalOrderId: text(order.msdyn_externalorderid),
    customerName: customerId ? text(env.store.get('account', customerId)?.name) : null,
    state: SALES_ORDER_STATES.states[amount(order.statecode)] as SalesOrderState,
    stateCode: amount(order.statecode),
    statusCode: amount(order.statuscode),
    statusReason: SALES_ORDER_STATES.statuses[amount(order.statuscode)] ?? String(order.statuscode),
    iomState: String(order.msdyn_iomstatename ?? 'New'),
    iomStateReason: text(order.msdyn_iomstatereasonname),
    totalAmount: amount(order.totalamount),
    createdOn: String(order.createdon),
    modifiedOn: String(order.modifiedon),
    lines,
    fulfillmentOrderIds: related('msdyn_fulfillmentorder', 'msdyn_fulfillmentorderid'),
    returnOrderIds: related('msdyn_returnorder', 'msdyn_returnorderid'),
  };
}

export function fulfillmentOrderViews(env: DataverseEnvironment): FulfillmentOrderView[] {
  return env.store.all('msdyn_fulfillmentorder').map((order) => fulfillmentOrderView(env, order));
}

export function fulfillmentOrderView(env: DataverseEnvironment, order: Row): FulfillmentOrderView {
  const id = String(order.msdyn_fulfillmentorderid);
  const warehouseId = refId(order, 'msdyn_warehouse');
  const lines = env.store
    .children('msdyn_fulfillmentorderdetail', 'msdyn_fulfillmentid', id)
    .map((detail) => ({
      fulfillmentOrderDetailId: String(detail.msdyn_fulfillmentorderdetailid),
      salesOrderDetailId: refId(detail, 'msdyn_salesorderdetailid') ?? '',
      sku: skuOf(env, detail, 'msdyn_product'),
      description: String(detail.msdyn_productname ?? ''),
      quantity: amount(detail.msdyn_quantity),
      quantityShipped: amount(detail.msdyn_shippedquantity),
      quantityCancelled: amount(detail.msdyn_cancelledquantity),
    }));
  const shipments = env.store
    .children('msdyn_fulfillmenttracking', 'msdyn_fulfillmentorderid', id)
    .map((tracking) => ({
      trackingId: String(tracking.msdyn_fulfillmenttrackingid),
      carrier: String(tracking.msdyn_carriername),
      trackingNumber: String(tracking.msdyn_trackingnumber),
      shippedOn: String(tracking.msdyn_shipdate),
      lines: env.store
        .children(
          'msdyn_fulfillmenttrackingline',
          'msdyn_fulfillmenttrackingid',
          String(tracking.msdyn_fulfillmenttrackingid),
        )
        .map((line) => ({
          fulfillmentOrderDetailId: refId(line, 'msdyn_fulfillmentorderdetailid') ?? '',
          quantity: amount(line.msdyn_quantity),
        })),
    }));
  return {
    fulfillmentOrderId: id,
    name: String(order.msdyn_name),
    salesOrderId: refId(order, 'msdyn_salesorderid') ?? '',
    state: String(order.msdyn_iomstatename) as FulfillmentState,
    stateCode: amount(order.statecode),
    warehouse: warehouseId ? text(env.store.get('msdyn_warehouse', warehouseId)?.msdyn_name) : null,
    lines,
    shipments,
  };
}

export function returnOrderView(env: DataverseEnvironment, order: Row): ReturnOrderView {
  const id = String(order.msdyn_returnorderid);
  return {
    returnOrderId: id,
    name: String(order.msdyn_name),
    salesOrderId: refId(order, 'msdyn_salesorderid') ?? '',
    receivedOn: String(order.msdyn_receiveddate),
    lines: env.store.children('msdyn_returnorderdetail', 'msdyn_returnorderid', id).map((detail) => ({
      returnOrderDetailId: String(detail.msdyn_returnorderdetailid),
      salesOrderDetailId: refId(detail, 'msdyn_salesorderdetailid') ?? '',
      sku: skuOf(env, detail, 'msdyn_product'),
      quantity: amount(detail.msdyn_quantity),
    })),
  };
}

export function returnOrderViews(env: DataverseEnvironment): ReturnOrderView[] {
  return env.store.all('msdyn_returnorder').map((order) => returnOrderView(env, order));
}
