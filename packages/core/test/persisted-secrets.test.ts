import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, createIdentityProvider, createMemoryAdapter, MemoryAccountStore, MemoryStorage, SECRET_KEYS, type SecretsStore } from '../src/index.js';
import { addAlice, flowFixtures, REDIRECT_URI, SECRET } from './support/fixtures.js';
import { HttpSession, formActions } from './support/http-session.js';
import { authorizeThroughPages } from './support/authorize.js';
import { memoryLogger, startIdp, type TestIdp } from './support/start-idp.js';

/** A real in-process SecretsStore: a Map, whose synchronous check-and-set is atomic. */
function mapSecretsStore(): SecretsStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    async get<T>(key: string) {
      const json = values.get(key);
      return json === undefined ? undefined : (JSON.parse(json) as T);
    },
    async setIfAbsent<T>(key: string, value: T) {
      if (!values.has(key)) values.set(key, JSON.stringify(value));
      return JSON.parse(values.get(key)!) as T;
    },
  };
}

async function jwksOf(t: TestIdp) {
  return (await (await fetch(`${t.issuer}${t.idp.routes.jwks}`)).json()) as { keys: Array<{ kid: string }> };
}

describe('signing and cookie keys kept in a secrets store', () => {
  const store = mapSecretsStore();
  const storage = new MemoryStorage();
  const accounts = new MemoryAccountStore();
  let a: TestIdp;
  let b: TestIdp;
  const loggers = [memoryLogger(), memoryLogger()];

  beforeAll(async () => {
    const { options } = await flowFixtures();
    // Two instances that start together, on one storage: each generates keys, one set wins.
    const shared = { ...options, secretsStore: store, accounts, adapter: createMemoryAdapter({ storage }) };
    [a, b] = await Promise.all(loggers.map((logger) => startIdp({ ...shared, logger })));
    await addAlice(accounts as never);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('stores one set of signing keys and cookie keys that every instance uses', async () => {
    expect([...store.values.keys()].sort()).toEqual([SECRET_KEYS.cookieKeys, SECRET_KEYS.signingKeys]);
    const [jwksA, jwksB] = await Promise.all([jwksOf(a), jwksOf(b)]);
    expect(jwksA.keys.map((k) => k.kid)).toHaveLength(2);
    expect(jwksB).toEqual(jwksA);
    const stored = JSON.parse(store.values.get(SECRET_KEYS.signingKeys)!) as { keys: Array<{ kid: string }> };
    expect(stored.keys.map((k) => k.kid)).toEqual(jwksA.keys.map((k) => k.kid));
  });

  it('says so in one warning per secret, naming no secret', () => {
    for (const logger of loggers) {
      const warnings = logger.lines.filter((line) => line.includes('secretsStore'));
      expect(warnings).toHaveLength(2);
      expect(warnings.join('\n')).toMatch(/signing keys were (generated and saved to|loaded from) secretsStore/);
      for (const secret of JSON.parse(store.values.get(SECRET_KEYS.cookieKeys)!) as string[]) expect(logger.lines.join('\n')).not.toContain(secret);
    }
  });

  it('verifies at one instance the ID Token the other signed, and keeps one sign-in for both', async () => {
    const session = new HttpSession();
    const verifier = randomBytes(32).toString('base64url');
    const authorize = (t: TestIdp) => `${t.issuer}${t.idp.routes.authorization}?${new URLSearchParams({
      client_id: 'confidential', response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'openid',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
    })}`;
    const { callback } = await authorizeThroughPages(authorize(a), a.origin, { session });
    const response = await fetch(`${a.issuer}${a.idp.routes.token}`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`confidential:${SECRET}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: REDIRECT_URI, code_verifier: verifier }),
    });
    const { id_token: idToken } = (await response.json()) as { id_token: string };
    await expect(jwtVerify(idToken, createLocalJWKSet(await jwksOf(b)), { issuer: a.issuer })).resolves.toBeTruthy();

    // B reads A's signed session cookie: same cookie keys, same storage, so no second sign-in.
    const atB = await session.follow(authorize(b), b.origin);
    if (atB.url.startsWith(b.origin)) {
      expect(atB.response.status).toBe(200);
      expect(formActions(await atB.response.text()).map((action) => action.split('/').pop())).toEqual(['confirm', 'abort']);
    } else {
      expect(new URL(atB.url).searchParams.get('code')).toBeTruthy();
    }
  });

  it('loads the stored keys at a later start instead of generating new ones', async () => {
    const logger = memoryLogger();
    const later = await startIdp({ secretsStore: store, logger });
    try {
      expect(await jwksOf(later)).toEqual(await jwksOf(a));
      expect(logger.lines.join('\n')).toMatch(/signing keys were loaded from secretsStore/);
    } finally {
      await later.close();
    }
  });
});

describe('secretsStore option', () => {
  it('must implement get() and setIfAbsent()', async () => {
    await expect(createIdentityProvider({ issuer: 'http://127.0.0.1:1', secretsStore: { get: async () => undefined } as never })).rejects.toThrow(ConfigurationError);
    await expect(createIdentityProvider({ issuer: 'http://127.0.0.1:1', secretsStore: { get: async () => undefined } as never })).rejects.toThrow('secretsStore must implement setIfAbsent()');
  });

  it('refuses stored signing keys that are not a usable JWKS, naming the stored key', async () => {
    const store = mapSecretsStore();
    store.values.set(SECRET_KEYS.signingKeys, JSON.stringify({ keys: [{ kty: 'RSA', n: 'x', e: 'AQAB' }] }));
    await expect(createIdentityProvider({ issuer: 'http://127.0.0.1:1', secretsStore: store, logger: memoryLogger() })).rejects.toThrow(/secretsStore "signing-keys"/);
  });
});
