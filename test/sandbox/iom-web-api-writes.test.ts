import type { IomSimulator } from '../../scripts/sandbox/iom';
import { entityIdOf, orderHeader, orderLine, productId, useIomSandbox, webApi, type Doc } from './iom-kit';

/** Writing rows through the simulated Web API: deep insert, validation, binds, upsert, delete, keys. */
describe('IOM simulator: Web API writes', () => {
  let sim: IomSimulator;
  let token: string;
  useIomSandbox((running) => ({ sim, token } = running), { withToken: true });

  /** Writes send their JSON with `charset=utf-8`, as many HTTP clients do. */
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    webApi(sim, token, method, path, body, {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' }),
      ...headers,
    });

  const sku = (code: string) => productId(sim, code);
  const line = (code: string, quantity: number) => orderLine(sim, code, quantity);
  const order = (overrides: Record<string, unknown> = {}) => ({
    ...orderHeader(sim, '100231'),
    shipto_name: 'Jane Doe',
    shipto_city: 'Bellevue',
    order_details: [line('MUG-GRY', 2), line('TSHIRT-BLK-M', 1)],
    ...overrides,
  });
  const without = (key: string) => {
    const body: Record<string, unknown> = order();
    delete body[key];
    return body;
  };

  it('creates an order with its lines in one deep insert and answers 204 with OData-EntityId', async () => {
    const { status, headers, body } = await call('POST', 'salesorders', order());
    expect(status).toBe(204);
    expect(body).toBeNull();
    const entityId = headers.get('odata-entityid') ?? '';
    expect(entityId).toMatch(
      new RegExp(`^${sim.environmentUrl}/api/data/v9.2/salesorders\\([0-9a-f-]{36}\\)$`),
    );
    const [view] = sim.inspect.salesOrders();
    expect(view).toMatchObject({
      name: 'BC-100231',
      externalOrderId: '100231',
      customerName: 'BigCommerce Web Store',
      state: 'Active',
      iomState: 'New',
      totalAmount: 52,
    });
    expect(view?.orderNumber).toMatch(/^ORD-01001-[A-Z0-9]{6}$/);
    expect(view?.lines.map((l) => [l.sku, l.quantity, l.pricePerUnit])).toEqual([
      ['MUG-GRY', 2, 14],
      ['TSHIRT-BLK-M', 1, 24],
    ]);
  });

  it('returns the created row with Prefer: return=representation and $select', async () => {
    const { status, headers, body } = await call(
      'POST',
      'salesorders?$select=name,ordernumber,statecode,totalamount',
      order({
        order_details: [
          line('MUG-GRY', 1),
          { isproductoverridden: true, productdescription: 'Gift wrap', quantity: 1, priceperunit: 3.5 },
        ],
      }),
      { Prefer: 'return=representation' },
    );
    expect(status).toBe(201);
    expect(headers.get('preference-applied')).toBe('return=representation');
    expect(body['@odata.context']).toMatch(
      /\$metadata#salesorders\(name,ordernumber,statecode,totalamount\)\/\$entity$/,
    );
    expect(body).toMatchObject({ name: 'BC-100231', statecode: 0, totalamount: 17.5 });
    expect(body.salesorderid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['name', 'Name'],
    ['customerid_account@odata.bind', 'Customer'],
    ['pricelevelid@odata.bind', 'Price List'],
    ['transactioncurrencyid@odata.bind', 'Currency'],
  ])('refuses an order without %s with a 400 naming the column', async (key, display) => {
    const column = key.replace(/_account@odata\.bind$|@odata\.bind$/, '');
    const { status, body } = await call('POST', 'salesorders', without(key));
    expect(status).toBe(400);
    expect(body.error).toEqual({
      code: '0x80044331',
      message: `A validation error occurred. The required column '${column}' (${display}) of the 'salesorder' record was not provided.`,
    });
    expect(sim.inspect.salesOrders()).toEqual([]);
  });

  it('refuses lines without quantity, product and unit, or a write-in description, and rolls the order back', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        {
          'productid@odata.bind': `/products(${sku('MUG-GRY')})`,
          'uomid@odata.bind': `/uoms(${sim.catalog.uomId})`,
        },
        'quantity',
      ],
      [{ 'uomid@odata.bind': `/uoms(${sim.catalog.uomId})`, quantity: 1 }, 'productid'],
      [{ 'productid@odata.bind': `/products(${sku('MUG-GRY')})`, quantity: 1 }, 'uomid'],
      [{ isproductoverridden: true, quantity: 1 }, 'productdescription'],
    ];
    for (const [bad, column] of cases) {
      const { status, body } = await call(
        'POST',
        'salesorders',
        order({ order_details: [line('MUG-GRY', 1), bad] }),
      );
      expect(status).toBe(400);
      expect(body.error.code).toBe('0x80044331');
      expect(body.error.message).toContain(`'${column}'`);
    }
    expect(sim.inspect.salesOrders()).toEqual([]);
    const lines = await call('GET', 'salesorderdetails?$select=salesorderdetailid');
    expect(lines.body.value).toEqual([]);
  });

  it('refuses binds to records that do not exist or to the wrong table', async () => {
    const missing = await call(
      'POST',
      'salesorders',
      order({ 'pricelevelid@odata.bind': '/pricelevels(00000000-0000-4000-8000-000000000009)' }),
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      code: '0x80040217',
      message: 'pricelevel With Id = 00000000-0000-4000-8000-000000000009 Does Not Exist',
    });
    const wrongTable = await call(
      'POST',
      'salesorders',
      order({ 'pricelevelid@odata.bind': `/accounts(${sim.catalog.accountId})` }),
    );
    expect(wrongTable.status).toBe(400);
    const absolute = await call(
      'POST',
      'salesorders',
      order({
        'pricelevelid@odata.bind': `${sim.environmentUrl}/api/data/v9.2/pricelevels(${sim.catalog.priceLevelId})`,
      }),
    );
    expect(absolute.status).toBe(204);
  });

  it('refuses unknown properties, raw lookup values, wrong types and too-long text', async () => {
    const unknown = await call('POST', 'salesorders', order({ colour: 'red' }));
    expect(unknown.body.error.message).toMatch(
      /^The property 'colour' does not exist on type 'Microsoft\.Dynamics\.CRM\.salesorder'/,
    );
    const raw = await call('POST', 'salesorders', order({ _pricelevelid_value: sim.catalog.priceLevelId }));
    expect(raw.body.error.message).toBe(
      'CRM do not support direct update of Entity Reference properties, Use Navigation properties instead.',
    );
    const type = await call('POST', 'salesorders', order({ freightamount: 'ten' }));
    expect(type.body.error.message).toMatch(/expected type 'Edm\.Decimal'/);
    const long = await call('POST', 'salesorders', order({ name: 'x'.repeat(301) }));
    expect(long.body.error).toMatchObject({ code: '0x80044331' });
    expect(long.body.error.message).toMatch(/maximum allowed length of '300'/);
    const badJson = await fetch(`${sim.environmentUrl}/api/data/v9.2/salesorders`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{"name":',
    });
    expect(badJson.status).toBe(400);
    const text = await fetch(`${sim.environmentUrl}/api/data/v9.2/salesorders`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' },
      body: 'hello',
    });
    expect(text.status).toBe(415);
    expect(sim.inspect.salesOrders()).toEqual([]);
  });

  it('answers 403 PrivilegeDenied when the role may not create orders', async () => {
    sim.knobs.privileges.createSalesOrders = false;
    const { status, body } = await call('POST', 'salesorders', order());
    expect(status).toBe(403);
    expect(body.error.message).toMatch(/missing prvCreateSalesOrder privilege/);
  });

  describe('upsert by alternate key', () => {
    const path = "salesorders(msdyn_externalorderid='100231')";

    it('creates with If-None-Match: * and then answers 412 for the same key', async () => {
      const body = order({ msdyn_externalorderid: undefined });
      const first = await call('PATCH', `${path}?$select=name,msdyn_externalorderid`, body, {
        'If-None-Match': '*',
        Prefer: 'return=representation',
      });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ name: 'BC-100231', msdyn_externalorderid: '100231' });
      const again = await call('PATCH', path, body, { 'If-None-Match': '*' });
      expect(again.status).toBe(412);
      expect(again.body.error).toEqual({
        code: '0x80040237',
        message: 'A record with matching key values already exists.',
      });
      expect(sim.inspect.salesOrders()).toHaveLength(1);
    });

    it('updates only with If-Match: * and answers 404 when the record is missing', async () => {
      const missing = await call('PATCH', path, { name: 'renamed' }, { 'If-Match': '*' });
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('0x80040217');
      expect(sim.inspect.salesOrders()).toEqual([]);
      await call('POST', 'salesorders', order());
      const updated = await call('PATCH', path, { description: 'Leave at the door' }, { 'If-Match': '*' });
      expect(updated.status).toBe(204);
      expect(updated.headers.get('odata-entityid')).toMatch(/salesorders\([0-9a-f-]{36}\)$/);
      expect((await call('GET', `${path}?$select=description`)).body.description).toBe('Leave at the door');
    });

    it('checks optimistic concurrency with If-Match: W/"etag"', async () => {
      await call('POST', 'salesorders', order());
      const { body: current } = await call('GET', `${path}?$select=name`);
      const etag = String(current['@odata.etag']);
      const fresh = await call(
        'PATCH',
        path,
        { description: 'first' },
        { 'If-Match': etag, Prefer: 'return=representation' },
      );
      expect(fresh.status).toBe(200);
      expect(fresh.body['@odata.etag']).not.toBe(etag);
      const stale = await call('PATCH', path, { description: 'second' }, { 'If-Match': etag });
      expect(stale.status).toBe(412);
      expect(stale.body.error).toEqual({
        code: '0x80060882',
        message: "The version of the existing record doesn't match the RowVersion property provided.",
      });
    });

    it('refuses the key when the table has no such alternate key', async () => {
      sim.knobs.alternateKeyOnExternalOrderId = false;
      const { status, body } = await call('PATCH', path, order(), { 'If-None-Match': '*' });
      expect(status).toBe(400);
      expect(body.error.message).toMatch(
        /^The key in the request URI is not valid for resource 'Microsoft\.Dynamics\.CRM\.salesorder'/,
      );
    });

    it('refuses a second order with the same external order id (unique key)', async () => {
      await call('POST', 'salesorders', order());
      const { status, body } = await call('POST', 'salesorders', order({ name: 'BC-again' }));
      expect(status).toBe(412);
      expect(body.error.code).toBe('0x80060892');
      expect(body.error.message).toMatch(
        /A record that has the attribute values msdyn_externalorderid already exists/,
      );
    });

    it('refuses a deep update of the lines of an existing order', async () => {
      await call('POST', 'salesorders', order());
      const { status } = await call('PATCH', path, { order_details: [line('MUG-WHT', 1)] });
      expect(status).toBe(400);
    });
  });

  it('creates with PATCH by primary key when the row does not exist (upsert by id)', async () => {
    const id = '3f1e2d3c-4b5a-4697-8876-a5b4c3d2e1f0';
    const { status } = await call('PATCH', `salesorders(${id})`, order());
    expect(status).toBe(204);
    expect(sim.inspect.salesOrders()[0]?.salesOrderId).toBe(id);
  });

  it('updates lines and recalculates the order total', async () => {
    const created = await call(
      'POST',
      'salesorders?$expand=order_details($select=salesorderdetailid)',
      order(),
      {
        Prefer: 'return=representation',
      },
    );
    const lineId = (created.body.order_details as Doc[])[0]?.salesorderdetailid;
    const updated = await call('PATCH', `salesorderdetails(${lineId})`, { quantity: 5 }, { 'If-Match': '*' });
    expect(updated.status).toBe(204);
    expect(sim.inspect.salesOrders()[0]?.totalAmount).toBe(5 * 14 + 24);
  });

  it('deletes an order with its lines; a second delete answers 404', async () => {
    const created = await call('POST', 'salesorders', order());
    const id = entityIdOf(created.headers);
    expect((await call('DELETE', `salesorders(${id})`)).status).toBe(204);
    expect((await call('GET', `salesorders(${id})`)).status).toBe(404);
    expect((await call('GET', 'salesorderdetails')).body.value).toEqual([]);
    expect((await call('DELETE', `salesorders(${id})`)).status).toBe(404);
  });

  describe('alternate keys created through EntityDefinitions', () => {
    const keyBody = {
      SchemaName: 'new_ProductNumberKey',
      DisplayName: { LocalizedLabels: [{ Label: 'Product number', LanguageCode: 1033 }] },
      KeyAttributes: ['productnumber'],
    };

    it('binds products by productnumber once the key exists', async () => {
      const bySku = { ...line('MUG-GRY', 1), 'productid@odata.bind': "/products(productnumber='MUG-GRY')" };
      const before = await call('POST', 'salesorders', order({ order_details: [bySku] }));
      expect(before.status).toBe(400);
      expect(before.body.error.message).toMatch(
        /key in the request URI is not valid for resource 'Microsoft\.Dynamics\.CRM\.product'/,
      );
      const created = await call('POST', "EntityDefinitions(LogicalName='product')/Keys", keyBody);
      expect(created.status).toBe(204);
      expect(created.headers.get('odata-entityid')).toMatch(
        /EntityDefinitions\([0-9a-f-]{36}\)\/Keys\([0-9a-f-]{36}\)$/,
      );
      const keys = await call(
        'GET',
        "EntityDefinitions(LogicalName='product')/Keys?$select=KeyAttributes,EntityKeyIndexStatus",
      );
      expect(keys.body.value).toEqual([
        expect.objectContaining({ KeyAttributes: ['productnumber'], EntityKeyIndexStatus: 'Active' }),
      ]);
      const after = await call('POST', 'salesorders', order({ order_details: [bySku] }));
      expect(after.status).toBe(204);
      const missingSku = await call(
        'POST',
        'salesorders',
        order({
          msdyn_externalorderid: '2',
          order_details: [{ ...bySku, 'productid@odata.bind': "/products(productnumber='NOPE')" }],
        }),
      );
      expect(missingSku.status).toBe(404);
      expect(missingSku.body.error.message).toBe('product With Ids = productnumber:NOPE Does Not Exist');
    });

    it('creates the external order id key on salesorder', async () => {
      sim.knobs.alternateKeyOnExternalOrderId = false;
      const { status } = await call('POST', "EntityDefinitions(LogicalName='salesorder')/Keys", {
        SchemaName: 'bc_ExternalOrderIdKey',
        KeyAttributes: ['msdyn_externalorderid'],
      });
      expect(status).toBe(204);
      expect(sim.knobs.alternateKeyOnExternalOrderId).toBe(true);
    });

    it('answers 403 without the customization privilege and 400 for a bad definition', async () => {
      sim.knobs.privileges.customizeEntities = false;
      const denied = await call('POST', "EntityDefinitions(LogicalName='product')/Keys", keyBody);
      expect(denied.status).toBe(403);
      expect(denied.body.error.code).toBe('0x80040220');
      sim.knobs.privileges.customizeEntities = true;
      const bad = await call('POST', "EntityDefinitions(LogicalName='product')/Keys", {
        ...keyBody,
        KeyAttributes: ['nope'],
      });
      expect(bad.status).toBe(400);
      const empty = await call('POST', "EntityDefinitions(LogicalName='product')/Keys", { SchemaName: 'x' });
      expect(empty.status).toBe(400);
    });
  });
});
