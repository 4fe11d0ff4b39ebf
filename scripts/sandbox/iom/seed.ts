/**
 * The environment's master data: one account for the web store, one price list, USD and EUR, the unit
 * "Each", a demo catalog of mugs, t-shirts, posters and a tote (productnumber = the store's SKU), two
 * warehouses and five shipping carriers. Ids are fixed, so a demo can show them and tests can use them.
 */
import type { Row } from './dataverse/entity-store';
import { stableGuid } from './ids';
import type { IomSeedCatalog } from './types';

const id = (name: string) => stableGuid(`seed:${name}`);

const ADMIN_USER_ID = id('systemuser:admin');

const PRODUCTS: ReadonlyArray<{ sku: string; name: string; price: number }> = [
  { sku: 'MUG-GRY', name: 'Ceramic Mug – Grey', price: 14 },
  { sku: 'MUG-WHT', name: 'Ceramic Mug – White', price: 14 },
  { sku: 'TSHIRT-BLK-S', name: 'Logo T-Shirt – Black – S', price: 24 },
  { sku: 'TSHIRT-BLK-M', name: 'Logo T-Shirt – Black – M', price: 24 },
  { sku: 'TSHIRT-BLK-L', name: 'Logo T-Shirt – Black – L', price: 24 },
  { sku: 'TSHIRT-WHT-M', name: 'Logo T-Shirt – White – M', price: 24 },
  { sku: 'POSTER-A2-CITY', name: 'City Skyline Poster A2', price: 19 },
  { sku: 'POSTER-A3-SEA', name: 'Seascape Poster A3', price: 15 },
  { sku: 'TOTE-NAT', name: 'Canvas Tote – Natural', price: 18 },
];

// 'Parcel Co' is a regional carrier no connector maps by default (it shows the unmapped-carrier path).
const CARRIERS = ['UPS', 'FedEx', 'USPS', 'DHL', 'Parcel Co'];
const WAREHOUSES = [
  { key: 'warehouse:sea', name: 'Seattle DC', description: 'West coast distribution center' },
  { key: 'warehouse:atl', name: 'Atlanta DC', description: 'East coast distribution center' },
];

export const SEED_CATALOG: IomSeedCatalog = {
  accountId: id('account:web-store'),
  accountName: 'BigCommerce Web Store',
  priceLevelId: id('pricelevel:master'),
  currencyIds: { USD: id('currency:usd'), EUR: id('currency:eur') },
  uomId: id('uom:each'),
  uomScheduleId: id('uomschedule:default'),
  warehouseIds: WAREHOUSES.map((w) => id(w.key)),
  products: PRODUCTS.map((p) => ({
    productId: id(`product:${p.sku}`),
    sku: p.sku,
    name: p.name,
    price: p.price,
  })),
  carriers: [...CARRIERS],
};

export function carrierId(name: string): string {
  return id(`carrier:${name.toLowerCase()}`);
}

const ref = (entity: string, target: string) => ({ entity, id: target });
const active = { statecode: 0, statuscode: 1 };
const owner = { ownerid: ref('systemuser', ADMIN_USER_ID) };

export function seedRows(): Record<string, Row[]> {
  const c = SEED_CATALOG;
  return {
    transactioncurrency: [
      {
        transactioncurrencyid: c.currencyIds.USD,
        currencyname: 'US Dollar',
        isocurrencycode: 'USD',
        currencysymbol: '$',
        exchangerate: 1,
        currencyprecision: 2,
        ...active,
      },
      {
        transactioncurrencyid: c.currencyIds.EUR,
        currencyname: 'Euro',
        isocurrencycode: 'EUR',
        currencysymbol: '€',
        exchangerate: 0.92,
        currencyprecision: 2,
        ...active,
      },
    ],
    account: [
      {
        accountid: c.accountId,
        name: c.accountName,
        accountnumber: 'BIGCOMMERCE',
        emailaddress1: 'orders@webstore.example',
        address1_city: 'Seattle',
        address1_country: 'US',
        ...active,
        ...owner,
      },
    ],
    pricelevel: [
      {
        pricelevelid: c.priceLevelId,
        name: 'MasterPriceList',
        transactioncurrencyid: ref('transactioncurrency', c.currencyIds.USD),
        statecode: 0,
        statuscode: 100001,
      },
    ],
    uomschedule: [{ uomscheduleid: c.uomScheduleId, name: 'Default Unit', baseuomname: 'Each', ...active }],
    uom: [
      {
        uomid: c.uomId,
        name: 'Each',
        uomscheduleid: ref('uomschedule', c.uomScheduleId),
        quantity: 1,
        isschedulebaseuom: true,
      },
    ],
    product: c.products.map((p) => ({
      productid: p.productId,
      name: p.name,
      productnumber: p.sku,
      price: p.price,
      defaultuomid: ref('uom', c.uomId),
      defaultuomscheduleid: ref('uomschedule', c.uomScheduleId),
      pricelevelid: ref('pricelevel', c.priceLevelId),
      quantitydecimal: 0,
      ...active,
    })),
    msdyn_warehouse: WAREHOUSES.map((w) => ({
      msdyn_warehouseid: id(w.key),
      msdyn_name: w.name,
      msdyn_description: w.description,
      ...active,
      ...owner,
    })),
    msdyn_shippingcarrier: CARRIERS.map((name) => ({
      msdyn_shippingcarrierid: carrierId(name),
      msdyn_name: name,
      ...active,
    })),
  };
}
