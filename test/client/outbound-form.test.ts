import type { OutboundSettingsView } from '../../server/http/api-types';
import { changedOutbound, outboundFieldErrors, outboundFormValues } from '../../client/outbound-form';

const SAVED: OutboundSettingsView = {
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
};

describe('the IOM → BigCommerce settings form', () => {
  it('starts from the saved settings, the default poll interval as an empty input', () => {
    expect(outboundFormValues(SAVED)).toEqual({ ...SAVED, pollIntervalSeconds: '' });
    expect(outboundFormValues({ ...SAVED, pollIntervalSeconds: 30 }).pollIntervalSeconds).toBe('30');
  });

  it('sends only what changed, the status map entry by entry', () => {
    const values = outboundFormValues(SAVED);
    expect(changedOutbound(values, SAVED)).toEqual({});
    expect(changedOutbound({ ...values, lockedStatuses: [10, 5, 4] }, SAVED)).toEqual({});
    expect(
      changedOutbound(
        {
          ...values,
          statusMap: { ...values.statusMap, shipped: null },
          lockedStatuses: [10],
          refundsEnabled: true,
          pollIntervalSeconds: ' 45 ',
        },
        SAVED,
      ),
    ).toEqual({
      statusMap: { shipped: null },
      lockedStatuses: [10],
      refundsEnabled: true,
      pollIntervalSeconds: 45,
    });
    expect(changedOutbound(values, { ...SAVED, pollIntervalSeconds: 30 })).toEqual({
      pollIntervalSeconds: null,
    });
  });

  it('attaches outbound.* field errors to their fields', () => {
    expect(
      outboundFieldErrors([
        { field: 'outbound.statusMap.shipped', message: 'is not a BigCommerce status' },
        { field: 'outbound.lockedStatuses[1]', message: 'must be a status id' },
        { field: 'outbound.pollIntervalSeconds', message: 'must be at least 5 seconds' },
        { field: 'outbound.colour', message: 'is not an outbound setting' },
      ]),
    ).toEqual({
      byField: {
        shipped: 'is not a BigCommerce status',
        lockedStatuses: 'must be a status id',
        pollIntervalSeconds: 'must be at least 5 seconds',
      },
      other: ['outbound.colour is not an outbound setting'],
    });
  });
});
