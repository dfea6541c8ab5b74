import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowFixtures } from '../support/fixtures.js';
import { startIdp, type Mount, type TestIdp } from '../support/start-idp.js';
import { rawRequest } from './support/raw-http.js';

/** What a client sees for a method an endpoint does not take: 405, `Allow`, an OAuth error in JSON. */
async function expectNotAllowed(url: string, method: string, allow: string): Promise<void> {
  const response = await rawRequest(url, { method, ...(method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' } : {}) });
  expect(response.status, `${method} ${url}`).toBe(405);
  expect(response.headers.allow, `${method} ${url}`).toBe(allow);
  expect(response.headers['cache-control']).toBe('no-store');
  if (method === 'HEAD') return;
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = response.json<{ error: string; error_description: string }>();
  expect(body.error).toBe('invalid_request');
  expect(body.error_description).toContain(`${method} is not allowed`);
}

describe.each(['root', 'prefixed'] as Mount[])('a method an endpoint does not take (%s)', (mount) => {
  let t: TestIdp;

  beforeAll(async () => {
    t = await startIdp((await flowFixtures()).options, mount);
  });
  afterAll(() => t?.close());

  it('is 405 with the methods it takes, on every protocol endpoint', async () => {
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH']) await expectNotAllowed(`${t.issuer}/token`, method, 'POST');
    await expectNotAllowed(`${t.issuer}/token/introspection`, 'GET', 'POST');
    await expectNotAllowed(`${t.issuer}/token/revocation`, 'GET', 'POST');
    await expectNotAllowed(`${t.issuer}/me`, 'DELETE', 'GET, HEAD, POST');
    await expectNotAllowed(`${t.issuer}/jwks`, 'POST', 'GET, HEAD');
    await expectNotAllowed(`${t.issuer}/.well-known/openid-configuration`, 'POST', 'GET, HEAD');
    await expectNotAllowed(`${t.issuer}/session/end`, 'PUT', 'GET, HEAD, POST');
    // An http issuer takes the authorization request by GET only (see post-authorization.test.ts).
    await expectNotAllowed(`${t.issuer}/auth`, 'POST', 'GET, HEAD');
    // Matched as oidc-provider matches routes: any case, a trailing slash.
    await expectNotAllowed(`${t.issuer}/TOKEN/`, 'GET', 'POST');
  });

  it('leaves the right methods working and unknown paths unknown', async () => {
    const jwks = await rawRequest(`${t.issuer}/jwks`);
    expect(jwks.status).toBe(200);
    const token = await rawRequest(`${t.issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
    expect(token.status).toBe(401); // no client authentication: oidc-provider answered
    const unknown = await rawRequest(`${t.issuer}/token/elsewhere`);
    if (mount === 'root') {
      expect(unknown.status).toBe(404);
      expect(unknown.json()).toMatchObject({ error: 'invalid_request' });
    } else {
      expect(unknown.json()).toEqual({ host: 'app', path: '/oidc/token/elsewhere' }); // the host app's
    }
  });
});

describe('a method an endpoint does not take, at paths a deployment chose', () => {
  let t: TestIdp;

  beforeAll(async () => {
    t = await startIdp({ ...(await flowFixtures()).options, routes: 'connect' });
  });
  afterAll(() => t?.close());

  it('is 405 at the chosen paths', async () => {
    const discovery = (await rawRequest(`${t.issuer}/.well-known/openid-configuration`)).json<Record<string, string>>();
    await expectNotAllowed(discovery.token_endpoint!, 'GET', 'POST');
    await expectNotAllowed(discovery.introspection_endpoint!, 'GET', 'POST');
    await expectNotAllowed(discovery.userinfo_endpoint!, 'PUT', 'GET, HEAD, POST');
    expect((await rawRequest(`${t.issuer}/token`)).status).toBe(404); // the default path is not one of them
  });
});
