import {
  BIGCOMMERCE_ORDER_STATUSES,
  DEFAULT_SETTINGS,
  SettingsValidationError,
  goLiveMs,
  isIsoDate,
  parseSettingsUpdate,
  readSettings,
  skipReason,
  statusName,
  type FieldError,
  type InboundSettings,
} from '../../server/relay/store-settings';

const ACCOUNT = '5B3A1C8E-0000-4000-8000-000000000001';
const PRICE_LIST = '7c1d2e3f-0000-4000-8000-000000000002';

function fieldErrors(current: InboundSettings, body: unknown): FieldError[] {
  try {
    parseSettingsUpdate(current, body);
  } catch (error) {
    if (error instanceof SettingsValidationError) return error.fields;
    throw error;
  }
  throw new Error('the update was accepted');
}

describe('store settings', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      syncEnabled: false,
      statusAllowList: [11, 9, 8],
      goLiveDate: null,
      accountStrategy: 'default',
      defaultAccountId: null,
      priceListId: null,
      unitId: null,
      warehouseId: null,
      unmappedSkuPolicy: 'park',
    });
    expect(Object.isFrozen(DEFAULT_SETTINGS)).toBe(true);
  });

  it('names BigCommerce statuses 0–14', () => {
    expect(Object.keys(BIGCOMMERCE_ORDER_STATUSES)).toHaveLength(15);
    expect(statusName(11)).toBe('Awaiting Fulfillment');
    expect(statusName(9)).toBe('Awaiting Shipment');
    expect(statusName(8)).toBe('Awaiting Pickup');
    expect(statusName(42)).toBe('status 42');
  });

  it('applies a partial update over the current settings and normalises GUIDs', () => {
    const next = parseSettingsUpdate(readSettings(null), {
      syncEnabled: true,
      defaultAccountId: ACCOUNT,
      priceListId: PRICE_LIST,
      statusAllowList: [11],
      goLiveDate: '2026-12-01',
      unmappedSkuPolicy: 'write-in',
    });
    expect(next).toEqual({
      ...DEFAULT_SETTINGS,
      syncEnabled: true,
      defaultAccountId: ACCOUNT.toLowerCase(),
      priceListId: PRICE_LIST,
      statusAllowList: [11],
      goLiveDate: '2026-12-01',
      unmappedSkuPolicy: 'write-in',
    });
    expect(parseSettingsUpdate(next, { goLiveDate: null, warehouseId: null })).toEqual({
      ...next,
      goLiveDate: null,
    });
    expect(parseSettingsUpdate(next, {})).toEqual(next);
  });

  it('refuses unknown fields, each by name', () => {
    expect(
      fieldErrors(DEFAULT_SETTINGS, { syncEnabled: true, colour: 'red', priceList: PRICE_LIST }),
    ).toEqual([
      { field: 'colour', message: expect.stringContaining('is not a setting; the settings are syncEnabled') },
      { field: 'priceList', message: expect.stringContaining('priceListId') },
    ]);
  });

  it('refuses bad values with a message saying what to do', () => {
    const errors = fieldErrors(DEFAULT_SETTINGS, {
      syncEnabled: 'yes',
      statusAllowList: [11, 15],
      goLiveDate: '01/12/2026',
      accountStrategy: 'each',
      priceListId: 'master',
      unitId: 7,
      unmappedSkuPolicy: 'drop',
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'syncEnabled', message: 'must be true or false' },
        {
          field: 'statusAllowList[1]',
          message: expect.stringMatching(/^is not a BigCommerce status: use .*11 Awaiting Fulfillment/),
        },
        { field: 'goLiveDate', message: expect.stringContaining('ISO-8601 date such as 2026-12-01') },
        { field: 'accountStrategy', message: expect.stringContaining('"default"') },
        { field: 'priceListId', message: expect.stringContaining('IOM price list GUID') },
        { field: 'unitId', message: expect.stringContaining('IOM unit GUID') },
        { field: 'unmappedSkuPolicy', message: expect.stringContaining('"park"') },
      ]),
    );
    expect(errors).toHaveLength(7);
  });

  it('refuses an empty or repeating status list', () => {
    expect(fieldErrors(DEFAULT_SETTINGS, { statusAllowList: [] })).toEqual([
      { field: 'statusAllowList', message: expect.stringContaining('set syncEnabled to false instead') },
    ]);
    expect(fieldErrors(DEFAULT_SETTINGS, { statusAllowList: [11, 9, 11] })).toEqual([
      { field: 'statusAllowList', message: 'lists a status twice: name each status once' },
    ]);
    expect(fieldErrors(DEFAULT_SETTINGS, { statusAllowList: [1.5] })[0]?.field).toBe('statusAllowList[0]');
  });

  it('will not turn syncing on without an account and a price list', () => {
    expect(fieldErrors(DEFAULT_SETTINGS, { syncEnabled: true })).toEqual([
      { field: 'defaultAccountId', message: expect.stringContaining('choose the IOM account') },
      { field: 'priceListId', message: expect.stringContaining('choose the IOM price list') },
    ]);
  });

  it('throws a 400 ValidationError whose message lists the fields', () => {
    expect(() => parseSettingsUpdate(DEFAULT_SETTINGS, { unitId: 'x' })).toThrow(
      expect.objectContaining({
        status: 400,
        code: 'validation_failed',
        message: expect.stringMatching(/^The settings are not valid: unitId: must be/),
      }),
    );
    expect(fieldErrors(DEFAULT_SETTINGS, ['syncEnabled'])).toEqual([
      { field: '', message: 'send the settings as a JSON object' },
    ]);
  });

  it('reads old or partial stored documents, defaulting what is missing or invalid', () => {
    expect(readSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(readSettings({ syncEnabled: true, priceListId: PRICE_LIST, legacy: 1 })).toEqual({
      ...DEFAULT_SETTINGS,
      syncEnabled: true,
      priceListId: PRICE_LIST,
    });
    expect(
      readSettings({ statusAllowList: [], unmappedSkuPolicy: 'drop', goLiveDate: '2026-02-30' }),
    ).toEqual(DEFAULT_SETTINGS);
    const read = readSettings({});
    read.statusAllowList.push(1);
    expect(DEFAULT_SETTINGS.statusAllowList).toEqual([11, 9, 8]);
  });

  it('understands go-live dates and date-times', () => {
    expect(isIsoDate('2026-12-01')).toBe(true);
    expect(isIsoDate('2026-12-01T08:30:00Z')).toBe(true);
    expect(isIsoDate('2026-12-01T08:30:00.123+01:00')).toBe(true);
    expect(isIsoDate('2026-12-01T08:30:00')).toBe(false);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('Tue, 01 Dec 2026 09:15:42 +0000')).toBe(false);
    expect(goLiveMs({ goLiveDate: '2026-12-01' })).toBe(Date.UTC(2026, 11, 1));
    expect(goLiveMs({ goLiveDate: '2026-12-01T08:00:00+01:00' })).toBe(Date.UTC(2026, 11, 1, 7));
    expect(goLiveMs({ goLiveDate: null })).toBeNull();
  });

  it('says why an order is skipped: syncing off, its status, or created before go-live', () => {
    const on: InboundSettings = { ...DEFAULT_SETTINGS, syncEnabled: true, goLiveDate: '2026-12-01' };
    const order = { id: 250, status_id: 11, date_created: 'Tue, 01 Dec 2026 09:15:42 +0000' };
    expect(skipReason(order, on)).toBeNull();
    expect(skipReason(order, DEFAULT_SETTINGS)).toBe('Syncing is turned off in Settings.');
    expect(skipReason({ ...order, status_id: 7 }, on)).toBe(
      'Order 250 is Awaiting Payment; only orders that are Awaiting Fulfillment, Awaiting Shipment, Awaiting Pickup are sent.',
    );
    expect(skipReason({ ...order, date_created: 'Mon, 30 Nov 2026 23:59:59 +0000' }, on)).toBe(
      'Order 250 was created before the go-live date 2026-12-01.',
    );
    expect(skipReason({ ...order, date_created: 'not a date' }, on)).toMatch(/before the go-live date/);
    expect(skipReason({ ...order, date_created: 'not a date' }, { ...on, goLiveDate: null })).toBeNull();
  });
});
