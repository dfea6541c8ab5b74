import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClientMetadata } from '../../src/index.js';
import { authorizeThroughPages } from '../support/authorize.js';
import { ALICE, addAlice, SECRET } from '../support/fixtures.js';
import { startIdp, type TestIdp } from '../support/start-idp.js';

/**
 * The documented requests of the identity services oidc-kit replaces (shared/seeds), sent as
 * documented to an oidc-kit configured with their paths.
 */
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });
const started: TestIdp[] = [];
afterAll(async () => {
  await Promise.all(started.map((t) => t.close()));
});

async function start(routes: Parameters<typeof startIdp>[0]['routes'], clients: ClientMetadata[], scopes: string[] = []): Promise<TestIdp> {
  const t = await startIdp({ routes, clients, scopes });
  await addAlice(t.idp.accounts as never);
  started.push(t);
  return t;
}

describe('Ailacs Identity (seed 000): /connect/* paths', () => {
  const app = {
    client_id: 'your_client_id', client_secret: SECRET, token_endpoint_auth_method: 'client_secret_post',
    grant_types: ['authorization_code', 'password', 'client_credentials'], response_types: ['code'],
    redirect_uris: ['http://127.0.0.1:9/callback'], post_logout_redirect_uris: ['http://127.0.0.1:9/logged-out'],
    scope: 'openid profile email api',
  };

  it('password grant with the e-mail as username, client credentials in the body', async () => {
    const t = await start('connect', [app], ['api']);
    const response = await fetch(`${t.issuer}/connect/token`, {
      method: 'POST', headers: FORM,
      body: `grant_type=password&username=${encodeURIComponent(ALICE.email)}&password=${encodeURIComponent(ALICE.password)}&client_id=your_client_id&client_secret=${SECRET}&scope=openid%20profile`,
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'openid profile' });
    expect(decodeJwt(body.id_token).sub).toBe('alice-id');

    const userinfo = await fetch(`${t.issuer}/connect/userinfo`, { headers: { authorization: `Bearer ${body.access_token}` } });
    expect(await userinfo.json()).toMatchObject({ sub: 'alice-id', name: 'Alice Example', role: ['user', 'admin'] });
    const byPost = await fetch(`${t.issuer}/connect/userinfo`, { method: 'POST', headers: { authorization: `Bearer ${body.access_token}` } });
    expect(byPost.status).toBe(200);

    const cc = await fetch(`${t.issuer}/connect/token`, { method: 'POST', headers: FORM, body: `grant_type=client_credentials&client_id=your_client_id&client_secret=${SECRET}&scope=api` });
    expect(await cc.json()).toMatchObject({ token_type: 'Bearer', scope: 'api' });
  });

  it('logout with only post_logout_redirect_uri redirects there (302)', async () => {
    const t = started[0]!;
    const response = await fetch(`${t.issuer}/connect/logout?post_logout_redirect_uri=${encodeURIComponent('http://127.0.0.1:9/logged-out')}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://127.0.0.1:9/logged-out');
  });

  it('answers the documented error codes in the documented shape', async () => {
    const t = started[0]!;
    const wrong = await fetch(`${t.issuer}/connect/token`, { method: 'POST', headers: FORM, body: `grant_type=password&username=alice&password=nope&client_id=your_client_id&client_secret=${SECRET}` });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
  });
});

describe('Authcore (seed 001): /oauth/* paths and /.well-known/jwks.json', () => {
  it('publishes the documented endpoints and an ES256 P-256 key among the signing keys', async () => {
    const t = await start('oauth', [{ client_id: 'web', client_secret: SECRET, redirect_uris: ['https://rp.example/cb'], grant_types: ['authorization_code', 'implicit'], response_types: ['code', 'id_token', 'code id_token', 'id_token token'] }]);
    const discovery = await (await fetch(`${t.issuer}/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({
      issuer: t.issuer,
      authorization_endpoint: `${t.issuer}/oauth/authorize`,
      token_endpoint: `${t.issuer}/oauth/token`,
      jwks_uri: `${t.issuer}/.well-known/jwks.json`,
    });
    expect(discovery.response_types_supported).toEqual(expect.arrayContaining(['code', 'code id_token', 'id_token', 'id_token token']));
    const { keys } = await (await fetch(`${t.issuer}/.well-known/jwks.json`)).json();
    expect(keys).toContainEqual(expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: expect.any(String) }));
  });
});

describe('Authcore (seed 001): the token request as documented, without client_id', () => {
  it('exchanges a public client\'s code and refresh token sent with no client identification; a confidential client must still authenticate', async () => {
    const redirectUri = 'http://127.0.0.1:9/spa-cb';
    const t = await start('oauth', [
      { client_id: 'spa', token_endpoint_auth_method: 'none', redirect_uris: [redirectUri], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], scope: 'openid offline_access' },
      { client_id: 'web', client_secret: SECRET, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'], scope: 'openid' },
    ]);
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorize = (clientId: string, scope: string) => authorizeThroughPages(`${t.issuer}/oauth/authorize?${new URLSearchParams({ client_id: clientId, response_type: 'code', scope, redirect_uri: redirectUri, state: 's', prompt: 'consent', code_challenge: challenge, code_challenge_method: 'S256' })}`, t.origin);
    const token = (body: Record<string, string>) => fetch(`${t.issuer}/oauth/token`, { method: 'POST', headers: FORM, body: new URLSearchParams(body).toString() });

    const { callback } = await authorize('spa', 'openid offline_access');
    const exchanged = await token({ grant_type: 'authorization_code', code: callback.searchParams.get('code')!, code_verifier: verifier, redirect_uri: redirectUri });
    expect(exchanged.status).toBe(200);
    const tokens = await exchanged.json();
    expect(decodeJwt(tokens.id_token).aud).toBe('spa');
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    expect((await refreshed.json()).refresh_token).not.toBe(tokens.refresh_token);

    const confidential = await authorize('web', 'openid');
    const refused = await token({ grant_type: 'authorization_code', code: confidential.callback.searchParams.get('code')!, code_verifier: verifier, redirect_uri: redirectUri });
    expect(refused.status).toBe(401);
    expect((await refused.json()).error).toBe('invalid_client');
  });
});

describe('Screening Eagle ID (seed 003): token at /api/id/v1/auth/token', () => {
  it('client_credentials with Basic and scope "openid email profile inspect"', async () => {
    const t = await start({ token: '/api/id/v1/auth/token' }, [{ client_id: 'integration', client_secret: SECRET, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], scope: 'openid email profile inspect' }], ['inspect']);
    const discovery = await (await fetch(`${t.issuer}/.well-known/openid-configuration`)).json();
    expect(discovery.token_endpoint).toBe(`${t.issuer}/api/id/v1/auth/token`);
    const response = await fetch(`${t.issuer}/api/id/v1/auth/token`, { method: 'POST', headers: { ...FORM, ...basic('integration', SECRET) }, body: 'grant_type=client_credentials&scope=openid%20email%20profile%20inspect' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ token_type: 'Bearer', scope: 'openid email profile inspect', expires_in: 3600 });
    const old = await fetch(`${t.issuer}/token`, { method: 'POST', headers: { ...FORM, ...basic('integration', SECRET) }, body: 'grant_type=client_credentials' });
    expect(old.status).toBe(404);
  });
});

describe('Connect2id (seed 004): /token with Basic', () => {
  it('password grant without scope, client_credentials without scope, no-store headers, 401 with a Basic challenge', async () => {
    const t = await start('default', [{ client_id: 's6BhdRkqt3', client_secret: SECRET, grant_types: ['password', 'client_credentials'], response_types: [], redirect_uris: [], scope: 'openid email profile app:read app:write' }], ['app:read', 'app:write']);
    const password = await fetch(`${t.issuer}/token`, { method: 'POST', headers: { ...FORM, ...basic('s6BhdRkqt3', SECRET) }, body: `grant_type=password&username=alice&password=${encodeURIComponent(ALICE.password)}` });
    expect(password.status).toBe(200);
    expect(password.headers.get('cache-control')).toBe('no-store');
    expect(password.headers.get('content-type')).toMatch(/^application\/json/);
    const tokens = await password.json();
    expect(tokens.scope).toBe('openid email profile app:read app:write');
    expect(tokens.id_token).toBeTruthy();

    const cc = await fetch(`${t.issuer}/token`, { method: 'POST', headers: { ...FORM, ...basic('s6BhdRkqt3', SECRET) }, body: 'grant_type=client_credentials' });
    expect(await cc.json()).toMatchObject({ token_type: 'Bearer', scope: 'app:read app:write' });

    const missing = await fetch(`${t.issuer}/token`, { method: 'POST', headers: FORM, body: 'grant_type=client_credentials' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(await missing.json()).toMatchObject({ error: 'invalid_client' });
  });
});

describe('"Authentication Service" (seed 002): parameters as a JSON object', () => {
  it('takes token and introspection parameters as JSON too', async () => {
    const t = await start('default', [{ client_id: 'svc', client_secret: SECRET, grant_types: ['password', 'client_credentials'], response_types: [], redirect_uris: [], scope: 'openid api' }], ['api']);
    const json = { 'content-type': 'application/json', ...basic('svc', SECRET) };
    const issued = await fetch(`${t.issuer}/token`, { method: 'POST', headers: json, body: JSON.stringify({ grant_type: 'password', username: 'alice', password: ALICE.password, scope: 'openid api' }) });
    expect(issued.status).toBe(200);
    const tokens = await issued.json();
    const introspection = await fetch(`${t.issuer}/token/introspection`, { method: 'POST', headers: json, body: JSON.stringify({ token: tokens.access_token }) });
    expect(await introspection.json()).toMatchObject({ active: true, username: 'alice', scope: 'openid api' });
    const nested = await fetch(`${t.issuer}/token`, { method: 'POST', headers: json, body: JSON.stringify({ grant_type: { x: 1 } }) });
    expect(nested.status).toBe(400);
    expect(await nested.json()).toMatchObject({ error: 'invalid_request' });
  });
});
