import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeThroughPages } from '../support/authorize.js';
import { addAlice, flowFixtures, REDIRECT_URI, SECRET } from '../support/fixtures.js';
import { startIdp, type TestIdp } from '../support/start-idp.js';
import { rawRequest, type RawResponse } from './support/raw-http.js';
import { authorizationQuery, basic, CLIENT_CREDENTIALS, DISCOVERY, FORM } from './support/requests.js';

const APP = 'https://app.example';
const EVIL = 'https://evil.example';
const SPA = 'http://127.0.0.1:9';
const VERIFIER = 'dBjftJeZ4CVP-mJ92K9ZbPWHqAJ9bwRN3hbSLKpPzWvp0sKQmTGxXchV5pP8ABA';

const allowed = (response: RawResponse, origin: string) => expect(response.headers['access-control-allow-origin']).toBe(origin);
const notAllowed = (response: RawResponse) => expect(response.headers['access-control-allow-origin']).toBeUndefined();

describe('CORS', () => {
  let t: TestIdp;
  let spaAccessToken: string;
  let confidentialToken: string;
  const post = (path: string, origin: string, body: string, auth?: string) =>
    rawRequest(`${t.origin}${path}`, { method: 'POST', headers: { ...FORM, origin, ...(auth ? { authorization: auth } : {}) }, body });

  beforeAll(async () => {
    const fixtures = await flowFixtures();
    const clients = [...(fixtures.options.clients as never[]), {
      client_id: 'cors-app', client_secret: SECRET, grant_types: ['client_credentials'], response_types: [], redirect_uris: [],
      scope: 'api', allowed_cors_origins: [APP],
    }];
    t = await startIdp({ ...fixtures.options, clients });
    await addAlice(t.idp.accounts as never);
    confidentialToken = (await post('/token', APP, CLIENT_CREDENTIALS, basic('cors-app', SECRET))).json<{ access_token: string }>().access_token;

    const query = authorizationQuery({ client_id: 'public-spa', code_challenge: createHash('sha256').update(VERIFIER).digest('base64url') });
    const { callback } = await authorizeThroughPages(`${t.issuer}/auth?${query}`, t.origin);
    const exchange = await post('/token', SPA, new URLSearchParams({ grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: REDIRECT_URI, client_id: 'public-spa', code_verifier: VERIFIER }).toString());
    expect(exchange.status, exchange.text).toBe(200);
    allowed(exchange, SPA);
    spaAccessToken = exchange.json<{ access_token: string }>().access_token;
  });
  afterAll(() => t?.close());

  it('answers preflights of the token, introspection, revocation and userinfo endpoints', async () => {
    for (const path of ['/token', '/token/introspection', '/token/revocation', '/me']) {
      const response = await rawRequest(`${t.origin}${path}`, {
        method: 'OPTIONS',
        headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
      expect(response.status, path).toBe(204);
      allowed(response, APP);
      expect(response.headers['access-control-allow-methods'], path).toContain('POST');
      expect(response.headers['access-control-allow-headers'], path).toBe('authorization, content-type');
      expect(response.headers.vary, path).toMatch(/Origin/i);
    }
  });

  it('lets a client\'s allowed_cors_origins call the token, introspection and revocation endpoints', async () => {
    allowed(await post('/token', APP, CLIENT_CREDENTIALS, basic('cors-app', SECRET)), APP);
    const introspection = await post('/token/introspection', APP, `token=${confidentialToken}`, basic('cors-app', SECRET));
    expect(introspection.json()).toMatchObject({ active: true });
    allowed(introspection, APP);
    allowed(await post('/token/revocation', APP, 'token=unknown', basic('cors-app', SECRET)), APP);
  });

  it('refuses any other origin for that client, without CORS headers', async () => {
    for (const path of ['/token', '/token/introspection', '/token/revocation']) {
      const body = path === '/token' ? CLIENT_CREDENTIALS : `token=${confidentialToken}`;
      const response = await post(path, EVIL, body, basic('cors-app', SECRET));
      expect(response.status, path).toBe(400);
      expect(response.json(), path).toMatchObject({ error: 'invalid_request' });
      notAllowed(response);
    }
  });

  it('refuses a confidential client without allowed_cors_origins from any browser origin', async () => {
    const response = await post('/token', APP, CLIENT_CREDENTIALS, basic('confidential', SECRET));
    expect(response.status).toBe(400);
    notAllowed(response);
  });

  it('lets a public client\'s redirect-URI origin call userinfo, and no other origin', async () => {
    const ok = await rawRequest(`${t.origin}/me`, { headers: { origin: SPA, authorization: `Bearer ${spaAccessToken}` } });
    expect(ok.status).toBe(200);
    allowed(ok, SPA);
    const refused = await rawRequest(`${t.origin}/me`, { headers: { origin: EVIL, authorization: `Bearer ${spaAccessToken}` } });
    expect(refused.status).toBe(400);
    notAllowed(refused);
  });

  it('serves discovery and JWKS to any origin', async () => {
    for (const path of [DISCOVERY, '/jwks']) {
      allowed(await rawRequest(`${t.origin}${path}`, { headers: { origin: EVIL } }), EVIL);
      const preflight = await rawRequest(`${t.origin}${path}`, { method: 'OPTIONS', headers: { origin: EVIL, 'access-control-request-method': 'GET' } });
      expect(preflight.status).toBe(204);
      allowed(preflight, EVIL);
    }
  });

  it('answers an OPTIONS that is no preflight as any unknown route: 404 invalid_request in JSON', async () => {
    for (const path of ['/token', '/token/introspection', DISCOVERY]) {
      const response = await rawRequest(`${t.origin}${path}`, { method: 'OPTIONS' });
      expect(response.status, path).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toEqual({ error: 'invalid_request', error_description: `unrecognized route or not allowed method (OPTIONS on ${path})` });
    }
  });

  it('never answers CORS on the authorization endpoint or the interaction pages', async () => {
    const authorization = await rawRequest(`${t.origin}/auth?${authorizationQuery()}`, { headers: { origin: APP } });
    expect(authorization.status).toBe(303);
    notAllowed(authorization);
    const interaction = authorization.headers.location!;
    notAllowed(await rawRequest(interaction, { headers: { origin: APP } }));
    for (const path of ['/auth', new URL(interaction).pathname, `${new URL(interaction).pathname}/login`]) {
      const preflight = await rawRequest(`${t.origin}${path}`, { method: 'OPTIONS', headers: { origin: APP, 'access-control-request-method': 'POST' } });
      expect(preflight.status, path).not.toBe(204);
      notAllowed(preflight);
    }
  });
});
