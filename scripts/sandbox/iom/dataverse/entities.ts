/**
 * The simulated tables. Core tables (account, salesorder, product, ...) follow the Dynamics 365 CE entity
 * reference; the IOM (msdyn_*) tables follow IOM's documentation where names are known
 * (https://learn.microsoft.com/en-us/dynamics365/intelligent-order-management/fulfillment-entity-relationships and the provider labs).
 *
 * sandbox assumption: IOM's fulfillment tracking and return tables are not documented. The sandbox uses
 *   msdyn_fulfillmenttracking (set msdyn_fulfillmenttrackings): msdyn_fulfillmentorderid → fulfillment
 *     order, msdyn_trackingnumber, msdyn_shippingcarrier → msdyn_shippingcarrier, msdyn_carriername,
 *     msdyn_shipmentid, msdyn_shipdate;
 *   msdyn_fulfillmenttrackingline (set msdyn_fulfillmenttrackinglines): msdyn_fulfillmenttrackingid,
 *     msdyn_fulfillmentorderdetailid, msdyn_salesorderdetailid, msdyn_quantity;
 *   msdyn_returnorder (set msdyn_returnorders): msdyn_salesorderid, msdyn_iomstatename, msdyn_receiveddate;
 *   msdyn_returnorderdetail (set msdyn_returnorderdetails): msdyn_returnorderid, msdyn_salesorderdetailid,
 *     msdyn_product, msdyn_quantity.
 * sandbox assumption: the fulfillment order's link to its sales order is msdyn_salesorderid, a fulfillment
 * line's link to its sales order line is msdyn_salesorderdetailid, and shipped/cancelled quantities live
 * in msdyn_shippedquantity / msdyn_cancelledquantity. The collection navigation properties
 * (msdyn_salesorder_fulfillmentorders, msdyn_fulfillmentorder_details, ...) are named for readability.
 * sandbox assumption: salesorder's IOM state columns are msdyn_iomstatename and msdyn_iomstatereasonname.
 * sandbox assumption: salesorder's collection of order close activities is named SalesOrder_OrderCloses.
 */
import { stableGuid } from '../ids';
import type {
  AttributeDef,
  AttributeType,
  CollectionDef,
  EntityDef,
  NavigationDef,
  RequiredLevel,
} from './schema';

interface AttributeOptions {
  required?: RequiredLevel;
  maxLength?: number;
  create?: boolean;
  update?: boolean;
  iom?: boolean;
  targets?: readonly string[];
  options?: Readonly<Record<number, string>>;
}

function attr(
  logicalName: string,
  type: AttributeType,
  displayName: string,
  o: AttributeOptions = {},
): AttributeDef {
  return {
    logicalName,
    type,
    displayName,
    requiredLevel: o.required ?? 'None',
    maxLength: o.maxLength,
    targets: o.targets,
    options: o.options,
    validForCreate: o.create ?? true,
    validForUpdate: o.update ?? true,
    iom: o.iom ?? logicalName.startsWith('msdyn_'),
  };
}

const text = (name: string, display: string, maxLength: number, o: AttributeOptions = {}) =>
  attr(name, 'String', display, { ...o, maxLength });
const memo = (name: string, display: string) => attr(name, 'Memo', display, { maxLength: 2000 });
const decimal = (name: string, display: string, o: AttributeOptions = {}) =>
  attr(name, 'Decimal', display, o);
const money = (name: string, display: string, o: AttributeOptions = {}) => attr(name, 'Money', display, o);
const date = (name: string, display: string, o: AttributeOptions = {}) => attr(name, 'DateTime', display, o);
const flag = (name: string, display: string) => attr(name, 'Boolean', display);
const lookup = (name: string, display: string, target: string, o: AttributeOptions = {}) =>
  attr(name, 'Lookup', display, { ...o, targets: [target] });
const readOnly: AttributeOptions = { create: false, update: false };

interface StateModel {
  states: Readonly<Record<number, string>>;
  statuses: Readonly<Record<number, string>>;
  defaultStatus: Readonly<Record<number, number>>;
}

const ACTIVE_INACTIVE: StateModel = {
  states: { 0: 'Active', 1: 'Inactive' },
  statuses: { 1: 'Active', 2: 'Inactive' },
  defaultStatus: { 0: 1, 1: 2 },
};

type EntitySpec = Pick<
  EntityDef,
  | 'logicalName'
  | 'schemaName'
  | 'entitySetName'
  | 'displayName'
  | 'displayCollectionName'
  | 'primaryIdAttribute'
  | 'primaryNameAttribute'
  | 'objectTypeCode'
  | 'ownership'
  | 'changeTrackingKnob'
> & {
  states?: StateModel;
  attributes: AttributeDef[];
  collections?: CollectionDef[];
};

/** Adds the system columns every table has, and derives the single-valued navigation properties. */
function entity(spec: EntitySpec): EntityDef {
  const iom = spec.logicalName.startsWith('msdyn_');
  const system: AttributeDef[] = [
    attr(spec.primaryIdAttribute, 'Uniqueidentifier', spec.displayName, {
      required: 'SystemRequired',
      update: false,
      iom,
    }),
    attr('createdon', 'DateTime', 'Created On', { ...readOnly, iom: false }),
    attr('modifiedon', 'DateTime', 'Modified On', { ...readOnly, iom: false }),
    attr('versionnumber', 'BigInt', 'Version Number', { ...readOnly, iom: false }),
  ];
  if (spec.states) {
    system.push(
      attr('statecode', 'State', 'Status', {
        required: 'SystemRequired',
        options: spec.states.states,
        iom: false,
      }),
      attr('statuscode', 'Status', 'Status Reason', { options: spec.states.statuses, iom: false }),
    );
  }
  if (spec.ownership === 'UserOwned') {
    system.push(
      attr('ownerid', 'Owner', 'Owner', { required: 'SystemRequired', targets: ['systemuser'], iom: false }),
    );
  }
  const attributes = [...system, ...spec.attributes];
  const navigations: NavigationDef[] = [];
  for (const a of attributes) {
    if (a.type === 'Lookup')
      navigations.push({ name: a.logicalName, attribute: a.logicalName, target: a.targets?.[0] ?? '' });
    if (a.type === 'Customer') {
      for (const target of a.targets ?? []) {
        navigations.push({ name: `${a.logicalName}_${target}`, attribute: a.logicalName, target });
      }
    }
  }
  return {
    logicalName: spec.logicalName,
    schemaName: spec.schemaName,
    entitySetName: spec.entitySetName,
    displayName: spec.displayName,
    displayCollectionName: spec.displayCollectionName,
    primaryIdAttribute: spec.primaryIdAttribute,
    primaryNameAttribute: spec.primaryNameAttribute,
    objectTypeCode: spec.objectTypeCode,
    ownership: spec.ownership,
    metadataId: stableGuid(`entity:${spec.logicalName}`),
    iom,
    changeTrackingKnob: spec.changeTrackingKnob,
    defaultStatus: spec.states?.defaultStatus,
    attributes,
    navigations,
    collections: spec.collections ?? [],
  };
}

type IomEntitySpec = Pick<
  EntitySpec,
  | 'logicalName'
  | 'displayName'
  | 'displayCollectionName'
  | 'objectTypeCode'
  | 'changeTrackingKnob'
  | 'collections'
> & {
  /** Default 'UserOwned'. */
  ownership?: EntityDef['ownership'];
  /** The columns after msdyn_name. */
  attributes: AttributeDef[];
};

/**
 * An IOM (msdyn_*) table as IOM names them: the schema name is the logical name, the set name adds an
 * 's', the key is `<logicalName>id`, the primary name is msdyn_name (Name, 100 characters, the first
 * column), and rows are Active/Inactive.
 */
function iomEntity(spec: IomEntitySpec): EntityDef {
  return entity({
    logicalName: spec.logicalName,
    schemaName: spec.logicalName,
    entitySetName: `${spec.logicalName}s`,
    displayName: spec.displayName,
    displayCollectionName: spec.displayCollectionName,
    primaryIdAttribute: `${spec.logicalName}id`,
    primaryNameAttribute: 'msdyn_name',
    objectTypeCode: spec.objectTypeCode,
    ownership: spec.ownership ?? 'UserOwned',
    changeTrackingKnob: spec.changeTrackingKnob,
    states: ACTIVE_INACTIVE,
    attributes: [text('msdyn_name', 'Name', 100), ...spec.attributes],
    collections: spec.collections,
  });
}

export const SALES_ORDER_STATES: StateModel = {
  states: { 0: 'Active', 1: 'Submitted', 2: 'Canceled', 3: 'Fulfilled', 4: 'Invoiced' },
  statuses: {
    1: 'New',
    2: 'Pending',
    3: 'In Progress',
    4: 'No Money',
    100001: 'Complete',
    100002: 'Partial',
    100003: 'Invoiced',
    690970000: 'On hold',
  },
  defaultStatus: { 0: 1, 1: 3, 2: 4, 3: 100001, 4: 100003 },
};

/**
 * The order close activity's states (Open, Completed, Canceled) as activities have them.
 * sandbox assumption: only the columns CancelSalesOrder needs (subject, the order, description, actual end);
 * the activity's other columns (regardingobjectid, activitypointer's) are not simulated.
 */
const ORDER_CLOSE_STATES: StateModel = {
  states: { 0: 'Open', 1: 'Completed', 2: 'Canceled' },
  statuses: { 1: 'Open', 2: 'Completed', 3: 'Canceled' },
  defaultStatus: { 0: 1, 1: 2, 2: 3 },
};

const address = (prefix: 'billto' | 'shipto'): AttributeDef[] => [
  text(`${prefix}_name`, `${prefix === 'billto' ? 'Bill To' : 'Ship To'} Name`, 200),
  text(`${prefix}_line1`, 'Street 1', 250),
  text(`${prefix}_line2`, 'Street 2', 250),
  text(`${prefix}_city`, 'City', 80),
  text(`${prefix}_stateorprovince`, 'State/Province', 50),
  text(`${prefix}_postalcode`, 'ZIP/Postal Code', 20),
  text(`${prefix}_country`, 'Country/Region', 80),
  text(`${prefix}_telephone`, 'Phone', 50),
];

export const ENTITY_DEFINITIONS: readonly EntityDef[] = [
  entity({
    logicalName: 'account',
    schemaName: 'Account',
    entitySetName: 'accounts',
    displayName: 'Account',
    displayCollectionName: 'Accounts',
    primaryIdAttribute: 'accountid',
    primaryNameAttribute: 'name',
    objectTypeCode: 1,
    ownership: 'UserOwned',
    states: ACTIVE_INACTIVE,
    attributes: [
      text('name', 'Account Name', 160, { required: 'ApplicationRequired' }),
      text('accountnumber', 'Account Number', 20),
      text('emailaddress1', 'Email', 100),
      text('telephone1', 'Main Phone', 50),
      // Dynamics 365 CE's account address 1 columns (https://learn.microsoft.com/en-us/dynamics365/customerengagement/on-premises/developer/entities/account).
      text('address1_line1', 'Address 1: Street 1', 250),
      text('address1_city', 'Address 1: City', 80),
      text('address1_stateorprovince', 'Address 1: State/Province', 50),
      text('address1_postalcode', 'Address 1: ZIP/Postal Code', 20),
      text('address1_country', 'Address 1: Country/Region', 80),
    ],
  }),
  entity({
    logicalName: 'transactioncurrency',
    schemaName: 'TransactionCurrency',
    entitySetName: 'transactioncurrencies',
    displayName: 'Currency',
    displayCollectionName: 'Currencies',
    primaryIdAttribute: 'transactioncurrencyid',
    primaryNameAttribute: 'currencyname',
    objectTypeCode: 9105,
    ownership: 'OrganizationOwned',
    states: ACTIVE_INACTIVE,
    attributes: [
      text('currencyname', 'Currency Name', 100, { required: 'SystemRequired' }),
      text('isocurrencycode', 'Currency Code', 5, { required: 'SystemRequired' }),
      text('currencysymbol', 'Currency Symbol', 13, { required: 'SystemRequired' }),
      decimal('exchangerate', 'Exchange Rate', { required: 'SystemRequired' }),
      attr('currencyprecision', 'Integer', 'Currency Precision', { required: 'SystemRequired' }),
    ],
  }),
  entity({
    logicalName: 'pricelevel',
    schemaName: 'PriceLevel',
    entitySetName: 'pricelevels',
    displayName: 'Price List',
    displayCollectionName: 'Price Lists',
    primaryIdAttribute: 'pricelevelid',
    primaryNameAttribute: 'name',
    objectTypeCode: 1022,
    ownership: 'OrganizationOwned',
    states: {
      states: { 0: 'Active', 1: 'Inactive' },
      statuses: { 100001: 'Active', 100002: 'Inactive' },
      defaultStatus: { 0: 100001, 1: 100002 },
    },
    attributes: [
      text('name', 'Name', 100, { required: 'SystemRequired' }),
      lookup('transactioncurrencyid', 'Currency', 'transactioncurrency', { required: 'SystemRequired' }),
      date('begindate', 'Start Date'),
      date('enddate', 'End Date'),
    ],
  }),
  entity({
    logicalName: 'uomschedule',
    schemaName: 'UoMSchedule',
    entitySetName: 'uomschedules',
    displayName: 'Unit Group',
    displayCollectionName: 'Unit Groups',
    primaryIdAttribute: 'uomscheduleid',
    primaryNameAttribute: 'name',
    objectTypeCode: 1056,
    ownership: 'OrganizationOwned',
    states: ACTIVE_INACTIVE,
    attributes: [
      text('name', 'Name', 200, { required: 'SystemRequired' }),
      text('baseuomname', 'Primary Unit', 100, { required: 'SystemRequired' }),
    ],
  }),
  entity({
    logicalName: 'uom',
    schemaName: 'UoM',
    entitySetName: 'uoms',
    displayName: 'Unit',
    displayCollectionName: 'Units',
    primaryIdAttribute: 'uomid',
    primaryNameAttribute: 'name',
    objectTypeCode: 1055,
    ownership: 'OrganizationOwned',
    attributes: [
      text('name', 'Name', 100, { required: 'SystemRequired' }),
      lookup('uomscheduleid', 'Unit Schedule', 'uomschedule', { required: 'SystemRequired' }),
      decimal('quantity', 'Quantity', { required: 'SystemRequired' }),
      flag('isschedulebaseuom', 'Is Schedule Base Unit'),
    ],
  }),
  entity({
    logicalName: 'product',
    schemaName: 'Product',
    entitySetName: 'products',
    displayName: 'Product',
    displayCollectionName: 'Products',
    primaryIdAttribute: 'productid',
    primaryNameAttribute: 'name',
    objectTypeCode: 1024,
    ownership: 'OrganizationOwned',
    states: {
      states: { 0: 'Active', 1: 'Retired', 2: 'Draft', 3: 'Under Revision' },
      statuses: { 0: 'Draft', 1: 'Active', 2: 'Retired', 3: 'Under Revision' },
      defaultStatus: { 0: 1, 1: 2, 2: 0, 3: 3 },
    },
    attributes: [
      text('name', 'Name', 100, { required: 'ApplicationRequired' }),
      text('productnumber', 'Product ID', 100, { required: 'ApplicationRequired' }),
      memo('description', 'Description'),
      money('price', 'List Price'),
      lookup('defaultuomid', 'Default Unit', 'uom', { required: 'ApplicationRequired' }),
      lookup('defaultuomscheduleid', 'Unit Group', 'uomschedule', { required: 'ApplicationRequired' }),
      lookup('pricelevelid', 'Default Price List', 'pricelevel'),
      attr('quantitydecimal', 'Integer', 'Decimals Supported', { required: 'ApplicationRequired' }),
    ],
  }),
  iomEntity({
    logicalName: 'msdyn_warehouse',
    displayName: 'Warehouse',
    displayCollectionName: 'Warehouses',
    objectTypeCode: 10230,
    attributes: [memo('msdyn_description', 'Description')],
  }),
  iomEntity({
    logicalName: 'msdyn_shippingcarrier',
    displayName: 'Shipping Carrier',
    displayCollectionName: 'Shipping Carriers',
    objectTypeCode: 10231,
    ownership: 'OrganizationOwned',
    attributes: [],
  }),
  entity({
    logicalName: 'salesorder',
    schemaName: 'SalesOrder',
    entitySetName: 'salesorders',
    displayName: 'Order',
    displayCollectionName: 'Orders',
    primaryIdAttribute: 'salesorderid',
    primaryNameAttribute: 'name',
    objectTypeCode: 1088,
    ownership: 'UserOwned',
    changeTrackingKnob: 'salesorder',
    states: SALES_ORDER_STATES,
    attributes: [
      text('name', 'Name', 300, { required: 'ApplicationRequired' }),
      text('ordernumber', 'Order ID', 100, { required: 'SystemRequired', update: false }),
      attr('customerid', 'Customer', 'Customer', { required: 'ApplicationRequired', targets: ['account'] }),
      lookup('pricelevelid', 'Price List', 'pricelevel', { required: 'ApplicationRequired' }),
      lookup('transactioncurrencyid', 'Currency', 'transactioncurrency', {
        required: 'ApplicationRequired',
        update: false,
      }),
      memo('description', 'Description'),
      text('emailaddress', 'E-mail Address', 100),
      ...address('billto'),
      ...address('shipto'),
      date('requestdeliveryby', 'Requested Delivery Date'),
      date('datefulfilled', 'Date Fulfilled'),
      date('overriddencreatedon', 'Record Created On', { update: false }),
      money('freightamount', 'Freight Amount'),
      money('discountamount', 'Order Discount Amount'),
      money('totaltax', 'Total Tax'),
      money('totallineitemamount', 'Total Detail Amount', readOnly),
      money('totalamountlessfreight', 'Total Pre-Freight Amount', readOnly),
      money('totalamount', 'Total Amount', readOnly),
      flag('ispricelocked', 'Prices Locked'),
      text('msdyn_externalorderid', 'External Order ID', 100),
      text('msdyn_iomstatename', 'IOM State', 100, readOnly),
      text('msdyn_iomstatereasonname', 'IOM State Reason', 100, readOnly),
    ],
    collections: [
      { name: 'order_details', entity: 'salesorderdetail', attribute: 'salesorderid' },
      {
        name: 'msdyn_salesorder_fulfillmentorders',
        entity: 'msdyn_fulfillmentorder',
        attribute: 'msdyn_salesorderid',
      },
      { name: 'msdyn_salesorder_returnorders', entity: 'msdyn_returnorder', attribute: 'msdyn_salesorderid' },
      { name: 'SalesOrder_OrderCloses', entity: 'orderclose', attribute: 'salesorderid' },
    ],
  }),
  entity({
    logicalName: 'salesorderdetail',
    schemaName: 'SalesOrderDetail',
    entitySetName: 'salesorderdetails',
    displayName: 'Order Product',
    displayCollectionName: 'Order Products',
    primaryIdAttribute: 'salesorderdetailid',
    primaryNameAttribute: 'salesorderdetailname',
    objectTypeCode: 1089,
    ownership: 'OrganizationOwned',
    attributes: [
      text('salesorderdetailname', 'Name', 500, readOnly),
      lookup('salesorderid', 'Order', 'salesorder', { required: 'SystemRequired', update: false }),
      lookup('productid', 'Existing Product', 'product'),
      lookup('uomid', 'Unit', 'uom'),
      decimal('quantity', 'Quantity', { required: 'ApplicationRequired' }),
      money('priceperunit', 'Price Per Unit'),
      flag('ispriceoverridden', 'Pricing'),
      flag('isproductoverridden', 'Select Product'),
      text('productdescription', 'Write-In Product', 500),
      memo('description', 'Description'),
      money('manualdiscountamount', 'Manual Discount'),
      money('tax', 'Tax'),
      money('baseamount', 'Amount', readOnly),
      money('extendedamount', 'Extended Amount', readOnly),
      decimal('quantityshipped', 'Quantity Shipped'),
      decimal('quantitybackordered', 'Quantity Back Ordered'),
      decimal('quantitycancelled', 'Quantity Canceled'),
      attr('lineitemnumber', 'Integer', 'Line Item Number'),
      // CE salesorderdetail's own ship-to address (for an order shipped to several addresses).
      ...address('shipto'),
      // IOM's warehouse per line (https://learn.microsoft.com/en-us/dynamics365/intelligent-order-management/set-up-finops-provider).
      lookup('msdyn_shippingwarehouse', 'Shipping Warehouse', 'msdyn_warehouse'),
    ],
  }),
  entity({
    logicalName: 'orderclose',
    schemaName: 'OrderClose',
    entitySetName: 'ordercloses',
    displayName: 'Order Close',
    displayCollectionName: 'Order Close Activities',
    primaryIdAttribute: 'activityid',
    primaryNameAttribute: 'subject',
    objectTypeCode: 4209,
    ownership: 'UserOwned',
    states: ORDER_CLOSE_STATES,
    attributes: [
      text('subject', 'Subject', 200),
      lookup('salesorderid', 'Order', 'salesorder'),
      memo('description', 'Description'),
      date('actualend', 'Actual End'),
    ],
  }),
  iomEntity({
    logicalName: 'msdyn_fulfillmentorder',
    displayName: 'Fulfillment Order',
    displayCollectionName: 'Fulfillment Orders',
    objectTypeCode: 10240,
    changeTrackingKnob: 'msdyn_fulfillmentorder',
    attributes: [
      lookup('msdyn_salesorderid', 'Sales Order', 'salesorder'),
      lookup('msdyn_warehouse', 'Warehouse', 'msdyn_warehouse'),
      text('msdyn_customername', 'Customer Name', 200),
      text('msdyn_iomstatename', 'State', 100),
      date('msdyn_plannedshipmentdate', 'Planned Shipment Date'),
      text('msdyn_shiptocity', 'Ship To City', 80),
      text('msdyn_shiptocountry', 'Ship To Country/Region', 80),
    ],
    collections: [
      {
        name: 'msdyn_fulfillmentorder_details',
        entity: 'msdyn_fulfillmentorderdetail',
        attribute: 'msdyn_fulfillmentid',
      },
      {
        name: 'msdyn_fulfillmentorder_trackings',
        entity: 'msdyn_fulfillmenttracking',
        attribute: 'msdyn_fulfillmentorderid',
      },
    ],
  }),
  iomEntity({
    logicalName: 'msdyn_fulfillmentorderdetail',
    displayName: 'Fulfillment Order Product',
    displayCollectionName: 'Fulfillment Order Products',
    objectTypeCode: 10241,
    attributes: [
      lookup('msdyn_fulfillmentid', 'Fulfillment Order', 'msdyn_fulfillmentorder', {
        required: 'ApplicationRequired',
      }),
      lookup('msdyn_salesorderdetailid', 'Sales Order Product', 'salesorderdetail'),
      lookup('msdyn_product', 'Product', 'product'),
      text('msdyn_productname', 'Product Name', 500),
      decimal('msdyn_quantity', 'Quantity'),
      decimal('msdyn_shippedquantity', 'Shipped Quantity'),
      decimal('msdyn_cancelledquantity', 'Cancelled Quantity'),
      text('msdyn_iomstatename', 'State', 100),
      date('msdyn_shipdate', 'Ship Date'),
    ],
  }),
  iomEntity({
    logicalName: 'msdyn_fulfillmenttracking',
    displayName: 'Fulfillment Tracking',
    displayCollectionName: 'Fulfillment Trackings',
    objectTypeCode: 10242,
    attributes: [
      lookup('msdyn_fulfillmentorderid', 'Fulfillment Order', 'msdyn_fulfillmentorder', {
        required: 'ApplicationRequired',
      }),
      text('msdyn_trackingnumber', 'Tracking Number', 100),
      lookup('msdyn_shippingcarrier', 'Shipping Carrier', 'msdyn_shippingcarrier'),
      text('msdyn_carriername', 'Carrier Name', 100),
      text('msdyn_shipmentid', 'Shipment ID', 100),
      date('msdyn_shipdate', 'Ship Date'),
    ],
    collections: [
      {
        name: 'msdyn_fulfillmenttracking_lines',
        entity: 'msdyn_fulfillmenttrackingline',
        attribute: 'msdyn_fulfillmenttrackingid',
      },
    ],
  }),
  iomEntity({
    logicalName: 'msdyn_fulfillmenttrackingline',
    displayName: 'Fulfillment Tracking Line',
    displayCollectionName: 'Fulfillment Tracking Lines',
    objectTypeCode: 10243,
    attributes: [
      lookup('msdyn_fulfillmenttrackingid', 'Fulfillment Tracking', 'msdyn_fulfillmenttracking', {
        required: 'ApplicationRequired',
      }),
      lookup('msdyn_fulfillmentorderdetailid', 'Fulfillment Order Product', 'msdyn_fulfillmentorderdetail'),
      lookup('msdyn_salesorderdetailid', 'Sales Order Product', 'salesorderdetail'),
      decimal('msdyn_quantity', 'Quantity'),
    ],
  }),
  iomEntity({
    logicalName: 'msdyn_returnorder',
    displayName: 'Return Order',
    displayCollectionName: 'Return Orders',
    objectTypeCode: 10244,
    changeTrackingKnob: 'msdyn_returnorder',
    attributes: [
      lookup('msdyn_salesorderid', 'Sales Order', 'salesorder', { required: 'ApplicationRequired' }),
      text('msdyn_iomstatename', 'State', 100),
      date('msdyn_receiveddate', 'Received Date'),
    ],
    collections: [
      {
        name: 'msdyn_returnorder_details',
        entity: 'msdyn_returnorderdetail',
        attribute: 'msdyn_returnorderid',
      },
    ],
  }),
  iomEntity({
    logicalName: 'msdyn_returnorderdetail',
    displayName: 'Return Order Product',
    displayCollectionName: 'Return Order Products',
    objectTypeCode: 10245,
    attributes: [
      lookup('msdyn_returnorderid', 'Return Order', 'msdyn_returnorder', { required: 'ApplicationRequired' }),
      lookup('msdyn_salesorderdetailid', 'Sales Order Product', 'salesorderdetail'),
      lookup('msdyn_product', 'Product', 'product'),
      decimal('msdyn_quantity', 'Quantity'),
    ],
  }),
];
