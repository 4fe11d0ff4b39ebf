import type { IomSimulator } from '../../scripts/sandbox/iom';
import { parseBigCommerceOrder } from '../../server/bigcommerce/order-schema';
import { mapSalesOrder, type MappingInput } from '../../server/iom/sales-order-mapping';
import { DEFAULT_SETTINGS, type UnmappedSkuPolicy } from '../../server/relay/store-settings';
import { couponTaxOrder, multiAddressOrder, writeInOrder } from '../helpers/bigcommerce-orders';
import { entityIdOf, useIomSandbox, webApi, type Doc } from '../sandbox/iom-kit';

/**
 * The mapped deep insert, sent over HTTP to the IOM simulator: it is accepted as is, and the order total
 * IOM computes (Dynamics 365 Sales pricing) is what the shopper paid in BigCommerce, to the cent.
 */
describe('sales order mapping → IOM simulator', () => {
  let sim: IomSimulator;
  let token: string;
  useIomSandbox((running) => ({ sim, token } = running), { withToken: true });

  function mapped(raw: Record<string, unknown>, policy: UnmappedSkuPolicy = 'park', warehouse = false) {
    const catalog = sim.catalog;
    const products: MappingInput['products'] = Object.fromEntries(
      catalog.products.map((p) => [p.sku, { productId: p.productId, unitId: catalog.uomId }]),
    );
    return mapSalesOrder({
      storeHash: 'abc123',
      order: parseBigCommerceOrder(raw),
      settings: { ...DEFAULT_SETTINGS, syncEnabled: true, unmappedSkuPolicy: policy },
      refs: {
        accountId: catalog.accountId,
        priceListId: catalog.priceLevelId,
        currencyId: catalog.currencyIds.USD,
        unitId: catalog.uomId,
        warehouseId: warehouse ? (catalog.warehouseIds[0] ?? null) : null,
      },
      products,
      externalOrderIdColumn: 'msdyn_externalorderid',
    });
  }

  async function create(body: Record<string, unknown>): Promise<Doc> {
    const created = await webApi(sim, token, 'POST', 'salesorders', body);
    expect(created.body).toBeNull();
    expect(created.status).toBe(204);
    const id = entityIdOf(created.headers);
    const read = await webApi(
      sim,
      token,
      'GET',
      `salesorders(${id})?$select=name,msdyn_externalorderid,totalamount,totallineitemamount,totalamountlessfreight,totaltax,freightamount,discountamount,shipto_city` +
        `&$expand=order_details($select=lineitemnumber,quantity,baseamount,extendedamount,tax,isproductoverridden,productdescription,shipto_city,_msdyn_shippingwarehouse_value;$orderby=lineitemnumber)`,
    );
    expect(read.status).toBe(200);
    return read.body;
  }

  it('a coupon and tax order: IOM totals 76.34, as BigCommerce charged', async () => {
    const { draft, problems } = mapped(couponTaxOrder());
    expect(problems).toEqual([]);
    const order = await create(draft.body);
    expect(order).toMatchObject({
      name: 'BigCommerce #250',
      msdyn_externalorderid: 'bigcommerce_abc123_250',
      totalamount: 76.34,
      totallineitemamount: 59.4,
      totalamountlessfreight: 59.4,
      totaltax: 5.94,
      freightamount: 11,
      discountamount: 0,
    });
    expect(String(order.totalamount)).toBe(draft.totals.bigcommerceTotalIncTax);
    expect(
      (order.order_details as Doc[]).map((l) => [l.lineitemnumber, l.baseamount, l.extendedamount]),
    ).toEqual([
      [1, 42, 41.58],
      [2, 24, 23.76],
    ]);
  });

  it('an order to several addresses: each line keeps its ship-to, IOM totals 83.46', async () => {
    const { draft, problems } = mapped(multiAddressOrder(), 'park', true);
    expect(problems).toEqual([]);
    const order = await create(draft.body);
    expect(order.totalamount).toBe(83.46);
    expect(order.totalamount).toBe(Number(draft.totals.bigcommerceTotalIncTax));
    expect(order.shipto_city).toBe('Austin');
    const lines = order.order_details as Doc[];
    expect(lines.map((l) => l.shipto_city)).toEqual(['Austin', 'Austin', 'Seattle']);
    expect(lines.every((l) => l._msdyn_shippingwarehouse_value === sim.catalog.warehouseIds[0])).toBe(true);
  });

  it('a write-in line and an order discount: IOM totals 66.32', async () => {
    const { draft, problems } = mapped(writeInOrder(), 'write-in');
    expect(problems).toEqual([]);
    const order = await create(draft.body);
    expect(order).toMatchObject({
      totalamount: 66.32,
      totallineitemamount: 58.5,
      totalamountlessfreight: 56.5,
      totaltax: 4.83,
      discountamount: 2,
      freightamount: 4.99,
    });
    expect(String(order.totalamount)).toBe(draft.totals.bigcommerceTotalIncTax);
    expect(
      (order.order_details as Doc[]).map((l) => [l.isproductoverridden, l.productdescription ?? null]),
    ).toEqual([
      [true, 'GIFT-CARD-BOX Gift box with card'],
      [false, null],
      [true, 'GIFT-CARD-BOX Gift box with card'],
    ]);
  });

  it('IOM refuses a draft with an unresolved reference, so problems must stop the send', async () => {
    const { draft } = mapSalesOrder({ ...mappedInputWithoutPriceList() });
    const created = await webApi(sim, token, 'POST', 'salesorders', draft.body);
    expect(created.status).toBe(400);
    expect(created.body.error.message).toMatch(/pricelevelid/);
  });

  function mappedInputWithoutPriceList(): MappingInput {
    return {
      storeHash: 'abc123',
      order: parseBigCommerceOrder(couponTaxOrder()),
      settings: DEFAULT_SETTINGS,
      refs: {
        accountId: sim.catalog.accountId,
        priceListId: null,
        currencyId: sim.catalog.currencyIds.USD,
        unitId: sim.catalog.uomId,
        warehouseId: null,
      },
      products: {},
      externalOrderIdColumn: null,
    };
  }
});
