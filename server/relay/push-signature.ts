/**
 * The signature of a push from IOM (POST /iom/events): the header
 * `X-IOM-Connector-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` where the HMAC, keyed with the
 * store's push secret, covers `<t>.<raw body bytes>` (the scheme Stripe and others use, so a Power
 * Automate flow or an IOM provider action can compute it with a stock HMAC step). Pure functions.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const PUSH_SIGNATURE_HEADER = 'X-IOM-Connector-Signature';

/** How far the signed time may be from our clock, either way. */
export const PUSH_TOLERANCE_S = 300;

export const PUSH_SIGNATURE_FORMAT =
  't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw request body>" keyed with the push secret>';

/** A new push secret: 32 random bytes, base64url. */
export function newPushSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The hex HMAC of one push. */
export function pushSignature(secret: string, timestamp: number, rawBody: Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** The header value for a push (what IOM's side sends; tests sign with it). */
export function signPush(secret: string, timestamp: number, rawBody: Buffer | string): string {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return `t=${timestamp},v1=${pushSignature(secret, timestamp, body)}`;
}

export interface ParsedPushHeader {
  timestamp: number;
  /** Every v1 signature in the header (a sender may send several while it rotates). */
  signatures: string[];
}

/** The header's parts, or a sentence saying what is wrong with it. */
export function parsePushHeader(header: string | undefined): ParsedPushHeader | { problem: string } {
  if (!header || header.trim() === '') {
    return { problem: `The ${PUSH_SIGNATURE_HEADER} header is missing: send ${PUSH_SIGNATURE_FORMAT}.` };
  }
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (eq < 0) continue;
    if (name === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (name === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === null || signatures.length === 0) {
    return {
      problem: `The ${PUSH_SIGNATURE_HEADER} header is malformed: send ${PUSH_SIGNATURE_FORMAT} (t in whole seconds, v1 as 64 hex characters).`,
    };
  }
  return { timestamp, signatures };
}

/** The header's v1 signature that matches (constant-time per candidate), or null. */
export function matchingSignature(secret: string, parsed: ParsedPushHeader, rawBody: Buffer): string | null {
  const expected = Buffer.from(pushSignature(secret, parsed.timestamp, rawBody), 'hex');
  for (const candidate of parsed.signatures) {
    const given = Buffer.from(candidate, 'hex');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return candidate;
  }
  return null;
}

/** Seconds between the signed time and now (positive: signed in the past). */
export function pushAgeSeconds(parsed: ParsedPushHeader, now: Date): number {
  return Math.floor(now.getTime() / 1000) - parsed.timestamp;
}
