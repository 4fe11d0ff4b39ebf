import {
  DEFAULT_OUTBOUND_SETTINGS,
  isLocked,
  parseOutboundSettingsUpdate,
  pollIntervalSeconds,
  readOutboundSettings,
} from '../../server/relay/outbound-settings';
import { DEFAULT_SETTINGS, parseSettingsUpdate } from '../../server/relay/store-settings';

function errorsOf(body: unknown) {
  const result = parseOutboundSettingsUpdate(DEFAULT_OUTBOUND_SETTINGS, body);
  if (result.settings) throw new Error('the update was accepted');
  return result.errors;
}

describe('outbound settings', () => {
  it('has the documented defaults, frozen', () => {
    expect(DEFAULT_OUTBOUND_SETTINGS).toEqual({
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
    });
    expect(Object.isFrozen(DEFAULT_OUTBOUND_SETTINGS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_OUTBOUND_SETTINGS.statusMap)).toBe(true);
  });

  it('applies a partial update, the status map one outcome at a time, without touching the defaults', () => {
    const result = parseOutboundSettingsUpdate(DEFAULT_OUTBOUND_SETTINGS, {
      statusMap: { shipped: 10, cancelRequested: 5 },
      lockedStatuses: [],
      pollIntervalSeconds: 30,
      refundsEnabled: true,
    });
    expect(result.errors).toEqual([]);
    expect(result.settings).toEqual({
      ...DEFAULT_OUTBOUND_SETTINGS,
      statusMap: { ...DEFAULT_OUTBOUND_SETTINGS.statusMap, shipped: 10, cancelRequested: 5 },
      lockedStatuses: [],
      pollIntervalSeconds: 30,
      refundsEnabled: true,
    });
    expect(DEFAULT_OUTBOUND_SETTINGS.statusMap.shipped).toBe(2);
    const back = parseOutboundSettingsUpdate(result.settings!, {
      statusMap: { shipped: null },
      pollIntervalSeconds: null,
    });
    expect(back.settings).toMatchObject({ statusMap: { shipped: null }, pollIntervalSeconds: null });
  });

  it('names each bad field with an outbound. path and says what to do', () => {
    expect(
      errorsOf({
        statusMap: { shipped: 99, lost: 2 },
        lockedStatuses: [4, 4],
        pollIntervalSeconds: 2,
        onBigCommerceCancel: 'ignore',
        refundsEnabled: 'yes',
        colour: 'red',
      }),
    ).toEqual(
      expect.arrayContaining([
        {
          field: 'outbound.statusMap.shipped',
          message: expect.stringContaining('is not a BigCommerce status'),
        },
        {
          field: 'outbound.statusMap.lost',
          message: expect.stringContaining('the outcomes are partiallyShipped'),
        },
        { field: 'outbound.lockedStatuses', message: 'lists a status twice: name each status once' },
        { field: 'outbound.pollIntervalSeconds', message: expect.stringMatching(/at least 5 seconds.*push/) },
        { field: 'outbound.onBigCommerceCancel', message: expect.stringContaining('"cancel"') },
        { field: 'outbound.refundsEnabled', message: expect.stringContaining('true') },
        { field: 'outbound.colour', message: expect.stringContaining('the outbound settings are statusMap') },
      ]),
    );
    expect(errorsOf({ pollIntervalSeconds: 3601 })).toEqual([
      { field: 'outbound.pollIntervalSeconds', message: expect.stringContaining('at most 3600 seconds') },
    ]);
    expect(errorsOf({ pollIntervalSeconds: 7.5 })[0]?.field).toBe('outbound.pollIntervalSeconds');
    expect(errorsOf({ lockedStatuses: [4, 'x'] })[0]?.field).toBe('outbound.lockedStatuses[1]');
    expect(errorsOf({ statusMap: 'shipped' })[0]?.field).toBe('outbound.statusMap');
    expect(errorsOf([1])).toEqual([
      { field: 'outbound', message: expect.stringContaining('must be an object') },
    ]);
  });

  it('reads older and damaged documents field by field, with defaults for the rest', () => {
    expect(readOutboundSettings(null)).toEqual(DEFAULT_OUTBOUND_SETTINGS);
    expect(readOutboundSettings({ syncEnabled: true })).toEqual(DEFAULT_OUTBOUND_SETTINGS);
    expect(readOutboundSettings({ outbound: 'garbage' })).toEqual(DEFAULT_OUTBOUND_SETTINGS);
    expect(
      readOutboundSettings({
        outbound: {
          statusMap: { shipped: 10, cancelled: 'five', returned: null },
          lockedStatuses: [99],
          pollIntervalSeconds: 120,
          refundsEnabled: true,
        },
      }),
    ).toEqual({
      ...DEFAULT_OUTBOUND_SETTINGS,
      statusMap: { ...DEFAULT_OUTBOUND_SETTINGS.statusMap, shipped: 10, returned: null },
      pollIntervalSeconds: 120,
      refundsEnabled: true,
    });
  });

  it('answers the poll interval (own or deployment) and the locked statuses', () => {
    expect(pollIntervalSeconds(DEFAULT_OUTBOUND_SETTINGS, 60)).toBe(60);
    expect(pollIntervalSeconds({ ...DEFAULT_OUTBOUND_SETTINGS, pollIntervalSeconds: 15 }, 60)).toBe(15);
    expect(isLocked(DEFAULT_OUTBOUND_SETTINGS, 10)).toBe(true);
    expect(isLocked(DEFAULT_OUTBOUND_SETTINGS, 11)).toBe(false);
  });

  it('the inbound parser leaves the outbound member to its own parser and lists it among the settings', () => {
    expect(parseSettingsUpdate(DEFAULT_SETTINGS, { outbound: { refundsEnabled: true } })).toEqual(
      DEFAULT_SETTINGS,
    );
    expect(() => parseSettingsUpdate(DEFAULT_SETTINGS, { colour: 1 })).toThrow(/unmappedSkuPolicy, outbound/);
  });
});
