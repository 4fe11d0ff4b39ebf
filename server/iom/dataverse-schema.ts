/**
 * The Dataverse names the connector relies on (research/iom.md §2.6). One place, so a rename is one
 * edit.
 */
export const SALES_ORDER_TABLE = 'salesorder';
export const FULFILLMENT_ORDER_TABLE = 'msdyn_fulfillmentorder';
/** The column that carries the BigCommerce order id on the sales order; the idempotency key. */
export const EXTERNAL_ORDER_ID_COLUMN = 'msdyn_externalorderid';
/** Schema name of the alternate key the connector offers to create on EXTERNAL_ORDER_ID_COLUMN. */
export const EXTERNAL_ORDER_ID_KEY = 'msdyn_externalorderid_key';
