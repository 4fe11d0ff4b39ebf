import type { IomSimulator } from '../../scripts/sandbox/iom';
import { entityIdOf, orderHeader, orderLine, useIomSandbox, webApi, type Doc } from './iom-kit';

/** Reading rows from the simulated Web API: OData query options, paging, annotations, keys. */
describe('IOM simulator: Web API queries', () => {
  let sim: IomSimulator;
  let token: string;
  let orderIds: string[];

  useIomSandbox((running) => ({ sim, token } = running), { withToken: true });
  beforeEach(async () => {
    orderIds = [];
    orderIds.push(await createOrder('BC-1001', '1001', [{ sku: 'MUG-GRY', quantity: 2 }]));
    orderIds.push(
      await createOrder('BC-1002', '1002', [
        { sku: 'TSHIRT-BLK-M', quantity: 1 },
        { sku: 'POSTER-A3-SEA', quantity: 3 },
      ]),
    );
    orderIds.push(await createOrder('BC-1003', "10'03", [{ sku: 'TOTE-NAT', quantity: 5 }]));
  });

  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    webApi(sim, token, method, path, body, headers);
  const get = (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers);

  async function createOrder(
    name: string,
    externalId: string,
    lines: Array<{ sku: string; quantity: number }>,
  ) {
    const response = await call('POST', 'salesorders', {
      ...orderHeader(sim, externalId),
      name,
      shipto_city: 'Bellevue',
      order_details: lines.map((line) => orderLine(sim, line.sku, line.quantity)),
    });
    expect(response.status).toBe(204);
    return entityIdOf(response.headers);
  }

  it('returns only the selected columns, plus the primary key and the etag', async () => {
    const { status, body } = await get('salesorders?$select=name,_customerid_value,totalamount');
    expect(status).toBe(200);
    expect(body['@odata.context']).toBe(
      `${sim.environmentUrl}/api/data/v9.2/$metadata#salesorders(name,_customerid_value,totalamount)`,
    );
    expect(body.value).toHaveLength(3);
    const [first] = body.value;
    expect(Object.keys(first ?? {}).sort()).toEqual([
      '@odata.etag',
      '_customerid_value',
      'name',
      'salesorderid',
      'totalamount',
    ]);
    expect(first).toMatchObject({
      name: 'BC-1001',
      _customerid_value: sim.catalog.accountId,
      totalamount: 28,
    });
    expect(first?.['@odata.etag']).toMatch(/^W\/"\d+"$/);
  });

  it('filters with comparison, logical operators, parentheses, functions and literals', async () => {
    const names = async (filter: string) =>
      (await get(`salesorders?$select=name&$filter=${encodeURIComponent(filter)}`)).body.value.map(
        (o) => o.name,
      );
    expect(await names("name eq 'bc-1002'")).toEqual(['BC-1002']); // case-insensitive like SQL
    expect(await names("msdyn_externalorderid eq '10''03'")).toEqual(['BC-1003']);
    expect(await names('totalamount gt 50')).toEqual(['BC-1002', 'BC-1003']);
    expect(await names("(totalamount ge 90 or name eq 'BC-1001') and statecode eq 0")).toEqual([
      'BC-1001',
      'BC-1003',
    ]);
    expect(await names(`_customerid_value eq ${sim.catalog.accountId} and not (name ne 'BC-1002')`)).toEqual([
      'BC-1002',
    ]);
    expect(await names('description eq null and shipto_city ne null')).toHaveLength(3);
    expect(await names("startswith(name,'BC-100') and contains(name,'3')")).toEqual(['BC-1003']);
    expect(await names('createdon le 2999-01-01T00:00:00Z and createdon gt 2020-01-01')).toHaveLength(3);
    const skus = await get(
      `products?$select=productnumber&$filter=${encodeURIComponent("Microsoft.Dynamics.CRM.In(PropertyName='productnumber',PropertyValues=['MUG-GRY','TOTE-NAT','NOPE'])")}`,
    );
    expect(skus.body.value.map((p) => p.productnumber).sort()).toEqual(['MUG-GRY', 'TOTE-NAT']);
  });

  it('refuses bad filters with the OData error body', async () => {
    const unknown = await get("salesorders?$filter=nope eq 'x'");
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toEqual({
      code: '0x80060888',
      message: "Could not find a property named 'nope' on type 'Microsoft.Dynamics.CRM.salesorder'.",
    });
    const types = await get("salesorders?$filter=totalamount eq 'ten'");
    expect(types.body.error.message).toMatch(/incompatible types .*'Edm.Decimal' and 'Edm.String'/);
    const lookup = await get('salesorders?$filter=customerid eq null');
    expect(lookup.status).toBe(400);
    expect((await get("salesorders?$filter=name eq 'x' and")).status).toBe(400);
    expect((await get('salesorders?$skip=1')).body.error.message).toBe(
      'The query parameter $skip is not supported',
    );
    expect((await get('salesorders?$top=1&$top=2')).status).toBe(400);
  });

  it('orders, limits and counts', async () => {
    const { body } = await get(
      'salesorders?$select=name,totalamount&$orderby=totalamount desc,name&$top=2&$count=true',
    );
    expect(body.value.map((o) => o.name)).toEqual(['BC-1003', 'BC-1002']);
    expect(body['@odata.count']).toBe(3);
    expect(body['@odata.nextLink']).toBeUndefined();
  });

  it('expands order lines and the customer', async () => {
    const { body } = await get(
      `salesorders(${orderIds[1]})?$select=name&$expand=order_details($select=quantity,_productid_value,lineitemnumber;$orderby=lineitemnumber desc),customerid_account($select=name)`,
    );
    const details = body.order_details as Doc[];
    expect(details).toHaveLength(2);
    expect(details[0]).toMatchObject({ lineitemnumber: 2, quantity: 3 });
    expect(details[1]?._productid_value).toBe(
      sim.catalog.products.find((p) => p.sku === 'TSHIRT-BLK-M')?.productId,
    );
    expect(body.customerid_account).toMatchObject({
      name: 'BigCommerce Web Store',
      accountid: sim.catalog.accountId,
    });
    const filtered = await get(
      `salesorders?$select=name&$expand=order_details($filter=quantity gt 2;$select=quantity)`,
    );
    expect(filtered.body.value.map((o) => (o.order_details as Doc[]).length)).toEqual([0, 1, 1]);
    expect((await get('salesorders?$expand=nope')).status).toBe(400);
  });

  it('pages with odata.maxpagesize and @odata.nextLink', async () => {
    const prefer = { Prefer: 'odata.maxpagesize=2' };
    const first = await get('salesorders?$select=name', prefer);
    expect(first.headers.get('preference-applied')).toBe('odata.maxpagesize=2');
    expect(first.body.value).toHaveLength(2);
    const next = String(first.body['@odata.nextLink']);
    expect(next).toMatch(new RegExp(`^${sim.environmentUrl}/api/data/v9.2/salesorders\\?.*%24skiptoken=`));
    const second = await get(next, prefer);
    expect(second.body.value.map((o) => o.name)).toEqual(['BC-1003']);
    expect(second.body['@odata.nextLink']).toBeUndefined();
  });

  it('adds formatted values and lookup annotations on request', async () => {
    const { body, headers } = await get(`salesorders(${orderIds[0]})?$select=_customerid_value,statecode`, {
      Prefer: 'odata.include-annotations="*"',
    });
    expect(headers.get('etag')).toMatch(/^W\/"\d+"$/);
    expect(body).toMatchObject({
      '_customerid_value@OData.Community.Display.V1.FormattedValue': 'BigCommerce Web Store',
      '_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'account',
      '_customerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty': 'customerid_account',
      'statecode@OData.Community.Display.V1.FormattedValue': 'Active',
    });
    const plain = await get(`salesorders(${orderIds[0]})?$select=_customerid_value`);
    expect(Object.keys(plain.body).some((key) => key.includes('@OData.Community'))).toBe(false);
  });

  it('reads one row by id, by alternate key, and its lines through the navigation property', async () => {
    const byId = await get(`salesorders(${orderIds[0]})?$select=name`);
    expect(byId.body['@odata.context']).toMatch(/#salesorders\(name\)\/\$entity$/);
    expect(byId.body.name).toBe('BC-1001');
    const byKey = await get(`salesorders(msdyn_externalorderid='1002')?$select=name`);
    expect(byKey.body.name).toBe('BC-1002');
    const quoted = await get(`salesorders(msdyn_externalorderid='10''03')?$select=name`);
    expect(quoted.body.name).toBe('BC-1003');
    const lines = await get(`salesorders(${orderIds[1]})/order_details?$select=quantity`);
    expect(lines.body.value).toHaveLength(2);
  });

  it('answers 304 when the etag still matches', async () => {
    const first = await get(`salesorders(${orderIds[0]})?$select=name`);
    const etag = String(first.body['@odata.etag']);
    const again = await fetch(
      `${sim.environmentUrl}/api/data/v9.2/salesorders(${orderIds[0]})?$select=name`,
      {
        headers: { Authorization: `Bearer ${token}`, 'If-None-Match': etag },
      },
    );
    expect(again.status).toBe(304);
    expect((await get(`salesorders(${orderIds[0]})?$select=name`, { 'If-None-Match': 'null' })).status).toBe(
      200,
    );
  });

  it('refuses an alternate key that does not exist and answers 404 for a missing row', async () => {
    sim.knobs.alternateKeyOnExternalOrderId = false;
    const noKey = await get(`salesorders(msdyn_externalorderid='1002')`);
    expect(noKey.status).toBe(400);
    expect(noKey.body.error).toEqual({
      code: '0x80060888',
      message:
        "The key in the request URI is not valid for resource 'Microsoft.Dynamics.CRM.salesorder'. Ensure that the names and number of key properties match the declared or alternate key properties for the resource 'Microsoft.Dynamics.CRM.salesorder'.",
    });
    const missing = await get('salesorders(00000000-0000-4000-8000-000000000001)');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      code: '0x80040217',
      message: 'salesorder With Id = 00000000-0000-4000-8000-000000000001 Does Not Exist',
    });
    sim.knobs.alternateKeyOnExternalOrderId = true;
    const missingByKey = await get(`salesorders(msdyn_externalorderid='nope')`);
    expect(missingByKey.status).toBe(404);
    expect(missingByKey.body.error.message).toBe(
      'salesorder With Ids = msdyn_externalorderid:nope Does Not Exist',
    );
  });

  it('serves the seeded master data a demo store needs', async () => {
    const products = await get(
      'products?$select=productnumber,name,price,_defaultuomid_value&$orderby=productnumber',
    );
    expect(products.body.value.length).toBeGreaterThanOrEqual(8);
    expect(products.body.value.every((p) => p._defaultuomid_value === sim.catalog.uomId)).toBe(true);
    const currencies = await get('transactioncurrencies?$select=isocurrencycode');
    expect(currencies.body.value.map((c) => c.isocurrencycode).sort()).toEqual(['EUR', 'USD']);
    expect((await get("uoms?$filter=name eq 'Each'")).body.value).toHaveLength(1);
    expect((await get('uomschedules')).body.value).toHaveLength(1);
    expect((await get('pricelevels?$select=name')).body.value).toEqual([
      expect.objectContaining({ name: 'MasterPriceList' }),
    ]);
    expect((await get('accounts?$select=name')).body.value).toHaveLength(1);
    expect((await get('msdyn_warehouses?$select=msdyn_name')).body.value).toHaveLength(2);
  });
});
