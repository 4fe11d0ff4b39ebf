import type { SettingsView } from '../../server/http/api-types';
import { ordersPath } from '../../client/hooks/relay';
import {
  changedSettings,
  describeSettingsErrors,
  settingsFieldErrors,
  settingsFormValues,
} from '../../client/settings-form';

const SAVED: SettingsView = {
  syncEnabled: false,
  statusAllowList: [11, 9, 8],
  goLiveDate: '2026-12-01T08:00:00Z',
  accountStrategy: 'default',
  defaultAccountId: null,
  priceListId: 'b1b2c3d4-0000-4000-8000-000000000001',
  unitId: null,
  warehouseId: null,
  unmappedSkuPolicy: 'park',
  outbound: {
    statusMap: {
      partiallyShipped: 3,
      shipped: 2,
      cancelRequested: null,
      cancelled: 5,
      partiallyReturned: 14,
      returned: 4,
    },
    lockedStatuses: [4, 5, 10],
    onBigCommerceCancel: 'cancel',
    pollIntervalSeconds: null,
    refundsEnabled: false,
  },
  notifications: { enabled: false, recipients: [], digest: true, connectionNotices: true },
};

describe('the settings form', () => {
  it('starts from the saved settings, showing a date-time go-live date as its calendar date', () => {
    const values = settingsFormValues(SAVED);
    expect(values).toEqual({ ...SAVED, goLiveDate: '2026-12-01' });
    values.statusAllowList.push(1);
    expect(SAVED.statusAllowList).toEqual([11, 9, 8]);
  });

  it('sends nothing when nothing changed, whatever the order of the statuses', () => {
    const values = { ...settingsFormValues(SAVED), statusAllowList: [8, 11, 9] };
    expect(changedSettings(values, SAVED)).toEqual({});
  });

  it('sends only the fields that changed; clearing the date or an optional id sends null', () => {
    const values = {
      ...settingsFormValues(SAVED),
      syncEnabled: true,
      defaultAccountId: 'a1b2c3d4-0000-4000-8000-000000000002',
      priceListId: null,
      statusAllowList: [11],
      goLiveDate: '',
      unmappedSkuPolicy: 'write-in' as const,
    };
    expect(changedSettings(values, SAVED)).toEqual({
      syncEnabled: true,
      defaultAccountId: 'a1b2c3d4-0000-4000-8000-000000000002',
      priceListId: null,
      statusAllowList: [11],
      goLiveDate: null,
      unmappedSkuPolicy: 'write-in',
    });
    expect(changedSettings({ ...settingsFormValues(SAVED), goLiveDate: '2027-01-15' }, SAVED)).toEqual({
      goLiveDate: '2027-01-15',
    });
  });

  it('puts each server field error under its field, after the field’s label, without parsing the message', () => {
    const { byField, other } = settingsFieldErrors([
      { field: 'defaultAccountId', message: 'is required to turn syncing on: choose the IOM account' },
      { field: 'statusAllowList[1]', message: 'is not a BigCommerce status' },
      { field: 'statusAllowList[2]', message: 'is not a BigCommerce status' },
      { field: 'colour', message: 'is not a setting' },
      { field: '', message: 'send the settings as a JSON object' },
    ]);
    expect(byField).toEqual({
      defaultAccountId: 'IOM account is required to turn syncing on: choose the IOM account',
      statusAllowList: 'Statuses to import is not a BigCommerce status',
    });
    expect(other).toEqual(['colour: is not a setting', 'send the settings as a JSON object']);
    expect(describeSettingsErrors(byField)).toBe(
      'Fix the 2 fields marked in red: IOM account and Statuses to import.',
    );
    expect(describeSettingsErrors({ priceListId: 'x' })).toBe('Fix the field marked in red: Price list.');
    expect(describeSettingsErrors({})).toBeNull();
  });
});

describe('the order list query', () => {
  it('names the state, the trimmed search, the page size and the cursor', () => {
    expect(ordersPath({}, null)).toBe('/api/orders?limit=50');
    expect(ordersPath({ state: 'needs_attention', q: ' jane@example.com ' }, 'c1', 20)).toBe(
      '/api/orders?state=needs_attention&q=jane%40example.com&limit=20&after=c1',
    );
    expect(ordersPath({ q: '   ' }, null)).toBe('/api/orders?limit=50');
  });
});
