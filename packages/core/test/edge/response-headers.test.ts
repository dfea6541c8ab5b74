import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAlice, ALICE, flowFixtures, SECRET } from '../support/fixtures.js';
import { startIdp, type TestIdp } from '../support/start-idp.js';
import { rawRequest, type RawResponse } from './support/raw-http.js';
import { authorizationQuery, basic, CLIENT_CREDENTIALS, DISCOVERY, FORM } from './support/requests.js';

function expectNoStore(response: RawResponse, what: string) {
  expect(response.headers['cache-control'], what).toBe('no-store');
  expect(response.headers.pragma, what).toBe('no-cache');
}

describe('cache, referrer and transport headers', () => {
  let t: TestIdp;
  let accessToken: string;
  const post = (path: string, body: string, auth = basic('confidential', SECRET)) =>
    rawRequest(`${t.origin}${path}`, { method: 'POST', headers: { ...FORM, authorization: auth }, body });

  beforeAll(async () => {
    t = await startIdp((await flowFixtures()).options);
    await addAlice(t.idp.accounts as never);
    const tokens = await post('/token', new URLSearchParams({ grant_type: 'password', username: ALICE.username, password: ALICE.password, scope: 'openid' }).toString());
    accessToken = tokens.json<{ access_token: string }>().access_token;
  });
  afterAll(() => t?.close());

  it('marks token, introspection, revocation and userinfo answers (successes and errors) no-store', async () => {
    expectNoStore(await post('/token', CLIENT_CREDENTIALS), 'token');
    expectNoStore(await post('/token', CLIENT_CREDENTIALS, basic('confidential', 'wrong')), 'token 401');
    expectNoStore(await post('/token/introspection', `token=${accessToken}`), 'introspection');
    expectNoStore(await rawRequest(`${t.origin}/me`, { headers: { authorization: `Bearer ${accessToken}` } }), 'userinfo');
    expectNoStore(await rawRequest(`${t.origin}/me`, { headers: { authorization: 'Bearer nope' } }), 'userinfo 401');
    expectNoStore(await post('/token/revocation', `token=${accessToken}`), 'revocation');
  });

  it('marks registration and admin answers no-store, whatever they are', async () => {
    expectNoStore(await rawRequest(`${t.origin}/reg`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }), 'registration');
    expectNoStore(await rawRequest(`${t.origin}/admin/clients`), 'admin');
  });

  it('lets discovery and JWKS be cached', async () => {
    for (const path of [DISCOVERY, '/jwks']) {
      const response = await rawRequest(`${t.origin}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers['cache-control'], path).not.toBe('no-store');
    }
  });

  it('sends Referrer-Policy: no-referrer on redirects that carry codes and on pages', async () => {
    const redirect = await rawRequest(`${t.origin}/auth?${authorizationQuery()}`);
    expect(redirect.status).toBe(303);
    expect(redirect.headers['referrer-policy']).toBe('no-referrer');
    const error = await rawRequest(`${t.origin}/auth?client_id=confidential`);
    expect(error.headers['referrer-policy']).toBe('no-referrer');
    expectNoStore(error, 'authorization error page');
  });

  it('puts a Content-Security-Policy that allows only its own inline script on the pages oidc-provider renders (sign-out without a session)', async () => {
    const response = await rawRequest(`${t.origin}/session/end`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    const script = /<script>([\s\S]*?)<\/script>/.exec(response.text)![1]!;
    expect(csp).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it('sends no Strict-Transport-Security for an http issuer', async () => {
    const response = await rawRequest(`${t.origin}${DISCOVERY}`);
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });
});
