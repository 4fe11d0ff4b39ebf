import { hkdfSync } from 'node:crypto';

/**
 * Independent sub-keys from the one APP_SECRET_KEY (HKDF-SHA256), so the key that encrypts stored
 * secrets never signs anything and vice versa.
 */
export function deriveKeys(appSecretKey: Buffer): { encryption: Buffer; sessionSigning: Buffer } {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', appSecretKey, Buffer.alloc(0), info, 32));
  return {
    encryption: derive('iom-connector/secret-box/v1'),
    sessionSigning: derive('iom-connector/session-token/v1'),
  };
}
