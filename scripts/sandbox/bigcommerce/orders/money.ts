/**
 * Money in 1/10000 units (BigCommerce shows 4 decimals: "12.5000"), as integers so sums never drift.
 * Every amount the simulator derives (tax, discounts) is rounded to whole cents (multiples of 100).
 */
export type Money = number;

export const CENT: Money = 100;

/** "12.5" | "12.50" | 12.5 → 125000; throws on more than 4 decimals or a non-decimal. */
export function parseMoney(value: string | number): Money {
  const text = typeof value === 'number' ? value.toFixed(4) : value.trim();
  const match = /^(-?)(\d+)(?:\.(\d{1,4}))?$/.exec(text);
  if (!match) throw new Error(`Not a decimal amount: ${String(value)}`);
  const units = Number(match[2]) * 10_000 + Number((match[3] ?? '').padEnd(4, '0'));
  return match[1] === '-' ? -units : units;
}

/** 125000 → "12.5000". */
export function formatMoney(amount: Money): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 10_000)}.${String(abs % 10_000).padStart(4, '0')}`;
}

/** The amount as a JSON number (the spec types shipping-consignment costs as numbers). */
export function moneyNumber(amount: Money): number {
  return amount / 10_000;
}

/** amount × rate (rate in 1/10000, so 825 = 8.25 %), rounded half up to whole cents. */
export function percentOf(amount: Money, rateBasis: number): Money {
  const exact = amount * rateBasis; // in 1/10^8 units
  return Math.round(exact / 1_000_000) * CENT;
}

/** Splits `total` over `weights` proportionally in whole cents; the last share takes the remainder. */
export function spread(total: Money, weights: Money[]): Money[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const shares = weights.map((w) => Math.floor((total * w) / sum / CENT) * CENT);
  const given = shares.reduce((a, b) => a + b, 0);
  if (shares.length > 0) shares[shares.length - 1] = (shares[shares.length - 1] ?? 0) + total - given;
  return shares;
}
