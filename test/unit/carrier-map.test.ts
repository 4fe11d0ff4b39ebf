import { createHmac } from 'node:crypto';
import {
  SHIPPING_PROVIDERS,
  carrierKey,
  carrierMappingRecord,
  carrierOverrideOf,
  defaultCarrier,
  defaultCarriers,
  parseCarrierTarget,
} from '../../server/relay/carrier-map';
import {
  matchingSignature,
  parsePushHeader,
  pushAgeSeconds,
  signPush,
  type ParsedPushHeader,
} from '../../server/relay/push-signature';

describe('carrier defaults and overrides', () => {
  it('matches names case-, spacing- and punctuation-insensitively', () => {
    expect(carrierKey(' DHL  Express ')).toBe(carrierKey('dhl-express'));
    expect(carrierKey('Royal_Mail')).toBe('royalmail');
    expect(defaultCarrier('fed ex')).toEqual({ trackingCarrier: 'fedex', shippingProvider: 'fedex' });
    expect(defaultCarrier('Australia Post')).toEqual({
      trackingCarrier: 'australia-post',
      shippingProvider: 'auspost',
    });
    expect(defaultCarrier('Pigeon Post')).toBeNull();
  });

  it('defaults only to shipping providers BigCommerce knows', () => {
    for (const row of defaultCarriers()) {
      expect(SHIPPING_PROVIDERS as readonly string[]).toContain(row.shippingProvider);
      expect(row.trackingCarrier).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
    expect(defaultCarriers().map((r) => r.iomCarrier)).toEqual(
      expect.arrayContaining([
        'UPS',
        'FedEx',
        'DHL Express',
        'USPS',
        'Royal Mail',
        'Canada Post',
        'PostNL',
        'DPD',
      ]),
    );
  });

  it('round-trips an override through a mapping record, keyed by the carrier key', () => {
    const now = new Date('2026-12-01T08:00:00Z');
    const record = carrierMappingRecord(
      'abc',
      'DHL Express',
      { trackingCarrier: 'dhl', shippingProvider: '' },
      now,
    );
    expect(record).toMatchObject({ kind: 'carrier', source: 'dhlexpress' });
    expect(carrierOverrideOf(record)).toEqual({
      iomCarrier: 'DHL Express',
      trackingCarrier: 'dhl',
      shippingProvider: '',
      updatedAt: now.toISOString(),
    });
    expect(carrierOverrideOf({ ...record, target: 'not json' })).toBeNull();
  });

  it('validates a carrier body field by field', () => {
    expect(parseCarrierTarget({ trackingCarrier: ' Royal-Mail ', shippingProvider: 'carrier_7' })).toEqual({
      target: { trackingCarrier: 'royal-mail', shippingProvider: 'carrier_7' },
      errors: [],
    });
    expect(parseCarrierTarget({ trackingCarrier: 'ups', shippingProvider: 'carrier_x' }).errors).toEqual([
      {
        field: 'shippingProvider',
        message: expect.stringContaining('is not a BigCommerce shipping provider'),
      },
    ]);
    expect(parseCarrierTarget('ups').errors).toEqual([
      { field: '', message: expect.stringContaining('send {') },
    ]);
  });
});

describe('push signatures', () => {
  const secret = 'push-secret';
  const raw = Buffer.from('{"storeHash":"abc"}');

  it('signs "<t>.<body>" with HMAC-SHA256 in hex', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${raw.toString()}`).digest('hex');
    expect(signPush(secret, 1700000000, raw)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('parses the header, accepting one matching signature among several', () => {
    const good = signPush(secret, 1700000000, raw).split('v1=')[1]!;
    const parsed = parsePushHeader(`t=1700000000, v1=${'0'.repeat(64)}, v1=${good.toUpperCase()}`);
    expect(parsed).toEqual({ timestamp: 1700000000, signatures: ['0'.repeat(64), good] });
    expect(matchingSignature(secret, parsed as ParsedPushHeader, raw)).toBe(good);
    expect(matchingSignature('other', parsed as ParsedPushHeader, raw)).toBeNull();
    expect(pushAgeSeconds(parsed as ParsedPushHeader, new Date(1700000300_000))).toBe(300);
  });

  it('says what is wrong with a missing or malformed header', () => {
    expect(parsePushHeader(undefined)).toEqual({ problem: expect.stringContaining('is missing') });
    expect(parsePushHeader('t=soon,v1=abc')).toEqual({ problem: expect.stringContaining('is malformed') });
    expect(parsePushHeader(`v1=${'a'.repeat(64)}`)).toEqual({
      problem: expect.stringContaining('is malformed'),
    });
  });
});
