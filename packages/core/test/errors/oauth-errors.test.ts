import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeThroughPages } from '../support/authorize.js';
import { addAlice, flowFixtures, REDIRECT_URI, SECRET } from '../support/fixtures.js';
import { startIdp, type TestIdp } from '../support/start-idp.js';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe('OAuth 2.0 error responses (RFC 6749 §5.2, §4.1.2.1)', () => {
  let t: TestIdp;
  const token = (body: string, headers: Record<string, string> = { authorization: basic('confidential', SECRET) }) =>
    fetch(`${t.issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });

  beforeAll(async () => {
    t = await startIdp((await flowFixtures()).options);
    await addAlice(t.idp.accounts as never);
  });
  afterAll(() => t?.close());

  it('names a missing parameter in invalid_request', async () => {
    const response = await token('');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_request', error_description: "missing required parameter 'grant_type'" });
    const code = await token('grant_type=authorization_code');
    expect(await code.json()).toEqual({ error: 'invalid_request', error_description: "missing required parameters 'code' and 'redirect_uri'" });
  });

  it('names a repeated parameter in invalid_request', async () => {
    const response = await token('grant_type=client_credentials&grant_type=client_credentials');
    expect(response.status).toBe(400);
    expect((await response.json()).error_description).toMatch(/'grant_type' parameter must not be provided twice/);
  });

  it('answers a wrong secret with 401 invalid_client and a Basic challenge', async () => {
    const response = await token('grant_type=client_credentials', { authorization: basic('confidential', 'wrong') });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('answers missing client authentication and an unknown client with 401 invalid_client', async () => {
    const missing = await token('grant_type=client_credentials', {});
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(await missing.json()).toMatchObject({ error: 'invalid_client' });
    const unknown = await token('grant_type=client_credentials', { authorization: basic('nobody', 'x') });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('never echoes the secret it was sent', async () => {
    const response = await token('grant_type=client_credentials', { authorization: basic('confidential', 'super-secret-guess') });
    expect(await response.text()).not.toContain('super-secret-guess');
  });

  it('answers an unknown code with invalid_grant and a useful description', async () => {
    const response = await token(`grant_type=authorization_code&code=nope&redirect_uri=${encodeURIComponent(REDIRECT_URI)}`);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toMatch(/authorization code/);
  });

  it('answers a grant type the client is not registered for with unauthorized_client', async () => {
    const response = await token('grant_type=password&username=alice&password=x', { authorization: basic('machine-only', SECRET) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unauthorized_client' });
  });

  it('answers an unknown grant type with unsupported_grant_type', async () => {
    const response = await token('grant_type=urn:example:unknown');
    expect(await response.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('answers an unknown or unregistered scope with invalid_scope', async () => {
    expect(await (await token('grant_type=client_credentials&scope=nope')).json()).toMatchObject({ error: 'invalid_scope' });
    const unregistered = await token('grant_type=client_credentials&scope=openid', { authorization: basic('machine-only', SECRET) });
    expect(await unregistered.json()).toMatchObject({ error: 'invalid_scope' });
  });

  it('redirects a denied consent to the client with access_denied and the state', async () => {
    const config = await oidc.discovery(new URL(t.issuer), 'confidential', undefined, oidc.ClientSecretBasic(SECRET), { execute: [oidc.allowInsecureRequests] });
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid', state: 'st', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const { callback } = await authorizeThroughPages(url.href, t.origin, { consent: 'deny' });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe('st');
    expect(callback.searchParams.get('iss')).toBe(t.issuer);
  });

  it('answers an authorization request for unknown scopes only with invalid_scope before any sign-in, and takes a missing or empty scope as openid', async () => {
    const verifier = oidc.randomPKCECodeVerifier();
    const base = `${t.issuer}/auth?client_id=confidential&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&state=st&code_challenge=${await oidc.calculatePKCECodeChallenge(verifier)}&code_challenge_method=S256`;
    const unknown = await fetch(`${base}&scope=bogus%20other`, { redirect: 'manual' });
    expect(unknown.status).toBe(303);
    const error = new URL(unknown.headers.get('location')!);
    expect(`${error.origin}${error.pathname}`).toBe(REDIRECT_URI);
    expect(error.searchParams.get('error')).toBe('invalid_scope');
    expect(error.searchParams.get('state')).toBe('st');

    for (const scope of ['', '&scope=', '&scope=%20']) {
      const { callback } = await authorizeThroughPages(`${base}${scope}`, t.origin);
      expect(callback.searchParams.get('error'), scope).toBeNull();
      const code = callback.searchParams.get('code')!;
      const exchanged = await token(`grant_type=authorization_code&code=${code}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&code_verifier=${verifier}`);
      const body = await exchanged.json();
      expect(body.scope, JSON.stringify(scope)).toBe('openid');
      expect(typeof body.id_token).toBe('string');
    }
  });

  it('shows a page, not a redirect, for an unregistered redirect_uri', async () => {
    const response = await fetch(`${t.issuer}/auth?client_id=confidential&response_type=code&scope=openid&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    const html = await response.text();
    expect(html).toContain('invalid_redirect_uri');
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  });

  it('refuses to revoke a token issued to another client, and the token stays active', async () => {
    const issued = await (await token('grant_type=client_credentials&scope=api')).json();
    const revoke = await fetch(`${t.issuer}/token/revocation`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `client_id=post-client&client_secret=${SECRET}&token=${issued.access_token}` });
    expect(revoke.status).toBe(400);
    expect(await revoke.json()).toEqual({ error: 'invalid_request', error_description: 'the token was not issued to this client' });
    const introspection = await fetch(`${t.issuer}/token/introspection`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic('confidential', SECRET) }, body: `token=${issued.access_token}` });
    expect(await introspection.json()).toMatchObject({ active: true });
  });

  it('answers an Authorization header it cannot read with 401 invalid_client and a Basic challenge, on every endpoint that authenticates clients', async () => {
    const headers = ['Basic %%%', `Basic ${Buffer.from('no-colon').toString('base64')}`, basic('confidential', ''), 'Basic a b', 'Bearer abc'];
    for (const authorization of headers) {
      for (const [path, body] of [['/token', 'grant_type=client_credentials'], ['/token/introspection', 'token=x'], ['/token/revocation', 'token=x']] as const) {
        const response = await fetch(`${t.issuer}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization }, body });
        expect(response.status, `${authorization} at ${path}`).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe(`Basic realm="${t.issuer}"`);
        expect((await response.json()).error).toBe('invalid_client');
      }
    }
  });

  it('requires the redirect_uri of the authorization request in the code exchange, even for a client with one registered (RFC 6749 §4.1.3)', async () => {
    const config = await oidc.discovery(new URL(t.issuer), 'confidential', undefined, oidc.ClientSecretBasic(SECRET), { execute: [oidc.allowInsecureRequests] });
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const { callback } = await authorizeThroughPages(url.href, t.origin);
    const code = callback.searchParams.get('code')!;
    const without = await token(`grant_type=authorization_code&code=${code}&code_verifier=${verifier}`);
    expect(without.status).toBe(400);
    expect(await without.json()).toEqual({ error: 'invalid_request', error_description: "missing required parameter 'redirect_uri'" });
    // The refused request did not use the code up.
    const exchanged = await token(`grant_type=authorization_code&code=${code}&code_verifier=${verifier}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}`);
    expect(exchanged.status).toBe(200);
  });

  it('shows a page, not a redirect, for an authorization request without redirect_uri (OpenID Connect Core §3.1.2.1)', async () => {
    const response = await fetch(`${t.issuer}/auth?client_id=confidential&response_type=code&scope=openid&state=s`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('redirect_uri');
  });

  it('accepts every scope discovery lists (roles releases the role claim)', async () => {
    const metadata = await (await fetch(`${t.issuer}/.well-known/openid-configuration`)).json();
    expect(metadata.scopes_supported).toContain('roles');
    await t.idp.clients.save({ client_id: 'any-scope', client_secret: SECRET, grant_types: ['password'], response_types: [], redirect_uris: [] });
    const response = await token('grant_type=password&username=alice&password=correct%20horse%20battery%20staple&scope=openid%20roles', { authorization: basic('any-scope', SECRET) });
    expect(response.status).toBe(200);
    expect((await response.json()).scope).toBe('openid roles');
  });

  it('does not echo a refused scope back in the error', async () => {
    const response = await token(`grant_type=client_credentials&scope=${'x'.repeat(2000)}`);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toBe('invalid_scope');
    expect(body.scope).toBeUndefined();
    expect(JSON.stringify(body).length).toBeLessThan(500);
  });

  it('answers userinfo without a token with 401 invalid_token and a Bearer challenge', async () => {
    const response = await fetch(`${t.issuer}/me`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await response.json()).toMatchObject({ error: 'invalid_token' });
  });
});
