import {
  cancelState,
  pictureFingerprint,
  planOutbound,
  shipmentReference,
  type BigCommerceOrderState,
  type IomOrderPicture,
} from '../../server/relay/outbound-plan';
import { DEFAULT_OUTBOUND_SETTINGS, type OutboundSettings } from '../../server/relay/outbound-settings';
import type { LineLink, OutboundRecord } from '../../server/storage/types';

// Two lines on two addresses: order product 101 (address 1, qty 2) and 102 (address 2, qty 1).
const lineLinks: LineLink[] = [
  { lineItemNumber: 1, orderProductId: 101, orderAddressId: 1, sku: 'A', quantity: 2 },
  { lineItemNumber: 2, orderProductId: 102, orderAddressId: 2, sku: 'B', quantity: 1 },
];

function order(over: Partial<BigCommerceOrderState> = {}): BigCommerceOrderState {
  return {
    statusId: 11,
    lines: {
      101: { orderAddressId: 1, quantity: 2, shipped: 0, sku: 'A' },
      102: { orderAddressId: 2, quantity: 1, shipped: 0, sku: 'B' },
    },
    shipments: [],
    ...over,
  };
}

function picture(over: Partial<IomOrderPicture> = {}): IomOrderPicture {
  return {
    salesOrder: { statecode: 1, state: 'Fulfillment in Process', stateReason: null },
    lineNumbers: { 'sol-1': 1, 'sol-2': 2 },
    fulfillmentOrders: [],
    shipments: [],
    returns: [],
    ...over,
  };
}

function record(over: Partial<OutboundRecord> = {}): OutboundRecord {
  return {
    storeHash: 's',
    orderId: 1,
    iomSalesOrderId: 'so',
    shipments: {},
    pending: {},
    statusWritten: null,
    statusWrittenAt: null,
    cancel: 'none',
    iomFingerprint: null,
    iomLineNumbers: {},
    returns: {},
    attention: null,
    lockedAt: null,
    lastReconciledAt: null,
    summary: null,
    updatedAt: '2026-12-01T00:00:00.000Z',
    ...over,
  };
}

const ups = { trackingCarrier: 'ups', shippingProvider: 'ups' };
const shipment = (id: string, lines: Array<[string, number]>, carrierName: string | null = 'UPS') => ({
  id,
  name: `FO-1-${id}`,
  trackingNumber: `1Z${id}`,
  carrierName,
  carrierService: null,
  shipDate: '2026-12-01T10:00:00Z',
  lines: lines.map(([salesOrderLineId, quantity]) => ({ salesOrderLineId, quantity })),
});

const settings: OutboundSettings = { ...DEFAULT_OUTBOUND_SETTINGS };
const plan = (input: {
  picture?: IomOrderPicture;
  order?: BigCommerceOrderState;
  record?: OutboundRecord;
  settings?: OutboundSettings;
  carriers?: Record<string, typeof ups>;
}) =>
  planOutbound({
    picture: input.picture ?? picture(),
    order: input.order ?? order(),
    record: input.record ?? record(),
    lineLinks,
    settings: input.settings ?? settings,
    resolveCarrier: (name) => (input.carriers ?? { UPS: ups })[name] ?? null,
  });

describe('the outbound plan', () => {
  it('a partial shipment creates one BigCommerce shipment and asks for Partially Shipped', () => {
    const result = plan({ picture: picture({ shipments: [shipment('t1', [['sol-1', 1]])] }) });
    expect(result.shipments).toHaveLength(1);
    expect(result.shipments[0]!.create).toEqual([
      { orderAddressId: 1, items: [{ orderProductId: 101, quantity: 1 }] },
    ]);
    expect(result.shipments[0]!.comments).toContain(shipmentReference('t1'));
    expect(result.status).toBe(3);
  });

  it('one IOM package for two addresses becomes two BigCommerce shipments, and everything shipped asks for Shipped', () => {
    const result = plan({
      picture: picture({
        shipments: [
          shipment('t1', [
            ['sol-1', 2],
            ['sol-2', 1],
          ]),
        ],
      }),
    });
    expect(result.shipments[0]!.create).toEqual([
      { orderAddressId: 1, items: [{ orderProductId: 101, quantity: 2 }] },
      { orderAddressId: 2, items: [{ orderProductId: 102, quantity: 1 }] },
    ]);
    expect(result.status).toBe(2);
  });

  it('a shipment already linked is not planned again; the status is not re-set when BigCommerce has it', () => {
    const linked = record({
      shipments: {
        t1: { bigcommerceShipmentIds: [9], byHand: false, trackingNumber: '1Zt1', carrier: 'UPS', at: 'x' },
      },
    });
    const shippedOrder = order({
      statusId: 3,
      lines: {
        101: { orderAddressId: 1, quantity: 2, shipped: 1, sku: 'A' },
        102: { orderAddressId: 2, quantity: 1, shipped: 0, sku: 'B' },
      },
    });
    const result = plan({
      picture: picture({ shipments: [shipment('t1', [['sol-1', 1]])] }),
      order: shippedOrder,
      record: linked,
    });
    expect(result.shipments).toEqual([]);
    expect(result.status).toBeNull();
  });

  it('a BigCommerce shipment carrying the IOM reference is adopted, not created again (a crash after the POST)', () => {
    const afterCrash = order({
      lines: {
        101: { orderAddressId: 1, quantity: 2, shipped: 1, sku: 'A' },
        102: { orderAddressId: 2, quantity: 1, shipped: 0, sku: 'B' },
      },
      shipments: [
        {
          id: 55,
          comments: `Shipped by IOM (FO-1-t1, ${shipmentReference('t1')})`,
          items: [{ orderProductId: 101, quantity: 1 }],
        },
      ],
    });
    const result = plan({
      picture: picture({ shipments: [shipment('t1', [['sol-1', 1]])] }),
      order: afterCrash,
    });
    expect(result.shipments[0]!.adopted).toEqual([55]);
    expect(result.shipments[0]!.create).toEqual([]);
  });

  it('a two-address package whose first part an earlier attempt created: that part is adopted, only the second is created', () => {
    const afterPartialFailure = order({
      lines: {
        101: { orderAddressId: 1, quantity: 2, shipped: 2, sku: 'A' },
        102: { orderAddressId: 2, quantity: 1, shipped: 0, sku: 'B' },
      },
      shipments: [
        {
          id: 61,
          comments: `Shipped by IOM (FO-1-t1, ${shipmentReference('t1')})`,
          items: [{ orderProductId: 101, quantity: 2 }],
        },
      ],
    });
    const result = plan({
      picture: picture({
        shipments: [
          shipment('t1', [
            ['sol-1', 2],
            ['sol-2', 1],
          ]),
        ],
      }),
      order: afterPartialFailure,
    });
    expect(result.shipments[0]!.adopted).toEqual([61]);
    expect(result.shipments[0]!.create).toEqual([
      { orderAddressId: 2, items: [{ orderProductId: 102, quantity: 1 }] },
    ]);
    expect(result.status).toBe(2);
  });

  it('lines shipped in BigCommerce by hand are never shipped twice', () => {
    const byHand = order({
      lines: {
        101: { orderAddressId: 1, quantity: 2, shipped: 2, sku: 'A' },
        102: { orderAddressId: 2, quantity: 1, shipped: 0, sku: 'B' },
      },
    });
    const result = plan({
      picture: picture({
        shipments: [
          shipment('t1', [
            ['sol-1', 2],
            ['sol-2', 1],
          ]),
        ],
      }),
      order: byHand,
    });
    expect(result.shipments[0]!.create).toEqual([
      { orderAddressId: 2, items: [{ orderProductId: 102, quantity: 1 }] },
    ]);
    const allByHand = plan({
      picture: picture({ shipments: [shipment('t1', [['sol-1', 2]])] }),
      order: byHand,
    });
    expect(allByHand.shipments[0]!.create).toEqual([]);
  });

  it('an unmapped carrier is a problem naming the carrier; other packages still go', () => {
    const result = plan({
      picture: picture({
        shipments: [shipment('t1', [['sol-1', 1]], 'Parcel Co'), shipment('t2', [['sol-2', 1]])],
      }),
    });
    expect(result.problems).toEqual([
      { code: 'unmapped_carrier', carrier: 'Parcel Co', iomShipmentId: 't1' },
    ]);
    expect(result.shipments.map((s) => s.iomShipmentId)).toEqual(['t2']);
  });

  it('a locked status plans nothing', () => {
    const result = plan({
      picture: picture({ shipments: [shipment('t1', [['sol-1', 2]])] }),
      order: order({ statusId: 10 }),
    });
    expect(result.locked).toBe(true);
    expect(result.shipments).toEqual([]);
    expect(result.status).toBeNull();
  });

  it('cancellation: requested is not cancelled; confirmed with nothing shipped asks for Cancelled; after a partial shipment, Shipped', () => {
    const requested = picture({
      salesOrder: { statecode: 1, state: 'Fulfillment in Process', stateReason: 'Cancellation requested' },
    });
    expect(cancelState(requested)).toBe('requested');
    expect(plan({ picture: requested }).status).toBeNull();
    expect(
      plan({
        picture: requested,
        settings: { ...settings, statusMap: { ...settings.statusMap, cancelRequested: 12 } },
      }).status,
    ).toBe(12);
    const confirmed = picture({ salesOrder: { statecode: 2, state: 'Cancelled', stateReason: 'Cancelled' } });
    expect(cancelState(confirmed)).toBe('confirmed');
    expect(plan({ picture: confirmed }).status).toBe(5);
    const partlyShipped = picture({
      salesOrder: { statecode: 3, state: 'Completed', stateReason: 'Partially fulfilled' },
      fulfillmentOrders: [
        {
          id: 'fo',
          name: 'FO',
          state: 'Closed',
          lines: [{ id: 'l1', salesOrderLineId: 'sol-2', quantity: 1, shipped: 0, cancelled: 1 }],
        },
      ],
      shipments: [shipment('t1', [['sol-1', 2]])],
    });
    expect(plan({ picture: partlyShipped }).status).toBe(2);
  });

  it('a return asks for Partially Refunded or Refunded and lists the BigCommerce lines it takes back', () => {
    const shipped = order({
      statusId: 2,
      lines: {
        101: { orderAddressId: 1, quantity: 2, shipped: 2, sku: 'A' },
        102: { orderAddressId: 2, quantity: 1, shipped: 1, sku: 'B' },
      },
    });
    const partReturn = picture({
      returns: [{ id: 'r1', name: 'RMA-1', lines: [{ salesOrderLineId: 'sol-1', quantity: 1 }] }],
    });
    const result = plan({ picture: partReturn, order: shipped });
    expect(result.returns).toEqual([
      { iomReturnId: 'r1', name: 'RMA-1', lines: [{ orderProductId: 101, quantity: 1 }] },
    ]);
    expect(result.status).toBe(14);
    const fullReturn = picture({
      returns: [
        {
          id: 'r1',
          name: 'RMA-1',
          lines: [
            { salesOrderLineId: 'sol-1', quantity: 2 },
            { salesOrderLineId: 'sol-2', quantity: 1 },
          ],
        },
      ],
    });
    expect(plan({ picture: fullReturn, order: shipped }).status).toBe(4);
    const applied = record({ returns: { r1: { at: 'x', refundId: null } } });
    expect(plan({ picture: partReturn, order: shipped, record: applied }).returns).toEqual([]);
  });

  it('a status the merchant mapped to "leave alone" is never set', () => {
    const leaveAlone = { ...settings, statusMap: { ...settings.statusMap, partiallyShipped: null } };
    expect(
      plan({ picture: picture({ shipments: [shipment('t1', [['sol-1', 1]])] }), settings: leaveAlone })
        .status,
    ).toBeNull();
  });

  it('a line IOM has that the BigCommerce order does not is a problem, and that shipment is held', () => {
    const result = plan({ picture: picture({ shipments: [shipment('t1', [['sol-9', 1]])] }) });
    expect(result.problems).toEqual([
      { code: 'unmatched_line', iomShipmentId: 't1', salesOrderLineId: 'sol-9' },
    ]);
    expect(result.shipments).toEqual([]);
  });
});

describe('the IOM picture fingerprint (what decides whether BigCommerce is read at all)', () => {
  it('is null while nothing in IOM can call for a BigCommerce write, and changes with each shipment, return or cancellation', () => {
    const empty = picture({
      fulfillmentOrders: [
        {
          id: 'fo',
          name: 'FO',
          state: 'New',
          lines: [{ id: 'l1', salesOrderLineId: 'sol-1', quantity: 2, shipped: 0, cancelled: 0 }],
        },
      ],
    });
    expect(pictureFingerprint(empty)).toBeNull();
    const shipped = picture({ shipments: [shipment('t1', [['sol-1', 1]])] });
    const more = picture({ shipments: [shipment('t1', [['sol-1', 1]]), shipment('t2', [['sol-1', 1]])] });
    expect(pictureFingerprint(shipped)).not.toBeNull();
    expect(pictureFingerprint(shipped)).toBe(
      pictureFingerprint(picture({ shipments: [shipment('t1', [['sol-1', 1]])] })),
    );
    expect(pictureFingerprint(more)).not.toBe(pictureFingerprint(shipped));
    const returned = picture({
      ...shipped,
      returns: [{ id: 'r1', name: 'RMA', lines: [{ salesOrderLineId: 'sol-1', quantity: 1 }] }],
    });
    expect(pictureFingerprint(returned)).not.toBe(pictureFingerprint(shipped));
    const requested = picture({
      salesOrder: { statecode: 1, state: 'In Progress', stateReason: 'Cancellation requested' },
    });
    expect(pictureFingerprint(requested)).not.toBeNull();
  });
});
