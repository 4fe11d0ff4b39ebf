import {
  add,
  allocate,
  formatMoney,
  isMoney,
  mulQty,
  parseMoney,
  roundTo,
  sub,
  sum,
  toDataverseNumber,
} from '../../server/iom/money';

describe('money: exact decimal amounts in 1/10000', () => {
  it('parses BigCommerce decimal strings and JSON numbers exactly', () => {
    expect(parseMoney('69.8400')).toBe(698400n);
    expect(parseMoney('0')).toBe(0n);
    expect(parseMoney('-1.5')).toBe(-15000n);
    expect(parseMoney(' 7 ')).toBe(70000n);
    expect(parseMoney('12.')).toBe(120000n);
    expect(parseMoney(6.2)).toBe(62000n);
    expect(parseMoney(0.1 + 0.2)).toBe(3000n);
    expect(parseMoney(1e-7)).toBe(0n);
    expect(parseMoney(123456789.1234)).toBe(1234567891234n);
  });

  it('rounds more than four decimals half away from zero', () => {
    expect(parseMoney('1.23455')).toBe(12346n);
    expect(parseMoney('1.23454999')).toBe(12345n);
    expect(parseMoney('-1.23455')).toBe(-12346n);
  });

  it('refuses what is not a decimal, naming the field', () => {
    expect(() => parseMoney('12,34', 'total_inc_tax')).toThrow(/total_inc_tax must be a decimal/);
    expect(() => parseMoney('', 'x')).toThrow(RangeError);
    expect(() => parseMoney('1e3', 'x')).toThrow(RangeError);
    expect(() => parseMoney(Number.NaN, 'cost_inc_tax')).toThrow(/cost_inc_tax must be a finite number/);
    expect(isMoney('1.00')).toBe(true);
    expect(isMoney('abc')).toBe(false);
    expect(isMoney(Infinity)).toBe(false);
  });

  it('adds without floating-point drift', () => {
    // 0.1 + 0.2 !== 0.3 in doubles; ten times 0.1 is 0.9999999999999999.
    expect(toDataverseNumber(add(parseMoney('0.1'), parseMoney('0.2')))).toBe(0.3);
    const tenDimes = sum(Array.from({ length: 10 }, () => parseMoney('0.1')));
    expect(formatMoney(tenDimes)).toBe('1.0000');
    expect(toDataverseNumber(sub(parseMoney('1.10'), parseMoney('1.00')))).toBe(0.1);
    expect(1.1 - 1.0).not.toBe(0.1);
  });

  it('multiplies by a whole quantity exactly', () => {
    // 1.15 × 3 = 3.45, whereas 1.15 * 3 in doubles is 3.4499999999999997 (which rounds to 3.44).
    expect(1.15 * 3).not.toBe(3.45);
    expect(toDataverseNumber(mulQty(parseMoney('1.15'), 3))).toBe(3.45);
    expect(formatMoney(roundTo(mulQty(parseMoney('1.15'), 3), 2), 2)).toBe('3.45');
    expect(toDataverseNumber(mulQty(parseMoney('19.99'), 7))).toBe(139.93);
    expect(formatMoney(mulQty(parseMoney('1.0001'), 10_000))).toBe('10001.0000');
    expect(() => mulQty(10000n, 1.5)).toThrow(/whole number/);
  });

  it('rounds to the currency precision half away from zero', () => {
    expect(roundTo(parseMoney('2.345'), 2)).toBe(parseMoney('2.35'));
    expect(roundTo(parseMoney('2.3449'), 2)).toBe(parseMoney('2.34'));
    expect(roundTo(parseMoney('-2.345'), 2)).toBe(parseMoney('-2.35'));
    expect(roundTo(parseMoney('1234.5'), 0)).toBe(parseMoney('1235'));
    expect(roundTo(parseMoney('1.2345'), 4)).toBe(12345n);
    expect(() => roundTo(1n, 5)).toThrow(RangeError);
  });

  it('allocates so that the parts add up to the total exactly', () => {
    const parts = allocate(parseMoney('10.00'), [1n, 1n, 1n], 2);
    expect(parts.map((p) => formatMoney(p, 2))).toEqual(['3.34', '3.33', '3.33']);
    expect(sum(parts)).toBe(parseMoney('10.00'));

    const weighted = allocate(
      parseMoney('5.00'),
      [parseMoney('19.99'), parseMoney('0.01'), parseMoney('80')],
      2,
    );
    expect(sum(weighted)).toBe(parseMoney('5.00'));
    expect(weighted.map((p) => formatMoney(p, 2))).toEqual(['1.00', '0.00', '4.00']);

    expect(allocate(parseMoney('-1.00'), [1n, 2n], 2).map((p) => formatMoney(p, 2))).toEqual([
      '-0.33',
      '-0.67',
    ]);
    expect(allocate(parseMoney('1.00'), [0n, 0n], 2)).toEqual([parseMoney('1.00'), 0n]);
    expect(() => allocate(parseMoney('1.005'), [1n], 2)).toThrow(/at most 2 decimals/);
    expect(() => allocate(1n, [])).toThrow(RangeError);
  });

  it('formats the exact value for Dataverse', () => {
    expect(formatMoney(parseMoney('12.34'))).toBe('12.3400');
    expect(formatMoney(parseMoney('-0.05'), 2)).toBe('-0.05');
    expect(formatMoney(parseMoney('0.5'), 0)).toBe('1');
    expect(toDataverseNumber(parseMoney('12.3400'))).toBe(12.34);
    expect(JSON.stringify({ priceperunit: toDataverseNumber(parseMoney('0.0001')) })).toBe(
      '{"priceperunit":0.0001}',
    );
    expect(Object.is(toDataverseNumber(parseMoney('-0.00001')), 0)).toBe(true);
  });
});
