import { randomInt } from 'node:crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random lower-case alphanumeric string, the shape of BigCommerce's codes and access tokens. */
export function randomAlnum(length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += LOWER_ALNUM[randomInt(LOWER_ALNUM.length)];
  return out;
}
