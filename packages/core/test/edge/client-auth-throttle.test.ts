import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowFixtures, SECRET } from '../support/fixtures.js';
import { startIdp, type TestIdp } from '../support/start-idp.js';
import { rawRequest } from './support/raw-http.js';
import { basic, CLIENT_CREDENTIALS, FORM } from './support/requests.js';

describe('client authentication throttling (defaults: 20 per client and address, 100 per address, 5 min)', () => {
  let t: TestIdp;
  const tokenRequest = (localAddress: string, auth: { basic?: string; post?: Record<string, string> }) =>
    rawRequest(`${t.origin}/token`, {
      method: 'POST',
      localAddress,
      headers: { ...FORM, ...(auth.basic ? { authorization: auth.basic } : {}) },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api', ...auth.post }).toString(),
    });

  beforeAll(async () => {
    t = await startIdp((await flowFixtures()).options);
  });
  afterAll(() => t?.close());

  it('answers 429 with Retry-After to 50 wrong secrets from one address, while the client keeps getting tokens from another', async () => {
    const statuses: number[] = [];
    let retryAfter: string | string[] | undefined;
    for (let i = 0; i < 50; i += 1) {
      const response = await tokenRequest('127.0.0.1', { basic: basic('confidential', `wrong-${i}`) });
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers['retry-after'];
        expect(response.json()).toMatchObject({ error: 'invalid_request' });
        expect(response.headers['cache-control']).toBe('no-store');
      }
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(30).fill(429));
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(300);

    // Even the right secret is not checked from the throttled address…
    expect((await tokenRequest('127.0.0.1', { basic: basic('confidential', SECRET) })).status).toBe(429);
    // …but the client itself is not locked out.
    const elsewhere = await tokenRequest('127.0.0.2', { basic: basic('confidential', SECRET) });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.json()).toMatchObject({ access_token: expect.any(String) });
  });

  it('counts client_secret_post clients by the client_id in the body', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i += 1) {
      statuses.push((await tokenRequest('127.0.0.4', { post: { client_id: 'post-client', client_secret: `wrong-${i}` } })).status);
    }
    expect(statuses.at(-2)).toBe(401);
    expect(statuses.at(-1)).toBe(429);
    // Another client from the same address is not affected by this pair's count.
    expect((await tokenRequest('127.0.0.4', { basic: basic('confidential', SECRET) })).status).toBe(200);
  });

  // Relies on the first test: the pair (confidential, 127.0.0.1) is at its limit by now.
  it('applies the same throttle to introspection and revocation', async () => {
    const at = (path: string, secret: string) =>
      rawRequest(`${t.origin}${path}`, { method: 'POST', localAddress: '127.0.0.1', headers: { ...FORM, authorization: basic('confidential', secret) }, body: 'token=x' });
    expect((await at('/token/introspection', SECRET)).status).toBe(429);
    expect((await at('/token/revocation', SECRET)).status).toBe(429);
  });
});

describe('client authentication throttling per address', () => {
  let t: TestIdp;

  beforeAll(async () => {
    t = await startIdp((await flowFixtures({ clientAuthThrottle: { maxFailuresPerAddress: 5, windowSeconds: 60 } })).options);
  });
  afterAll(() => t?.close());

  it('limits one address guessing across many client_ids', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const response = await rawRequest(`${t.origin}/token`, { method: 'POST', localAddress: '127.0.0.5', headers: { ...FORM, authorization: basic(`client-${i}`, 'guess') }, body: CLIENT_CREDENTIALS });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const other = await rawRequest(`${t.origin}/token`, { method: 'POST', localAddress: '127.0.0.6', headers: { ...FORM, authorization: basic('confidential', SECRET) }, body: CLIENT_CREDENTIALS });
    expect(other.status).toBe(200);
  });

  it('refuses a bad throttle option at start-up, naming it', async () => {
    const { createIdentityProvider } = await import('../../src/index.js');
    await expect(createIdentityProvider({ issuer: 'http://127.0.0.1:1', clientAuthThrottle: { maxFailuresPerClient: 0 } })).rejects.toThrow('clientAuthThrottle.maxFailuresPerClient');
  });
});
