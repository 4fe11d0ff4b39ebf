import type {
  ApiErrorBody,
  CarrierMappingPutResponse,
  CarrierMappingResponse,
  CarrierMappingsResponse,
} from '../../server/http/api-types';
import { resolveCarrier } from '../../server/relay/carrier-map';
import {
  api,
  installStore,
  jsonRequest,
  openApp,
  ownerSession,
  startHarness,
  type Harness,
} from '../helpers/harness';

const STORE = 'demo7x3';
const OTHER = 'othr9k2';
const OWNER = 7654321;
/** The simulator's second user of demo7x3, a plain user. */
const STAFF = 9876543;

describe('carrier mappings: IOM carrier name → BigCommerce shipment carrier', () => {
  let h: Harness;
  let ownerToken: string;
  let staffToken: string;

  beforeAll(async () => {
    h = await startHarness({ env: { ROLE: 'web' } });
    ownerToken = await ownerSession(h, STORE, OWNER);
    staffToken = await openApp(h, STORE, STAFF);
    await installStore(h, OTHER);
  });
  afterAll(async () => {
    await h.close();
  });

  const path = (name: string) => `/api/mappings/carrier/${encodeURIComponent(name)}`;
  const get = async (name: string) => {
    const res = await api(h, staffToken, path(name));
    expect(res.status).toBe(200);
    return (await res.json()) as CarrierMappingResponse;
  };
  const errorOf = async (res: Response) => ((await res.json()) as ApiErrorBody).error;

  it('resolves common carriers by default, whatever their case and spacing, and nothing for an unknown one', async () => {
    expect(await get('dhl-express')).toEqual({
      iomCarrier: 'dhl-express',
      resolved: { trackingCarrier: 'dhl', shippingProvider: '', source: 'default' },
      default: { trackingCarrier: 'dhl', shippingProvider: '' },
      override: null,
    });
    expect((await get('  royal MAIL ')).resolved).toEqual({
      trackingCarrier: 'royal-mail',
      shippingProvider: 'royalmail',
      source: 'default',
    });
    expect((await get('Bob’s Couriers')).resolved).toBeNull();
    const list = await api(h, staffToken, '/api/mappings/carrier');
    const body = (await list.json()) as CarrierMappingsResponse;
    expect(body.defaults).toEqual(
      expect.arrayContaining([{ iomCarrier: 'UPS', trackingCarrier: 'ups', shippingProvider: 'ups' }]),
    );
    expect(body.overrides).toEqual([]);
    expect(body.shippingProviders).toContain('royalmail');
  });

  it('lets the owner override a carrier (the override wins), per store, and delete it again', async () => {
    const res = await jsonRequest(h, ownerToken, 'PUT', path('UPS'), {
      trackingCarrier: 'UPS-Mail-Innovations',
      shippingProvider: 'upsready',
    });
    expect(res.status).toBe(200);
    const put = (await res.json()) as CarrierMappingPutResponse;
    expect(put).toEqual({
      mapping: {
        iomCarrier: 'UPS',
        trackingCarrier: 'ups-mail-innovations',
        shippingProvider: 'upsready',
        updatedAt: expect.any(String),
      },
      requeued: [],
    });
    expect((await get('ups')).resolved).toEqual({
      trackingCarrier: 'ups-mail-innovations',
      shippingProvider: 'upsready',
      source: 'merchant',
    });
    expect(await resolveCarrier(h.deps, OTHER, 'UPS')).toMatchObject({ source: 'default' });

    const custom = await jsonRequest(h, ownerToken, 'PUT', path('Bob’s Couriers'), {
      trackingCarrier: '',
      shippingProvider: 'carrier_12',
    });
    expect(custom.status).toBe(200);
    expect(await resolveCarrier(h.deps, STORE, 'bob’s couriers')).toEqual({
      trackingCarrier: '',
      shippingProvider: 'carrier_12',
      source: 'merchant',
    });
    const list = (await (
      await api(h, ownerToken, '/api/mappings/carrier')
    ).json()) as CarrierMappingsResponse;
    expect(list.overrides.map((o) => o.iomCarrier).sort()).toEqual(['Bob’s Couriers', 'UPS']);

    expect((await api(h, ownerToken, path('ups'), { method: 'DELETE' })).status).toBe(204);
    expect((await get('UPS')).resolved).toMatchObject({ source: 'default', trackingCarrier: 'ups' });
  });

  it('refuses bad bodies with field errors, an unknown shipping provider with the list', async () => {
    const res = await jsonRequest(h, ownerToken, 'PUT', path('DPD'), {
      trackingCarrier: 'DPD UK!',
      shippingProvider: 'dhl',
      colour: 'red',
    });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.fields).toEqual(
      expect.arrayContaining([
        { field: 'trackingCarrier', message: expect.stringContaining('AfterShip courier slug') },
        {
          field: 'shippingProvider',
          message: expect.stringMatching(
            /is not a BigCommerce shipping provider: use one of .*auspost.*carrier_\{id\}/,
          ),
        },
        { field: 'colour', message: expect.stringContaining('send trackingCarrier and shippingProvider') },
      ]),
    );
    const missing = await jsonRequest(h, ownerToken, 'PUT', path('DPD'), { trackingCarrier: 'dpd' });
    expect((await errorOf(missing)).fields).toEqual([
      { field: 'shippingProvider', message: expect.stringContaining('must be one of') },
    ]);
    const blank = await jsonRequest(h, ownerToken, 'PUT', path('  '), {
      trackingCarrier: 'dpd',
      shippingProvider: '',
    });
    expect(blank.status).toBe(400);
    expect((await errorOf(blank)).fields?.[0]?.field).toBe('iomCarrier');
    expect((await get('DPD')).override).toBeNull();
  });

  it('lets a plain user read but not change carrier mappings', async () => {
    const put = await jsonRequest(h, staffToken, 'PUT', path('DPD'), {
      trackingCarrier: 'dpd',
      shippingProvider: '',
    });
    expect(put.status).toBe(403);
    expect((await errorOf(put)).code).toBe('forbidden_role');
    expect((await api(h, staffToken, path('DPD'), { method: 'DELETE' })).status).toBe(403);
  });
});
