import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { IomSimulator } from '../../scripts/sandbox/iom';
import { appToken, useIomSandbox, webApi } from './iom-kit';

/**
 * Who may call the simulated Dataverse Web API: bearer token checks, the application user, privileges,
 * whether IOM is installed, and the EntityDefinitions a connection test reads.
 */
describe('IOM simulator: Web API access, WhoAmI and metadata', () => {
  let sim: IomSimulator;
  let token: string;
  useIomSandbox((running) => ({ sim, token } = running), { withToken: true });

  const get = (path: string, headers: Record<string, string> = {}, bearer: string | null = token) =>
    webApi(sim, bearer, 'GET', path, undefined, headers);

  it('answers WhoAmI with the application user, business unit and organization', async () => {
    const { status, body, headers } = await get('WhoAmI');
    expect(status).toBe(200);
    expect(headers.get('odata-version')).toBe('4.0');
    expect(body['@odata.context']).toBe(
      `${sim.environmentUrl}/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
    );
    expect(body.UserId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.BusinessUnitId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.OrganizationId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await get('WhoAmI()')).status).toBe(200);
  });

  it('refuses a request without a token with 401, a Dataverse error body and WWW-Authenticate', async () => {
    const { status, body, headers } = await get('WhoAmI', {}, null);
    expect(status).toBe(401);
    expect(body).toEqual({ error: { code: '', message: expect.stringMatching(/bearer token/i) } });
    expect(headers.get('www-authenticate')).toBe(
      `Bearer authorization_uri=${sim.authorityHost}/${sim.credentials.tenantId}/oauth2/authorize, resource_id=${sim.environmentUrl}/`,
    );
  });

  it('refuses an expired token with 401', async () => {
    sim.knobs.tokenLifetimeSeconds = 0;
    const expired = await appToken(sim);
    const { status, body, headers } = await get('WhoAmI', {}, expired);
    expect(status).toBe(401);
    expect(body.error.message).toMatch(/expired/);
    expect(headers.get('www-authenticate')).toMatch(/^Bearer authorization_uri=/);
  });

  it('refuses a token signed by someone else and a malformed token with 401', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = jwt.sign({ appid: sim.credentials.clientId, tid: sim.credentials.tenantId }, privateKey, {
      algorithm: 'RS256',
      audience: sim.environmentUrl,
      issuer: `https://sts.windows.net/${sim.credentials.tenantId}/`,
      expiresIn: '1h',
    });
    expect((await get('WhoAmI', {}, forged)).status).toBe(401);
    expect((await get('WhoAmI', {}, 'not.a.jwt')).status).toBe(401);
  });

  it('answers 403 when the app registration is not an application user in the environment', async () => {
    sim.knobs.applicationUserExists = false;
    const { status, body } = await get('WhoAmI');
    expect(status).toBe(403);
    expect(body.error).toEqual({
      code: '0x80072560',
      message: 'The user is not a member of the organization.',
    });
  });

  it('answers 403 PrivilegeDenied when the role lacks read on sales orders', async () => {
    sim.knobs.privileges.readSalesOrders = false;
    const { status, body } = await get('salesorders?$top=1&$select=salesorderid');
    expect(status).toBe(403);
    expect(body.error.code).toBe('0x80040220');
    expect(body.error.message).toMatch(/is missing prvReadSalesOrder privilege/);
    expect((await get('products?$top=1')).status).toBe(200);
  });

  it('describes a table with EntityDefinitions, $select and $expand of Keys', async () => {
    const { status, body } = await get(
      "EntityDefinitions(LogicalName='salesorder')?$select=LogicalName,EntitySetName,ChangeTrackingEnabled&$expand=Keys($select=LogicalName,KeyAttributes,EntityKeyIndexStatus)",
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      LogicalName: 'salesorder',
      EntitySetName: 'salesorders',
      ChangeTrackingEnabled: true,
      Keys: [{ KeyAttributes: ['msdyn_externalorderid'], EntityKeyIndexStatus: 'Active' }],
    });
    expect(body.PrimaryIdAttribute).toBeUndefined();
    sim.knobs.changeTracking.msdyn_fulfillmentorder = false;
    sim.knobs.alternateKeyOnExternalOrderId = false;
    const fo = await get(
      "EntityDefinitions(LogicalName='msdyn_fulfillmentorder')?$select=ChangeTrackingEnabled",
    );
    expect(fo.body.ChangeTrackingEnabled).toBe(false);
    const keys = await get("EntityDefinitions(LogicalName='salesorder')/Keys");
    expect(keys.body.value).toEqual([]);
    const byId = await get(`EntityDefinitions(${String(body.MetadataId)})?$select=LogicalName`);
    expect(byId.body.LogicalName).toBe('salesorder');
    const unknown = await get("EntityDefinitions(LogicalName='salesorder')?$select=Colour");
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      "Could not find a property named 'Colour' on type 'Microsoft.Dynamics.CRM.EntityMetadata'.",
    );
  });

  it('lists attributes and relationships of a table', async () => {
    const { body } = await get(
      "EntityDefinitions(LogicalName='msdyn_fulfillmentorderdetail')?$select=LogicalName&$expand=Attributes($select=LogicalName,AttributeType),ManyToOneRelationships($select=ReferencingAttribute,ReferencedEntity,ReferencingEntityNavigationPropertyName)",
    );
    expect(body.Attributes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ LogicalName: 'msdyn_fulfillmentid', AttributeType: 'Lookup' }),
      ]),
    );
    expect(body.ManyToOneRelationships).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ReferencingAttribute: 'msdyn_fulfillmentid',
          ReferencedEntity: 'msdyn_fulfillmentorder',
          ReferencingEntityNavigationPropertyName: 'msdyn_fulfillmentid',
        }),
      ]),
    );
    const required = await get(
      "EntityDefinitions(LogicalName='salesorder')/Attributes?$select=LogicalName&$filter=LogicalName eq 'pricelevelid'",
    );
    expect(required.body.value).toEqual([expect.objectContaining({ LogicalName: 'pricelevelid' })]);
  });

  it('filters the table list on ChangeTrackingEnabled', async () => {
    const { body } = await get('EntityDefinitions?$select=LogicalName&$filter=ChangeTrackingEnabled eq true');
    expect(body.value.map((d) => d.LogicalName).sort()).toEqual([
      'msdyn_fulfillmentorder',
      'msdyn_returnorder',
      'salesorder',
    ]);
  });

  it('hides the msdyn tables and columns when IOM is not installed', async () => {
    sim.knobs.iomInstalled = false;
    const definition = await get(
      "EntityDefinitions(LogicalName='msdyn_fulfillmentorder')?$select=ChangeTrackingEnabled",
    );
    expect(definition.status).toBe(404);
    expect(definition.body.error).toEqual({
      code: '0x80040217',
      message:
        "The entity with a name = 'msdyn_fulfillmentorder' with namemapping = 'Logical' was not found in the MetadataCache.",
    });
    const set = await get('msdyn_fulfillmentorders?$top=1');
    expect(set.status).toBe(404);
    expect(set.body.error).toEqual({
      code: '0x8006088a',
      message: "Resource not found for the segment 'msdyn_fulfillmentorders'.",
    });
    const column = await get('salesorders?$select=msdyn_externalorderid');
    expect(column.status).toBe(400);
    expect(column.body.error.message).toBe(
      "Could not find a property named 'msdyn_externalorderid' on type 'Microsoft.Dynamics.CRM.salesorder'.",
    );
  });

  it('refuses unknown segments, unsupported methods, old OData versions and non-JSON Accept headers', async () => {
    expect((await get('accountss')).body.error.code).toBe('0x8006088a');
    const put = await fetch(`${sim.environmentUrl}/api/data/v9.2/accounts`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(put.status).toBe(405);
    expect((await get('WhoAmI', { 'OData-MaxVersion': '3.0' })).status).toBe(400);
    const xml = await get('accounts', { Accept: 'application/xml' });
    expect(xml.status).toBe(406);
    expect(xml.body.error.code).toBe('0x80060888');
  });

  it('adds help-link annotations to errors when the caller asks for annotations', async () => {
    const { body } = await get('salesorders?$select=nope', { Prefer: 'odata.include-annotations="*"' });
    expect(body.error['@Microsoft.PowerApps.CDS.HelpLink']).toMatch(/^http:\/\/go\.microsoft\.com\/fwlink/);
  });
});
