import type { AppDeps } from '../deps';
import { UnauthorizedError } from '../errors';
import {
  CLOCK_TOLERANCE_SECONDS,
  REOPEN_APP_MESSAGE,
  verifySignedPayload,
  type SignedPayload,
} from '../bigcommerce/signed-payload';

/** Receipts of used payloads share the webhook receipts' storage under this prefix. */
const PAYLOAD_RECEIPT_PREFIX = 'signed-payload:';

/**
 * Verify a callback's signed payload and accept it once: its `jti` is remembered until the payload
 * could no longer verify (exp + leeway), across /load, /uninstall and /remove_user, so a payload seen
 * once (a load URL in the iframe, a logged request) can never be replayed — not even to another
 * callback. A replay is refused with the same remedy as any other bad payload.
 */
export async function acceptSignedPayload(
  deps: Pick<AppDeps, 'config' | 'storage'>,
  token: unknown,
  now: Date,
): Promise<SignedPayload> {
  const payload = verifySignedPayload(token, deps.config.bigcommerce, now);
  const usableUntilMs = (payload.exp + CLOCK_TOLERANCE_SECONDS) * 1000;
  const ttlMs = Math.max(usableUntilMs - now.getTime(), 1_000);
  const first = await deps.storage.receipts.recordOnce(
    payload.storeHash,
    `${PAYLOAD_RECEIPT_PREFIX}${payload.jti}`,
    now,
    ttlMs,
  );
  if (!first) {
    throw new UnauthorizedError('signed_payload_replayed', REOPEN_APP_MESSAGE, {
      detail: `the signed_payload_jwt ${payload.jti} of store ${payload.storeHash} was already used once; every payload is single-use`,
    });
  }
  return payload;
}
