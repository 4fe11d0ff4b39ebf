/**
 * The Dataverse names the connector relies on (Dynamics 365 CE entity reference; IOM's
 * https://learn.microsoft.com/en-us/dynamics365/intelligent-order-management/fulfillment-entity-relationships and provider labs). One place, so a rename is one
 * edit.
 */
export const SALES_ORDER_TABLE = 'salesorder';
export const FULFILLMENT_ORDER_TABLE = 'msdyn_fulfillmentorder';
/** The column that carries the BigCommerce order id on the sales order; the idempotency key. */
export const EXTERNAL_ORDER_ID_COLUMN = 'msdyn_externalorderid';
/** Schema name of the alternate key the connector offers to create on EXTERNAL_ORDER_ID_COLUMN. */
export const EXTERNAL_ORDER_ID_KEY = 'msdyn_externalorderid_key';
