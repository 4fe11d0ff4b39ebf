import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { SandboxUser, SignPayloadOptions } from './types';

const DAY_SEC = 24 * 60 * 60;
/** Both of BigCommerce's documented examples back-date nbf by 5 s from iat. */
const DEFAULT_NBF_OFFSET_SEC = -5;

export interface PayloadSubject {
  clientId: string;
  clientSecret: string;
  storeHash: string;
  user: SandboxUser;
  owner: SandboxUser;
  /** Epoch milliseconds. */
  now: number;
}

/**
 * A `signed_payload_jwt` as BigCommerce sends to /load, /uninstall and /remove_user: HS256 with the app's
 * client secret, claims in the documented order (https://developer.bigcommerce.com/docs/integrations/apps/guide/callbacks).
 */
export function signPayloadJwt(subject: PayloadSubject, options: SignPayloadOptions = {}): string {
  const iat = Math.floor(subject.now / 1000);
  const nbf = iat + (options.notBeforeOffsetSec ?? DEFAULT_NBF_OFFSET_SEC);
  const exp = nbf + (options.expiresInSec ?? DAY_SEC);
  // Claims in the documented order; jsonwebtoken keeps them as given (no options add claims here).
  return jwt.sign(
    {
      aud: subject.clientId,
      iss: 'bc',
      iat,
      nbf,
      exp,
      jti: randomUUID(),
      sub: `stores/${subject.storeHash}`,
      user: { id: subject.user.id, email: subject.user.email, locale: 'en-US' },
      owner: { id: subject.owner.id, email: subject.owner.email },
      url: options.url ?? '/',
      channel_id: null,
    },
    subject.clientSecret,
    { algorithm: 'HS256', header: { typ: 'JWT', alg: 'HS256' } },
  );
}
