import { generateKeyPairSync } from 'node:crypto';
import jwt, { type Algorithm, type JwtPayload } from 'jsonwebtoken';
import { CLIENT_ID, installStore, startHarness, type Harness } from '../helpers/harness';

type JWTPayload = JwtPayload & Record<string, unknown>;

const STORE = 'demo7x3';
const OWNER = { id: 7654321, email: 'owner@example.com' };
const STAFF = { id: 9876543, email: 'staff@example.com', locale: 'en-US' };

/** Claims exactly as BigCommerce sends them (https://developer.bigcommerce.com/docs/integrations/apps/guide/callbacks). */
function claims(overrides: Partial<JWTPayload> & Record<string, unknown> = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    aud: CLIENT_ID,
    iss: 'bc',
    iat: now,
    nbf: now - 5,
    exp: now - 5 + 24 * 3600,
    jti: crypto.randomUUID(),
    sub: `stores/${STORE}`,
    user: STAFF,
    owner: OWNER,
    url: '/',
    channel_id: null,
    ...overrides,
  };
}

async function hs(secret: string, payload: JWTPayload, alg: Algorithm = 'HS256'): Promise<string> {
  return jwt.sign(payload, secret, {
    algorithm: alg,
    header: { alg, typ: 'JWT' },
    noTimestamp: payload.iat === undefined,
  });
}

/** An unsigned token (alg "none"), as an attacker would hand-craft it. */
function unsigned(payload: JWTPayload): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
}

function without(payload: JWTPayload, key: string): JWTPayload {
  const copy = { ...payload };
  delete copy[key];
  return copy;
}

describe('every callback refuses a bad signed_payload_jwt with 401 and a clear message', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    expect((await installStore(h, STORE)).status).toBe(200);
  });
  afterAll(async () => {
    await h.close();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const cases: Array<[string, () => Promise<string>, RegExp]> = [
    ['alg "none"', async () => unsigned(claims()), /not signed with HS256|not a well-formed/],
    ['HS512 instead of HS256', () => hs(h.clientSecret, claims(), 'HS512'), /not signed with HS256/],
    [
      'RS256 instead of HS256',
      async () => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        return jwt.sign(claims(), privateKey, { algorithm: 'RS256' });
      },
      /not signed with HS256/,
    ],
    ['the wrong secret', () => hs('not-the-client-secret', claims()), /signature does not match/],
    ['the wrong audience', () => hs(h.clientSecret, claims({ aud: 'someone-elses-app' })), /audience/],
    ['the wrong issuer', () => hs(h.clientSecret, claims({ iss: 'not-bc' })), /issuer/],
    [
      'an expired token',
      () => hs(h.clientSecret, claims({ exp: now() - 120, nbf: now() - 3600, iat: now() - 3600 })),
      /expired/,
    ],
    [
      'a token not yet valid',
      () => hs(h.clientSecret, claims({ nbf: now() + 600, iat: now() + 600 })),
      /not valid yet/,
    ],
    [
      'a tampered payload',
      async () => {
        const [header, , signature] = (await hs(h.clientSecret, claims())).split('.');
        const forged = Buffer.from(JSON.stringify(claims({ sub: 'stores/othr9k2' }))).toString('base64url');
        return `${header}.${forged}.${signature}`;
      },
      /signature does not match/,
    ],
    ['a missing sub', () => hs(h.clientSecret, without(claims(), 'sub')), /sub/],
    ['a missing user', () => hs(h.clientSecret, without(claims(), 'user')), /user/],
    ['a malformed sub', () => hs(h.clientSecret, claims({ sub: 'store-demo7x3' })), /stores\/\{store_hash\}/],
    ['a missing exp', () => hs(h.clientSecret, without(claims(), 'exp')), /exp/],
    ['a missing jti', () => hs(h.clientSecret, without(claims(), 'jti')), /jti/],
    ['a missing iat', () => hs(h.clientSecret, without(claims(), 'iat')), /iat/],
    ['garbage', async () => 'not.a.jwt', /not a well-formed JWT/],
  ];

  for (const [name, make, message] of cases) {
    it(`/load refuses ${name}: the merchant reads the remedy, the log the reason`, async () => {
      const res = await fetch(`${h.appUrl}/load?signed_payload_jwt=${encodeURIComponent(await make())}`);
      expect(res.status).toBe(401);
      const html = await res.text();
      expect(html).toContain('IOM Connector could not be opened');
      expect(html).toContain('Open the app again from Apps › My Apps');
      expect(html).not.toContain('signed_payload');
      expect(html).not.toMatch(message);
      const requestId = res.headers.get('x-request-id') ?? '';
      const logged = h.logs.filter((line) => line.includes(requestId) && line.includes('"errorCode"'));
      expect(logged.join('\n')).toMatch(message);
      expect(await h.deps.storage.users.get(STORE, STAFF.id)).toBeNull();
    });

    it(`/uninstall and /remove_user refuse ${name}`, async () => {
      for (const path of ['/uninstall', '/remove_user']) {
        const res = await fetch(`${h.appUrl}${path}?signed_payload_jwt=${encodeURIComponent(await make())}`);
        expect(res.status).toBe(401);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('signed_payload_invalid');
        expect(body.error.message).toMatch(message);
      }
      expect((await h.deps.storage.stores.get(STORE))?.status).toBe('installed');
    });
  }

  it('a callback without any signed payload says so', async () => {
    const res = await fetch(`${h.appUrl}/uninstall`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('signed_payload_missing');
  });

  it('accepts a token that expired within the 60 s clock leeway, and a well-formed fresh one', async () => {
    const lenient = await hs(
      h.clientSecret,
      claims({ exp: now() - 30, nbf: now() - 3600, iat: now() - 3600 }),
    );
    expect((await fetch(`${h.appUrl}/load?signed_payload_jwt=${lenient}`)).status).toBe(200);
    const fresh = await hs(h.clientSecret, claims());
    expect((await fetch(`${h.appUrl}/load?signed_payload_jwt=${fresh}`)).status).toBe(200);
  });
});
