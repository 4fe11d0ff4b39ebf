import { randomBytes } from 'node:crypto';
import { SESSION_TTL_SECONDS, SessionTokens } from '../../server/security/session-token';

describe('session tokens', () => {
  const tokens = new SessionTokens(randomBytes(32));
  const claims = { storeHash: 'demo7x3', userId: 42, sessionVersion: 'v1' };

  it('verify returns what issue put in, with the expiry', async () => {
    const now = new Date('2026-11-27T12:00:00Z');
    const issued = await tokens.issue(claims, now);
    expect(issued.expiresAt).toBe(new Date(now.getTime() + SESSION_TTL_SECONDS * 1000).toISOString());
    expect(await tokens.verify(issued.token, now)).toEqual({ ...claims, expiresAt: issued.expiresAt });
  });

  it('an expired token is session_expired; a token from another key is session_invalid', async () => {
    const now = new Date('2026-11-27T12:00:00Z');
    const issued = await tokens.issue(claims, now);
    // Expiry has a 5 s clock tolerance (app instances on several hosts).
    const withinLeeway = new Date(now.getTime() + (SESSION_TTL_SECONDS + 4) * 1000);
    await expect(tokens.verify(issued.token, withinLeeway)).resolves.toMatchObject({ userId: 42 });
    const later = new Date(now.getTime() + (SESSION_TTL_SECONDS + 6) * 1000);
    await expect(tokens.verify(issued.token, later)).rejects.toMatchObject({
      status: 401,
      code: 'session_expired',
    });
    const foreign = await new SessionTokens(randomBytes(32)).issue(claims, now);
    await expect(tokens.verify(foreign.token, now)).rejects.toMatchObject({
      status: 401,
      code: 'session_invalid',
    });
  });
});
