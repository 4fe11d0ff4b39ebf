import type { ApiErrorBody, SettingsResponse } from '../../server/http/api-types';
import { DEFAULT_OUTBOUND_SETTINGS } from '../../server/relay/outbound-settings';
import { api, jsonRequest, openApp, ownerSession, startHarness, type Harness } from '../helpers/harness';

const STORE = 'demo7x3';
const OWNER = 7654321;
/** The simulator's second user of demo7x3, a plain user. */
const STAFF = 9876543;

describe('outbound settings through GET|PUT /api/settings', () => {
  let h: Harness;
  let ownerToken: string;
  let staffToken: string;

  beforeAll(async () => {
    h = await startHarness({ env: { ROLE: 'web' } });
    ownerToken = await ownerSession(h, STORE, OWNER);
    staffToken = await openApp(h, STORE, STAFF);
  });
  afterAll(async () => {
    await h.close();
  });

  const read = async () => {
    const res = await api(h, ownerToken, '/api/settings');
    expect(res.status).toBe(200);
    return ((await res.json()) as SettingsResponse).settings;
  };
  const put = (body: unknown, token = ownerToken) => jsonRequest(h, token, 'PUT', '/api/settings', body);
  const fieldsOf = async (res: Response) => ((await res.json()) as ApiErrorBody).error.fields;

  it('answers the defaults next to the inbound fields, also for a document stored before them', async () => {
    await h.deps.storage.settings.put(STORE, { syncEnabled: false, statusAllowList: [11] }, new Date());
    const settings = await read();
    expect(settings.statusAllowList).toEqual([11]);
    expect(settings.outbound).toEqual(DEFAULT_OUTBOUND_SETTINGS);
  });

  it('applies a partial outbound update, keeps it across inbound updates, and stores it under outbound', async () => {
    const res = await put({
      outbound: { statusMap: { shipped: 10 }, refundsEnabled: true, pollIntervalSeconds: 30 },
    });
    expect(res.status).toBe(200);
    const answered = ((await res.json()) as SettingsResponse).settings.outbound;
    expect(answered).toEqual({
      ...DEFAULT_OUTBOUND_SETTINGS,
      statusMap: { ...DEFAULT_OUTBOUND_SETTINGS.statusMap, shipped: 10 },
      refundsEnabled: true,
      pollIntervalSeconds: 30,
    });
    expect((await put({ unmappedSkuPolicy: 'write-in' })).status).toBe(200);
    expect(
      (await put({ outbound: { lockedStatuses: [10], statusMap: { cancelRequested: 5 } } })).status,
    ).toBe(200);
    const settings = await read();
    expect(settings.unmappedSkuPolicy).toBe('write-in');
    expect(settings.statusAllowList).toEqual([11]);
    expect(settings.outbound).toMatchObject({
      statusMap: { shipped: 10, cancelRequested: 5, cancelled: 5 },
      lockedStatuses: [10],
      refundsEnabled: true,
      pollIntervalSeconds: 30,
    });
    const stored = await h.deps.storage.settings.get(STORE);
    expect(stored?.outbound).toEqual(settings.outbound);
  });

  it('refuses bad outbound values with outbound.* field errors, together with inbound ones, changing nothing', async () => {
    const before = await read();
    const res = await put({
      syncEnabled: 'yes',
      outbound: { statusMap: { shipped: 42 }, lockedStatuses: 'none', pollIntervalSeconds: 1 },
    });
    expect(res.status).toBe(400);
    const fields = await fieldsOf(res);
    expect(fields).toEqual(
      expect.arrayContaining([
        { field: 'syncEnabled', message: 'must be true or false' },
        {
          field: 'outbound.statusMap.shipped',
          message: expect.stringContaining('is not a BigCommerce status'),
        },
        {
          field: 'outbound.lockedStatuses',
          message: expect.stringContaining('must be a list of status ids'),
        },
        { field: 'outbound.pollIntervalSeconds', message: expect.stringContaining('at least 5 seconds') },
      ]),
    );
    expect(fields).toHaveLength(4);
    expect((await fieldsOf(await put({ outbound: { pollIntervalSeconds: 7200 } })))?.[0]).toEqual({
      field: 'outbound.pollIntervalSeconds',
      message: expect.stringContaining('at most 3600 seconds'),
    });
    expect((await fieldsOf(await put({ outbound: null })))?.[0]?.field).toBe('outbound');
    expect(await read()).toEqual(before);
  });

  it('lets only the owner or an app admin change them', async () => {
    const res = await put({ outbound: { refundsEnabled: false } }, staffToken);
    expect(res.status).toBe(403);
    expect(((await res.json()) as ApiErrorBody).error.code).toBe('forbidden_role');
    expect((await read()).outbound.refundsEnabled).toBe(true);
  });
});
