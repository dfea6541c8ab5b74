import { createRemoteJWKSet, jwtVerify, decodeJwt, generateKeyPair, SignJWT } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAlice, ALICE, flowFixtures, HYBRID_REDIRECT_URI, JWT_SECRET, POST_LOGOUT_URI, REDIRECT_URI, SECRET } from './fixtures.js';
import { authorizeThroughPages } from './authorize.js';
import { HttpSession, formActions, formFields } from './http-session.js';
import { startIdp, type Mount, type TestIdp } from './start-idp.js';
import { withStorage, type OpenTestStorage, type TestStorage } from './test-storage.js';

const insecure = { execute: [oidc.allowInsecureRequests] };

/**
 * The OpenID Connect flow suite (openid-client as the relying party, over real HTTP), run against
 * the storage `openStorage` gives (in-memory when absent), at the root and under a prefix.
 * `packages/core` runs it on memory; `@oidc-kit/redis-adapter` on Redis standalone and Cluster.
 */
export function runFlowSuite(label: string, openStorage?: OpenTestStorage, mounts: Mount[] = ['root', 'prefixed']): void {
  describe.each<Mount>(mounts)(`OpenID Connect flows with openid-client on ${label} (%s mount)`, (mount) => {
    let t: TestIdp;
    let storage: TestStorage | undefined;
    let confidential: oidc.Configuration;
    let privateKey: CryptoKey;

    beforeAll(async () => {
      const fixtures = await flowFixtures();
      privateKey = fixtures.privateKeyJwtKey as CryptoKey;
      storage = await openStorage?.();
      t = await startIdp(withStorage(fixtures.options, storage), mount);
      await addAlice(t.idp.accounts as never);
      confidential = await oidc.discovery(new URL(t.issuer), 'confidential', undefined, oidc.ClientSecretBasic(SECRET), insecure);
    });
    afterAll(async () => {
      await t?.close();
      await storage?.close?.();
    });

    it('publishes discovery that tells the truth about every endpoint, grant, response type and algorithm', async () => {
      const metadata = confidential.serverMetadata();
      expect(metadata.issuer).toBe(t.issuer);
      expect(metadata.token_endpoint).toBe(`${t.issuer}/token`);
      expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials', 'password', 'implicit']));
      expect(metadata.response_types_supported).toEqual(expect.arrayContaining(['code', 'id_token', 'code id_token', 'id_token token', 'code token', 'code id_token token']));
      expect(metadata.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none']));
      expect(metadata.id_token_signing_alg_values_supported).toEqual(expect.arrayContaining(['RS256', 'ES256']));
      expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
      expect(metadata.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'offline_access', 'api']));
      expect(metadata.claims_supported).toEqual(expect.arrayContaining(['sub', 'email', 'role']));
      for (const endpoint of ['authorization_endpoint', 'userinfo_endpoint', 'end_session_endpoint', 'introspection_endpoint', 'revocation_endpoint', 'jwks_uri'] as const) {
        expect(metadata[endpoint], endpoint).toMatch(new RegExp(`^${t.issuer}/`));
      }
    });

    it('serves RS256 and ES256 signing keys, each with a kid and no private parts', async () => {
      const response = await fetch(confidential.serverMetadata().jwks_uri!);
      const { keys } = (await response.json()) as { keys: Array<Record<string, string>> };
      expect(keys.map((k) => k.alg).sort()).toEqual(['ES256', 'RS256']);
      for (const key of keys) {
        expect(key.kid).toBeTruthy();
        expect(key.d).toBeUndefined();
      }
    });

    it('issues client_credentials tokens to client_secret_basic, client_secret_post, client_secret_jwt and private_key_jwt clients', async () => {
      const clients: Array<[string, oidc.ClientAuth]> = [
        ['confidential', oidc.ClientSecretBasic(SECRET)],
        ['post-client', oidc.ClientSecretPost(SECRET)],
        ['jwt-secret-client', oidc.ClientSecretJwt(JWT_SECRET)],
        ['private-key-client', oidc.PrivateKeyJwt({ key: privateKey, kid: 'rp-key-1' })],
      ];
      for (const [clientId, auth] of clients) {
        const config = await oidc.discovery(new URL(t.issuer), clientId, undefined, auth, insecure);
        const tokens = await oidc.clientCredentialsGrant(config, { scope: 'api' });
        expect(tokens.token_type, clientId).toBe('bearer');
        expect(tokens.access_token).toBeTruthy();
        expect(tokens.expires_in).toBeGreaterThan(0);
        expect(tokens.scope).toBe('api');
        expect(tokens.id_token).toBeUndefined();
      }
    });

    it('completes authorization code + PKCE for a confidential client through the HTML pages, with refresh, userinfo, introspection and revocation', async () => {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(confidential, {
        redirect_uri: REDIRECT_URI,
        scope: 'openid profile email offline_access api',
        prompt: 'consent',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      const { callback } = await authorizeThroughPages(url.href, t.origin);
      const tokens = await oidc.authorizationCodeGrant(confidential, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
      expect(tokens.token_type).toBe('bearer');
      expect(tokens.refresh_token).toBeTruthy();
      expect(tokens.scope?.split(' ').sort()).toEqual(['api', 'email', 'offline_access', 'openid', 'profile']);
      const claims = tokens.claims()!;
      expect(claims.sub).toBe('alice-id');
      expect(claims.iss).toBe(t.issuer);
      expect(claims.aud).toBe('confidential');

      const jwks = createRemoteJWKSet(new URL(confidential.serverMetadata().jwks_uri!));
      const verified = await jwtVerify(tokens.id_token!, jwks, { issuer: t.issuer, audience: 'confidential' });
      expect(verified.payload.nonce).toBe(nonce);

      const userinfo = await oidc.fetchUserInfo(confidential, tokens.access_token, 'alice-id');
      expect(userinfo).toMatchObject({ sub: 'alice-id', email: ALICE.email, email_verified: true, name: 'Alice Example', preferred_username: 'alice', role: ['user', 'admin'] });

      const introspection = await oidc.tokenIntrospection(confidential, tokens.access_token);
      expect(introspection).toMatchObject({ active: true, client_id: 'confidential', sub: 'alice-id', username: 'alice', token_type: 'Bearer', iss: t.issuer });
      expect(introspection.scope?.split(' ')).toContain('openid');
      for (const member of ['exp', 'iat', 'nbf'] as const) expect(typeof introspection[member]).toBe('number');

      const refreshed = await oidc.refreshTokenGrant(confidential, tokens.refresh_token!);
      expect(refreshed.access_token).not.toBe(tokens.access_token);
      expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
      expect(refreshed.id_token).toBeTruthy();

      await oidc.tokenRevocation(confidential, refreshed.access_token);
      expect((await oidc.tokenIntrospection(confidential, refreshed.access_token)).active).toBe(false);
    });

    it('refuses a replayed authorization code with invalid_grant and revokes what the code issued', async () => {
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(confidential, {
        redirect_uri: REDIRECT_URI, scope: 'openid api', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      });
      const { callback } = await authorizeThroughPages(url.href, t.origin);
      const first = await oidc.authorizationCodeGrant(confidential, callback, { pkceCodeVerifier: verifier, idTokenExpected: true });
      const replay = oidc.authorizationCodeGrant(confidential, callback, { pkceCodeVerifier: verifier, idTokenExpected: true });
      await expect(replay).rejects.toMatchObject({ error: 'invalid_grant' });
      expect((await oidc.tokenIntrospection(confidential, first.access_token)).active).toBe(false);
    });

    it('completes authorization code + PKCE for a public client (client_id only), and requires PKCE from it', async () => {
      const spa = await oidc.discovery(new URL(t.issuer), 'public-spa', undefined, oidc.None(), insecure);
      const withoutPkce = oidc.buildAuthorizationUrl(spa, { redirect_uri: REDIRECT_URI, scope: 'openid' });
      const refused = await new HttpSession().get(withoutPkce.href);
      const location = new URL(refused.headers.get('location')!);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('error_description')).toMatch(/PKCE/);

      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(spa, { redirect_uri: REDIRECT_URI, scope: 'openid email', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
      const { callback } = await authorizeThroughPages(url.href, t.origin);
      const tokens = await oidc.authorizationCodeGrant(spa, callback, { pkceCodeVerifier: verifier, idTokenExpected: true });
      expect(tokens.claims()?.sub).toBe('alice-id');
      const userinfo = await oidc.fetchUserInfo(spa, tokens.access_token, 'alice-id');
      expect(userinfo.email).toBe(ALICE.email);
    });

    it('answers every implicit and hybrid response type with the right artifacts in the fragment', async () => {
      const jwks = createRemoteJWKSet(new URL(confidential.serverMetadata().jwks_uri!));
      const hybrid = await oidc.discovery(new URL(t.issuer), 'hybrid-client', undefined, oidc.ClientSecretBasic(SECRET), insecure);
      const session = new HttpSession();
      for (const responseType of ['id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token']) {
        const nonce = oidc.randomNonce();
        const state = oidc.randomState();
        const url = oidc.buildAuthorizationUrl(hybrid, { redirect_uri: HYBRID_REDIRECT_URI, scope: 'openid profile', response_type: responseType, nonce, state });
        const { callback } = await authorizeThroughPages(url.href, t.origin, { session });
        const fragment = new URLSearchParams(callback.hash.slice(1));
        expect(fragment.get('state'), responseType).toBe(state);
        const parts = responseType.split(' ');
        expect(fragment.has('code'), `${responseType} code`).toBe(parts.includes('code'));
        expect(fragment.has('access_token'), `${responseType} access_token`).toBe(parts.includes('token'));
        expect(fragment.has('id_token'), `${responseType} id_token`).toBe(parts.includes('id_token'));
        if (parts.includes('id_token')) {
          const { payload } = await jwtVerify(fragment.get('id_token')!, jwks, { issuer: t.issuer, audience: 'hybrid-client' });
          expect(payload.nonce).toBe(nonce);
          if (parts.includes('token')) expect(payload.at_hash).toBeTruthy();
          if (parts.includes('code')) expect(payload.c_hash).toBeTruthy();
        }
        if (parts.includes('token')) {
          const userinfo = await oidc.fetchUserInfo(hybrid, fragment.get('access_token')!, 'alice-id');
          expect(userinfo.sub).toBe('alice-id');
        }
      }
    });

    it('logs out with a registered post_logout_redirect_uri and state, and really ends the session', async () => {
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(confidential, { redirect_uri: REDIRECT_URI, scope: 'openid', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
      const { callback, session } = await authorizeThroughPages(url.href, t.origin);
      const tokens = await oidc.authorizationCodeGrant(confidential, callback, { pkceCodeVerifier: verifier, idTokenExpected: true });

      const logoutUrl = oidc.buildEndSessionUrl(confidential, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: POST_LOGOUT_URI, state: 'bye' });
      const page = await session.get(logoutUrl.href);
      expect(page.status).toBe(200);
      const html = await page.text();
      const confirm = await session.postForm(formActions(html)[0]!, { ...formFields(html), logout: 'yes' });
      expect([302, 303]).toContain(confirm.status);
      const back = new URL(confirm.headers.get('location')!);
      expect(`${back.origin}${back.pathname}`).toBe(POST_LOGOUT_URI);
      expect(back.searchParams.get('state')).toBe('bye');

      // The session is gone: a new authorization asks to sign in again.
      const again = oidc.buildAuthorizationUrl(confidential, { redirect_uri: REDIRECT_URI, scope: 'openid', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
      const next = await session.follow(again.href, t.origin);
      expect(formActions(await next.response.text()).some((a) => a.endsWith('/login'))).toBe(true);
    });

    it('refuses a post_logout_redirect_uri that is not registered', async () => {
      const response = await fetch(`${t.issuer}/session/end?client_id=confidential&post_logout_redirect_uri=${encodeURIComponent('https://evil.example/')}`, { redirect: 'manual', headers: { accept: 'application/json' } });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    });

    it('accepts logout by POST too', async () => {
      const response = await fetch(`${t.issuer}/session/end`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: 'confidential', post_logout_redirect_uri: POST_LOGOUT_URI, state: 's1' }),
      });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(`${POST_LOGOUT_URI}?state=s1`);
    });

    it('refuses a logout POST whose body is not a form, and reads one without a body as a GET', async () => {
      const json = await fetch(`${t.issuer}/session/end`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ client_id: 'confidential', post_logout_redirect_uri: POST_LOGOUT_URI }),
      });
      expect(json.status).toBe(400);
      expect(json.headers.get('location')).toBeNull();
      expect(await json.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('application/x-www-form-urlencoded') });

      const bodiless = await fetch(`${t.issuer}/session/end?${new URLSearchParams({ client_id: 'confidential', post_logout_redirect_uri: POST_LOGOUT_URI, state: 's3' })}`, { method: 'POST', redirect: 'manual' });
      expect(bodiless.status).toBe(302);
      expect(bodiless.headers.get('location')).toBe(`${POST_LOGOUT_URI}?state=s3`);
    });

    it('without a session, goes straight back only for an id_token_hint this IdP issued to that client', async () => {
      const { id_token: hint } = await oidc.genericGrantRequest(confidential, 'password', { username: ALICE.username, password: ALICE.password, scope: 'openid' });
      const logout = (params: Record<string, string>) => fetch(`${t.issuer}/session/end?${new URLSearchParams({ post_logout_redirect_uri: POST_LOGOUT_URI, state: 's2', ...params })}`, { redirect: 'manual', headers: { accept: 'application/json' } });

      const genuine = await logout({ id_token_hint: hint! });
      expect(genuine.status).toBe(302);
      expect(genuine.headers.get('location')).toBe(`${POST_LOGOUT_URI}?state=s2`);

      const [header, payload] = hint!.split('.');
      const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
      const retargeted = `${header}.${Buffer.from(JSON.stringify({ ...decodeJwt(hint!), aud: 'public-spa' })).toString('base64url')}.${hint!.split('.')[2]}`;
      const { privateKey } = await generateKeyPair('ES256');
      const foreign = await new SignJWT({ sub: 'alice-id', aud: 'confidential' }).setProtectedHeader({ alg: 'ES256' }).setIssuer('https://other.example').setIssuedAt().setExpirationTime('5m').sign(privateKey);
      for (const params of [{ id_token_hint: unsigned }, { id_token_hint: retargeted }, { id_token_hint: foreign }, { id_token_hint: hint!, client_id: 'public-spa' }]) {
        const refused = await logout(params);
        expect(refused.status, JSON.stringify(params).slice(0, 80)).toBe(400);
        expect(refused.headers.get('location')).toBeNull();
        expect((await refused.json()).error).toMatch(/^invalid_(request|client)$/);
      }
    });

    if (mount === 'prefixed') {
      it('serves RFC 8414 metadata also where §3.1 puts it for an issuer with a path', async () => {
        const inserted = await fetch(`${t.origin}/.well-known/oauth-authorization-server${new URL(t.issuer).pathname}`);
        expect(inserted.status).toBe(200);
        const metadata = await inserted.json();
        expect(metadata.issuer).toBe(t.issuer);
        expect(metadata).toEqual(await (await fetch(`${t.issuer}/.well-known/oauth-authorization-server`)).json());
      });

      it('leaves the host app its own routes', async () => {
        const response = await fetch(`${t.origin}/elsewhere`);
        expect(await response.json()).toEqual({ host: 'app', path: '/elsewhere' });
      });
    }

    it('decodes an ID token whose claims are ours', async () => {
      const tokens = await oidc.genericGrantRequest(confidential, 'password', { username: ALICE.username, password: ALICE.password, scope: 'openid' });
      const claims = decodeJwt(tokens.id_token!);
      expect(claims).toMatchObject({ sub: 'alice-id', aud: 'confidential', iss: t.issuer, amr: ['pwd'] });
      expect(typeof claims.auth_time).toBe('number');
    });
  });
}
