import type { SecretCipher } from '../types';

/** Encrypt a secret (or pass null through) before it reaches the document store. */
export function sealSecret(cipher: SecretCipher, plain: string): string;
export function sealSecret(cipher: SecretCipher, plain: string | null): string | null;
export function sealSecret(cipher: SecretCipher, plain: string | null): string | null {
  return plain === null ? null : cipher.encrypt(plain);
}

/**
 * Decrypt a stored secret (or pass null through). A secret that does not decrypt (tampered, or sealed
 * with another key) throws with the name of the secret, never returns garbage.
 */
export function openSecret(cipher: SecretCipher, sealed: string, label: string): string;
export function openSecret(cipher: SecretCipher, sealed: string | null, label: string): string | null;
export function openSecret(cipher: SecretCipher, sealed: string | null, label: string): string | null {
  if (sealed === null) return null;
  try {
    return cipher.decrypt(sealed);
  } catch (error) {
    throw new Error(`Stored secret ${label} cannot be decrypted (tampered, or sealed with another key)`, {
      cause: error,
    });
  }
}
