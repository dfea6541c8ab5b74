import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { beforeAll, describe, expect, it } from 'vitest';

import { ConfigurationError } from '../src/errors.js';
import { assertTrustedJwtIssuer } from '../src/grants/jwt-bearer/trusted-jwt-issuer.js';
import { verifyJwtAssertion } from '../src/grants/jwt-bearer/verify-jwt-assertion.js';
import type { JwtAssertionOptions } from '../src/grants/jwt-bearer/verify-jwt-assertion.js';
import { assertionClaims, createTestJwtIssuer, hmacJwt, unsecuredJwt } from './support/jwt.js';
import type { TestJwtIssuer } from './support/jwt.js';
import { createReplayCache } from './support/replay.js';

const ISSUER = 'https://id.test';
const TOKEN_ENDPOINT = 'https://id.test/oauth/token';

let sts: TestJwtIssuer;
let other: TestJwtIssuer;

beforeAll(async () => {
  sts = await createTestJwtIssuer({ issuer: 'https://sts.test', audience: TOKEN_ENDPOINT });
  other = await createTestJwtIssuer({ issuer: 'https://sts.test', audience: TOKEN_ENDPOINT });
});

function options(overrides: Partial<JwtAssertionOptions> = {}): JwtAssertionOptions {
  return { issuers: [sts.trusted()], audiences: [ISSUER, TOKEN_ENDPOINT], replay: createReplayCache(), ...overrides };
}

async function expectRefused(assertion: unknown, description: string, opts = options()): Promise<void> {
  const error = (await verifyJwtAssertion(assertion, opts).then(
    () => undefined,
    (e: unknown) => e,
  )) as { error?: string; error_description?: string } | undefined;
  expect(error, 'the assertion should have been refused').toBeDefined();
  expect(error?.error).toBe('invalid_grant');
  expect(error?.error_description).toBe(description);
}

const now = () => Math.floor(Date.now() / 1000);

describe('verifyJwtAssertion: accepted', () => {
  it('returns issuer, subject and claims of a valid RS256 assertion, and records its jti', async () => {
    const replay = createReplayCache();
    const result = await verifyJwtAssertion(await sts.sign({ jti: 'one' }), options({ replay }));
    expect(result.issuer).toBe('https://sts.test');
    expect(result.subject).toBe('alice');
    expect(result.claims.jti).toBe('one');
    expect([...replay.seen.keys()]).toEqual(['https://sts.test\u0000one']);
    expect(replay.seen.get('https://sts.test\u0000one')).toBeGreaterThan(now());
  });

  it('accepts ES256, an audience array naming the issuer, and no iat', async () => {
    const es = await createTestJwtIssuer({ issuer: 'https://es.test', audience: ISSUER, alg: 'ES256' });
    const assertion = await es.sign({ aud: ['https://elsewhere.test', ISSUER], iat: undefined });
    await expect(verifyJwtAssertion(assertion, options({ issuers: [es.trusted()] }))).resolves.toMatchObject({ subject: 'alice' });
  });

  it('tries each key when several match and the assertion has no kid', async () => {
    const keys = [other.publicJwk, sts.publicJwk].map(({ kid: _kid, ...jwk }) => jwk);
    const assertion = await sts.sign({}, { kid: undefined });
    await expect(verifyJwtAssertion(assertion, options({ issuers: [sts.trusted({ jwks: { keys } })] }))).resolves.toBeDefined();
  });

  it('fetches a jwks_uri once and reuses it across requests', async () => {
    let fetches = 0;
    const server = createServer((_req, res) => {
      fetches += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [sts.publicJwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const trusted = { issuer: sts.issuer, jwksUri: `http://127.0.0.1:${port}/jwks`, algorithms: ['RS256'] };
      const opts = options({ issuers: [trusted] });
      await verifyJwtAssertion(await sts.sign(), opts);
      await verifyJwtAssertion(await sts.sign(), opts);
      expect(fetches).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('verifyJwtAssertion: algorithm and signature', () => {
  it('refuses alg none', async () => {
    await expectRefused(unsecuredJwt(assertionClaims(sts.issuer, TOKEN_ENDPOINT)), 'assertion alg none is not allowed');
  });

  it('refuses HS256 signed with the public key as secret (key confusion)', async () => {
    const forged = hmacJwt(assertionClaims(sts.issuer, TOKEN_ENDPOINT), sts.publicKeyPem, sts.kid);
    await expectRefused(forged, 'assertion HMAC algorithms are not allowed');
  });

  it('refuses an algorithm the issuer is not configured for', async () => {
    const assertion = await sts.sign();
    await expectRefused(assertion, 'assertion algorithm is not allowed', options({ issuers: [sts.trusted({ algorithms: ['PS256'] })] }));
  });

  it('refuses a tampered payload', async () => {
    const [header, , signature] = (await sts.sign()).split('.');
    const payload = Buffer.from(JSON.stringify(assertionClaims(sts.issuer, TOKEN_ENDPOINT))).toString('base64url');
    await expectRefused(`${header}.${payload}.${signature}`, 'assertion signature is invalid');
  });

  it('refuses a signature by another key under the trusted kid', async () => {
    const forged = await other.sign({}, { kid: sts.kid });
    await expectRefused(forged, 'assertion signature is invalid');
  });

  it('refuses an unknown kid', async () => {
    await expectRefused(await other.sign(), 'assertion signing key is unknown');
  });

  it('refuses an untrusted issuer', async () => {
    await expectRefused(await sts.sign({ iss: 'https://evil.test' }), 'assertion issuer is not trusted');
  });

  it('refuses something that is not a compact JWT', async () => {
    await expectRefused('a.b', 'assertion is not a compact JWT');
    await expectRefused('###.###.###', 'assertion is not a compact JWT');
    await expectRefused(undefined, 'assertion is not a compact JWT');
  });
});

describe('verifyJwtAssertion: claims', () => {
  it.each([
    ['a wrong audience', { aud: 'https://other.test' }, 'assertion audience is invalid'],
    ['a missing audience', { aud: undefined }, 'assertion audience is invalid'],
    ['a missing exp', { exp: undefined }, 'assertion exp is missing'],
    ['an expired assertion', { exp: now() - 120, iat: now() - 200 }, 'assertion has expired'],
    ['an exp beyond the maximum lifetime', { exp: now() + 3600 }, 'assertion exp is too far in the future'],
    ['a lifetime (exp − iat) beyond the maximum', { iat: now() - 290, exp: now() + 100 }, 'assertion lifetime exceeds the maximum'],
    ['an nbf in the future', { nbf: now() + 120 }, 'assertion is not yet valid (nbf)'],
    ['an iat in the future', { iat: now() + 120 }, 'assertion iat is in the future'],
    ['a missing jti', { jti: undefined }, 'assertion jti is missing'],
    ['a missing sub', { sub: undefined }, 'assertion sub is missing'],
  ])('refuses %s', async (_name, claims, description) => {
    await expectRefused(await sts.sign(claims), description);
  });

  it('honours a shorter maxLifetimeSeconds', async () => {
    const opts = options({ issuers: [sts.trusted({ maxLifetimeSeconds: 60 })] });
    await expectRefused(await sts.sign({ exp: now() + 120 }), 'assertion exp is too far in the future', opts);
  });

  it('checks times against the given now', async () => {
    const assertion = await sts.sign();
    await expectRefused(assertion, 'assertion has expired', options({ now: new Date(Date.now() + 600_000) }));
  });

  it('refuses a replayed jti, and does not record a refused assertion', async () => {
    const opts = options();
    const assertion = await sts.sign({ jti: 'same' });
    await expectRefused(assertion, 'assertion audience is invalid', { ...opts, audiences: ['https://other.test'] });
    await verifyJwtAssertion(assertion, opts);
    await expectRefused(assertion, 'assertion jti has already been used', opts);
  });
});

describe('assertTrustedJwtIssuer', () => {
  it.each([
    ['HS256 in algorithms', { algorithms: ['HS256'] }, 'iss.algorithms'],
    ['none in algorithms', { algorithms: ['none'] }, 'iss.algorithms'],
    ['both jwks and jwksUri', { jwksUri: 'https://sts.test/jwks' }, 'iss'],
    ['a private key in jwks', { jwks: { keys: [{ kty: 'RSA', n: 'x', e: 'AQAB', d: 'secret' }] } }, 'iss.jwks.keys'],
    ['a non-integer maxLifetimeSeconds', { maxLifetimeSeconds: 1.5 }, 'iss.maxLifetimeSeconds'],
  ])('refuses %s, naming the option', (_name, overrides, path) => {
    const entry = { ...sts.trusted(), ...overrides };
    expect(() => assertTrustedJwtIssuer(entry, 'iss')).toThrow(ConfigurationError);
    try {
      assertTrustedJwtIssuer(entry, 'iss');
    } catch (error) {
      expect((error as ConfigurationError).path).toBe(path);
      expect((error as Error).message).not.toContain('secret');
    }
  });

  it('accepts a well-formed entry', () => {
    expect(() => assertTrustedJwtIssuer(sts.trusted(), 'iss')).not.toThrow();
  });
});

