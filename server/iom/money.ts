/**
 * Exact money arithmetic. Amounts are bigints counting 1/10000 of the currency unit (BigCommerce sends
 * decimal strings with four places, Dataverse money columns hold at most four), so sums and products by
 * a quantity never drift the way 0.1 + 0.2 does in floating point. Only `toDataverseNumber` leaves the
 * exact domain, at the very end, and it goes through the decimal text of the exact value.
 */

/** Units per currency unit: four decimal places. */
export const SCALE = 10_000n;
const PLACES = 4;

/** An exact amount in 1/10000 of the currency unit. */
export type Money = bigint;

export const ZERO: Money = 0n;

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$/;

/**
 * A BigCommerce amount ("12.3400", "-1.5", "7") or JSON number (6.2) as exact units. More than four
 * decimals are rounded half away from zero. Throws a RangeError naming `what` for anything else.
 */
export function parseMoney(value: string | number, what = 'amount'): Money {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite number, got ${value}`);
    // toFixed avoids exponent notation; 10 places keep every digit a 4-place value needs.
    text = value.toFixed(10);
  } else {
    text = value.trim();
  }
  const match = DECIMAL.exec(text);
  if (!match)
    throw new RangeError(`${what} must be a decimal number like "12.34", got ${JSON.stringify(value)}`);
  const [, sign, whole, fraction = ''] = match;
  const kept = BigInt(whole + fraction.slice(0, PLACES).padEnd(PLACES, '0'));
  const roundUp = fraction.length > PLACES && fraction.charCodeAt(PLACES) >= 53; /* '5' */
  const magnitude = roundUp ? kept + 1n : kept;
  return sign === '-' ? -magnitude : magnitude;
}

/** Whether `value` is something parseMoney accepts. */
export function isMoney(value: unknown): value is string | number {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && DECIMAL.test(value.trim());
}

export function add(...amounts: Money[]): Money {
  return amounts.reduce((sum, amount) => sum + amount, ZERO);
}

export function sub(a: Money, b: Money): Money {
  return a - b;
}

/** `amount` × a whole quantity (a line's unit price times its quantity). */
export function mulQty(amount: Money, quantity: number): Money {
  if (!Number.isSafeInteger(quantity))
    throw new RangeError(`quantity must be a whole number, got ${quantity}`);
  return amount * BigInt(quantity);
}

export function sum(amounts: Iterable<Money>): Money {
  let total = ZERO;
  for (const amount of amounts) total += amount;
  return total;
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

/** Rounds to `decimals` places (0–4) of the currency, half away from zero. */
export function roundTo(amount: Money, decimals: number): Money {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > PLACES) {
    throw new RangeError(`decimals must be 0–${PLACES}, got ${decimals}`);
  }
  const step = 10n ** BigInt(PLACES - decimals);
  const remainder = abs(amount) % step;
  const down = abs(amount) - remainder;
  const magnitude = remainder * 2n >= step ? down + step : down;
  return amount < 0n ? -magnitude : magnitude;
}

/**
 * Splits `total` into parts proportional to `weights` so that the parts add up to `total` exactly,
 * each a multiple of 10^-`decimals` (largest remainder method; ties go to the earlier part). All
 * weights zero: the whole amount goes to the first part. `total` must be a multiple of the step.
 */
export function allocate(total: Money, weights: readonly Money[], decimals = PLACES): Money[] {
  if (weights.length === 0) {
    if (total !== ZERO) throw new RangeError('cannot allocate a non-zero amount over no parts');
    return [];
  }
  if (weights.some((w) => w < 0n)) throw new RangeError('allocation weights must not be negative');
  const step = 10n ** BigInt(PLACES - decimals);
  if (total % step !== 0n) throw new RangeError(`the total must have at most ${decimals} decimals`);
  const steps = abs(total) / step;
  const weightSum = sum(weights);
  if (weightSum === ZERO) return weights.map((_, i) => (i === 0 ? total : ZERO));
  const shares = weights.map((w) => (steps * w) / weightSum);
  let left = steps - sum(shares);
  const order = weights
    .map((w, i) => ({ i, remainder: (steps * w) % weightSum }))
    .sort((a, b) => (b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : a.i - b.i));
  for (const { i } of order) {
    if (left === 0n) break;
    shares[i] = (shares[i] ?? 0n) + 1n;
    left -= 1n;
  }
  const sign = total < 0n ? -1n : 1n;
  return shares.map((share) => sign * share * step);
}

/** The exact decimal text with `decimals` places (default 4): 123400n → "12.3400". Rounds if fewer. */
export function formatMoney(amount: Money, decimals = PLACES): string {
  const rounded = roundTo(amount, decimals);
  const magnitude = abs(rounded)
    .toString()
    .padStart(PLACES + 1, '0');
  const whole = magnitude.slice(0, -PLACES);
  const fraction = magnitude.slice(-PLACES, magnitude.length - (PLACES - decimals));
  return `${rounded < 0n ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

/**
 * The JSON number Dataverse gets for a money or decimal column: parsed from the exact decimal text, so
 * it is the double nearest to that decimal and serialises back to it (12.3400 → 12.34).
 */
export function toDataverseNumber(amount: Money): number {
  const value = Number(formatMoney(amount));
  return Object.is(value, -0) ? 0 : value;
}
