import { randomBytes } from 'node:crypto';
import { deriveKeys } from '../../server/security/keys';
import { SecretBox } from '../../server/security/secret-box';

describe('SecretBox (AES-256-GCM)', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips, with a fresh IV every time', () => {
    const a = box.encrypt('access-token-123');
    const b = box.encrypt('access-token-123');
    expect(a).not.toBe(b);
    expect(a).not.toContain('access-token-123');
    expect(box.decrypt(a)).toBe('access-token-123');
    expect(box.decrypt(box.encrypt(''))).toBe('');
    expect(box.decrypt(box.encrypt('ünïcødé ✓'))).toBe('ünïcødé ✓');
  });

  it('refuses tampered ciphertext, a wrong key and malformed input', () => {
    const sealed = box.encrypt('secret');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    const tampered = [...parts.slice(0, 3), body.toString('base64url')].join('.');
    expect(() => box.decrypt(tampered)).toThrow();
    expect(() => new SecretBox(randomBytes(32)).decrypt(sealed)).toThrow();
    expect(() => box.decrypt('plaintext')).toThrow(/malformed/);
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32-byte/);
  });

  it('derives distinct encryption and signing keys from APP_SECRET_KEY', () => {
    const keys = deriveKeys(randomBytes(32));
    expect(keys.encryption).toHaveLength(32);
    expect(keys.sessionSigning).toHaveLength(32);
    expect(keys.encryption.equals(keys.sessionSigning)).toBe(false);
  });
});
