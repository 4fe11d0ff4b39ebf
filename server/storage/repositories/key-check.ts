import type { DocumentData, DocumentStore } from '../document-store';
import type { SecretCipher } from '../types';

const META = 'meta';
const KEY_CHECK_ID = 'keyCheck';
/** What the check value decrypts to. Not a secret: the check is that it decrypts at all. */
const KEY_CHECK_PLAIN = 'iom-connector/key-check/v1';
/** How many stores a database without a check value is searched for a sealed secret. */
const LEGACY_STORES_SCANNED = 20;

export type KeyCheckResult =
  /** The key opens the stored check value. */
  | { status: 'verified' }
  /** No check value yet: the key opened a stored secret (or there was none), and the check value was written. */
  | { status: 'initialised'; provedBy: string | null }
  /** The key does not open the data: `what` names the value that failed to decrypt. */
  | { status: 'mismatch'; what: string };

function opens(cipher: SecretCipher, sealed: string): boolean {
  try {
    cipher.decrypt(sealed);
    return true;
  } catch {
    return false;
  }
}

/**
 * One sealed secret of a database written before check values existed: a store's access token or
 * webhook secret (newest stores first; uninstalled stores hold none), else a connection's client
 * secret. Null when the database holds no secret at all.
 */
async function findSealedSecret(documents: DocumentStore): Promise<{ what: string; sealed: string } | null> {
  const stores = await documents.query('stores', {
    orderBy: 'updatedAt',
    direction: 'desc',
    limit: LEGACY_STORES_SCANNED,
  });
  for (const store of stores) {
    for (const field of ['accessToken', 'webhookSecret']) {
      const sealed = store[field];
      if (typeof sealed === 'string') return { what: `${field} of store ${String(store.hash)}`, sealed };
    }
  }
  const [connection] = await documents.query('connections', { orderBy: 'storeHash', limit: 1 });
  const sealed = connection?.clientSecret;
  if (typeof sealed === 'string') {
    return { what: `clientSecret of store ${String(connection?.storeHash)}`, sealed };
  }
  return null;
}

/**
 * Check, before the app serves anything, that `cipher` (the key derived from APP_SECRET_KEY) opens the
 * data already stored. The `meta/keyCheck` document holds a value sealed with that key. A database
 * without one (new, or written before check values existed) is checked against one stored secret if
 * it holds any, and then gets its check value, so from then on the check does not depend on which
 * stores exist. Read-only when the check fails.
 */
export async function verifyStorageKey(
  documents: DocumentStore,
  cipher: SecretCipher,
  now: Date,
): Promise<KeyCheckResult> {
  const stored = await documents.get(META, KEY_CHECK_ID);
  if (stored !== null) {
    return typeof stored.sealed === 'string' && opens(cipher, stored.sealed)
      ? { status: 'verified' }
      : { status: 'mismatch', what: 'the key check value' };
  }
  const secret = await findSealedSecret(documents);
  if (secret !== null && !opens(cipher, secret.sealed)) return { status: 'mismatch', what: secret.what };
  const check: DocumentData = {
    id: KEY_CHECK_ID,
    sealed: cipher.encrypt(KEY_CHECK_PLAIN),
    createdAt: now.toISOString(),
  };
  if (await documents.create(META, KEY_CHECK_ID, check)) {
    return { status: 'initialised', provedBy: secret?.what ?? null };
  }
  // Another instance wrote the check value in the meantime: it must open with this key too.
  return verifyStorageKey(documents, cipher, now);
}
