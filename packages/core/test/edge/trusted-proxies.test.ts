import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowFixtures, SECRET } from '../support/fixtures.js';
import { startIdp, type TestIdp } from '../support/start-idp.js';
import { rawRequest } from './support/raw-http.js';
import { RawSession } from './support/raw-session.js';
import { authorizationQuery, basic, CLIENT_CREDENTIALS, DISCOVERY, FORM } from './support/requests.js';

const ISSUER = 'https://id.example.test';
const THROTTLE = { maxFailuresPerAddress: 2, maxFailuresPerClient: 100, windowSeconds: 60 };

async function failClientAuth(t: TestIdp, headers: Record<string, string>) {
  return rawRequest(`${t.origin}/token`, { method: 'POST', headers: { ...FORM, host: 'id.example.test', authorization: basic('confidential', 'wrong'), ...headers }, body: CLIENT_CREDENTIALS });
}

describe('behind a trusted TLS-terminating proxy (trustProxy: ["loopback"])', () => {
  let t: TestIdp;
  const viaProxy = { host: '10.0.0.5:8080', 'x-forwarded-host': 'id.example.test', 'x-forwarded-proto': 'https' };

  beforeAll(async () => {
    t = await startIdp((await flowFixtures({ issuer: ISSUER, trustProxy: ['loopback'], clientAuthThrottle: THROTTLE })).options);
  });
  afterAll(() => t?.close());

  it('publishes https URLs of the forwarded host, with Strict-Transport-Security', async () => {
    const response = await rawRequest(`${t.origin}${DISCOVERY}`, { headers: viaProxy });
    expect(response.status).toBe(200);
    const metadata = response.json<Record<string, string>>();
    expect(metadata.issuer).toBe(ISSUER);
    expect(metadata.token_endpoint).toBe(`${ISSUER}/token`);
    expect(metadata.authorization_endpoint).toBe(`${ISSUER}/auth`);
    expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
  });

  it('still refuses a forwarded host that is not one of its origins', async () => {
    const response = await rawRequest(`${t.origin}${DISCOVERY}`, { headers: { ...viaProxy, 'x-forwarded-host': 'evil.example' } });
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('sets Secure cookies and sends the browser to https pages that then work', async () => {
    const session = new RawSession(viaProxy);
    const start = await session.request(`${t.origin}/auth?${authorizationQuery()}`);
    expect(start.status).toBe(303);
    const location = start.headers.location!;
    expect(location).toMatch(new RegExp(`^${ISSUER}/interaction/`));
    const cookies = session.setCookieLines.filter((line) => /^_interaction/.test(line));
    expect(cookies.length).toBeGreaterThan(0);
    for (const line of cookies) expect(line.toLowerCase()).toContain('; secure');
    const page = await session.request(`${t.origin}${new URL(location).pathname}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="password"');
  });

  it('explains, instead of failing later, when the proxy does not say the client used https', async () => {
    const response = await rawRequest(`${t.origin}/auth?${authorizationQuery()}`, { headers: { host: 'id.example.test' } });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toContain('over http');
    expect(response.text).toContain('TRUST_PROXY');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('throttles by the client address that X-Forwarded-For names', async () => {
    for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      expect((await failClientAuth(t, { ...viaProxy, 'x-forwarded-for': client })).status, client).toBe(401);
    }
    expect((await failClientAuth(t, { ...viaProxy, 'x-forwarded-for': '203.0.113.1' })).status).toBe(401);
    const limited = await failClientAuth(t, { ...viaProxy, 'x-forwarded-for': '198.51.100.7, 203.0.113.1' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('behind a proxy that is not trusted (no trustProxy)', () => {
  let t: TestIdp;

  beforeAll(async () => {
    t = await startIdp((await flowFixtures({ issuer: ISSUER, clientAuthThrottle: THROTTLE })).options);
  });
  afterAll(() => t?.close());

  it('ignores X-Forwarded-Host and -Proto: URLs come from the issuer', async () => {
    const response = await rawRequest(`${t.origin}${DISCOVERY}`, { headers: { host: 'id.example.test', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' } });
    expect(response.status).toBe(200);
    const metadata = response.json<Record<string, string>>();
    expect(metadata.token_endpoint).toBe(`${ISSUER}/token`);
    expect(response.text).not.toContain('evil.example');
  });

  it('answers the authorization request with an error that names TRUST_PROXY, as a page or as JSON', async () => {
    const headers = { host: 'id.example.test', 'x-forwarded-proto': 'https' };
    const page = await rawRequest(`${t.origin}/auth?${authorizationQuery()}`, { headers });
    expect(page.status).toBe(400);
    expect(page.text).toContain('TRUST_PROXY');
    expect(page.headers['strict-transport-security']).toBeDefined();
    const json = await rawRequest(`${t.origin}/auth?${authorizationQuery()}`, { headers: { ...headers, accept: 'application/json' } });
    expect(json.status).toBe(400);
    expect(json.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('TRUST_PROXY') });
  });

  it('does not let X-Forwarded-For move the throttled address', async () => {
    const statuses: number[] = [];
    for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      statuses.push((await failClientAuth(t, { 'x-forwarded-for': client })).status);
    }
    expect(statuses).toEqual([401, 401, 429]);
  });

  it('serves token requests over http for an https issuer (no cookies involved)', async () => {
    const response = await rawRequest(`${t.origin}/token`, { method: 'POST', localAddress: '127.0.0.3', headers: { ...FORM, host: 'id.example.test', authorization: basic('confidential', SECRET) }, body: CLIENT_CREDENTIALS });
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ token_type: 'Bearer' });
  });
});
