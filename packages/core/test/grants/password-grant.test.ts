import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastHash, startIdp, type TestIdp } from '../support/start-idp.js';
import { addUsers, ALICE, BOB, CAROL, grantClients, postForm, SECRET, tokenRequest, userinfo } from './grant-support.js';

const insecure = { execute: [oidc.allowInsecureRequests] };

describe('password grant (RFC 6749 §4.3) over HTTP', () => {
  let t: TestIdp;
  let app: oidc.Configuration;

  beforeAll(async () => {
    t = await startIdp({ scopes: ['api'], clients: grantClients() });
    await addUsers(t);
    app = await oidc.discovery(new URL(t.issuer), 'password-app', undefined, oidc.ClientSecretBasic(SECRET), insecure);
  });
  afterAll(() => t?.close());

  const password = (clientId: string, params: Record<string, string>) => tokenRequest(t, clientId, { grant_type: 'password', ...params });

  it('signs a user in by username: access token, Bearer, expires_in, scope and a signed ID Token', async () => {
    const { status, body, headers } = await password('password-app', { username: ALICE.username, password: ALICE.password, scope: 'openid profile api' });
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toContain('no-store');
    expect(body).toMatchObject({ token_type: 'Bearer', scope: 'openid profile api' });
    expect(typeof body.access_token).toBe('string');
    expect(body.expires_in).toBeGreaterThan(0);
    expect(body.refresh_token).toBeUndefined();

    const idToken = body.id_token as string;
    expect(decodeProtectedHeader(idToken).alg).toBe('RS256');
    const jwks = createRemoteJWKSet(new URL(`${t.issuer}${t.idp.routes.jwks}`));
    const { payload } = await jwtVerify(idToken, jwks, { issuer: t.issuer, audience: 'password-app' });
    expect(payload).toMatchObject({ sub: 'alice-id', aud: 'password-app', iss: t.issuer, amr: ['pwd'] });
    for (const claim of ['iat', 'exp', 'auth_time'] as const) expect(typeof payload[claim], claim).toBe('number');
    expect(payload.exp! - payload.iat!).toBeGreaterThan(0);
  });

  it('signs a user in by e-mail through openid-client', async () => {
    const tokens = await oidc.genericGrantRequest(app, 'password', { username: ALICE.email, password: ALICE.password, scope: 'openid' });
    expect(tokens.claims()?.sub).toBe('alice-id');
    expect(tokens.scope).toBe('openid');
  });

  it('issues no ID Token without openid', async () => {
    const { status, body } = await password('password-app', { username: ALICE.username, password: ALICE.password, scope: 'api' });
    expect(status).toBe(200);
    expect(body.scope).toBe('api');
    expect(body.id_token).toBeUndefined();
  });

  it('issues a refresh token only when offline_access is granted and the client may refresh', async () => {
    const withOffline = await password('password-app', { username: ALICE.username, password: ALICE.password, scope: 'openid offline_access' });
    expect(withOffline.body.refresh_token).toEqual(expect.any(String));
    const withoutOffline = await password('password-app', { username: ALICE.username, password: ALICE.password, scope: 'openid' });
    expect(withoutOffline.body.refresh_token).toBeUndefined();
    const noRefreshGrant = await password('password-no-refresh', { username: ALICE.username, password: ALICE.password, scope: 'openid offline_access' });
    expect(noRefreshGrant.status).toBe(200);
    expect(noRefreshGrant.body.refresh_token).toBeUndefined();
  });

  it('defaults an omitted scope to the client\'s registered scope without offline_access (no refresh token unasked)', async () => {
    const { status, body } = await password('password-app', { username: ALICE.username, password: ALICE.password });
    expect(status).toBe(200);
    expect(body.scope).toBe('openid profile email api');
    expect(body.id_token).toEqual(expect.any(String));
    expect(body.refresh_token).toBeUndefined();
  });

  it('issues tokens that userinfo, introspection, refresh and revocation treat like any other', async () => {
    const tokens = await oidc.genericGrantRequest(app, 'password', { username: ALICE.username, password: ALICE.password, scope: 'openid profile email offline_access' });

    const info = await oidc.fetchUserInfo(app, tokens.access_token, 'alice-id');
    expect(info).toMatchObject({ sub: 'alice-id', name: 'Alice Example', email: ALICE.email });

    const introspection = await oidc.tokenIntrospection(app, tokens.access_token);
    expect(introspection).toMatchObject({ active: true, sub: 'alice-id', username: ALICE.username, client_id: 'password-app', token_type: 'Bearer' });
    expect(introspection.scope).toBe('openid profile email offline_access');

    const refreshed = await oidc.refreshTokenGrant(app, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    // A refreshed ID Token still describes the original sign-in (OpenID Connect Core §12.2).
    expect(refreshed.claims()).toMatchObject({ sub: 'alice-id', amr: ['pwd'], auth_time: tokens.claims()!.auth_time });
    expect((await userinfo(t, refreshed.access_token)).status).toBe(200);
    // The refresh token rotates: the old one is spent.
    await expect(oidc.refreshTokenGrant(app, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });

    await oidc.tokenRevocation(app, refreshed.access_token);
    expect((await oidc.tokenIntrospection(app, refreshed.access_token)).active).toBe(false);
    expect((await userinfo(t, refreshed.access_token)).status).toBe(401);
  });

  it('answers unauthorized_client to a client not registered for password', async () => {
    const { status, body } = await password('machine-only', { username: ALICE.username, password: ALICE.password });
    expect(status).toBe(400);
    expect(body.error).toBe('unauthorized_client');
  });

  it('answers the same invalid_grant to an unknown user, a wrong password and a disabled account', async () => {
    const answers = await Promise.all([
      password('password-app', { username: 'nobody-here', password: ALICE.password }),
      password('password-app', { username: BOB.username, password: 'not bob password' }),
      password('password-app', { username: CAROL.username, password: CAROL.password }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ error: 'invalid_grant', error_description: 'invalid username or password' });
    }
  });

  it('never truncates at bcrypt\'s 72 bytes: a longer password sharing the first 72 bytes is refused', async () => {
    const exactly72 = 'p'.repeat(72);
    await t.idp.accounts.create({ id: 'dave-id', username: 'dave', passwordHash: fastHash(exactly72), roles: [], claims: {} });
    expect((await password('password-app', { username: 'dave', password: exactly72 })).status).toBe(200);
    const longer = await password('password-app', { username: 'dave', password: `${exactly72}-and-more` });
    expect(longer.status).toBe(400);
    expect(longer.body).toEqual({ error: 'invalid_grant', error_description: 'invalid username or password' });
  });

  it('names the missing parameter in invalid_request', async () => {
    const noUser = await password('password-app', { password: ALICE.password });
    expect(noUser.status).toBe(400);
    expect(noUser.body.error).toBe('invalid_request');
    expect(noUser.body.error_description).toContain('username');
    const noPassword = await password('password-app', { username: ALICE.username });
    expect(noPassword.body.error).toBe('invalid_request');
    expect(noPassword.body.error_description).toContain('password');
  });

  it('refuses scopes that are unknown or not allowed for the client with invalid_scope', async () => {
    const unknown = await password('password-app', { username: ALICE.username, password: ALICE.password, scope: 'openid launch-missiles' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('invalid_scope');
    const notAllowed = await password('password-no-refresh', { username: ALICE.username, password: ALICE.password, scope: 'openid email' });
    expect(notAllowed.body.error).toBe('invalid_scope');
  });

  it('refuses a wrong client secret with 401 invalid_client', async () => {
    const { status, body, headers } = await postForm(`${t.issuer}${t.idp.routes.token}`, 'password-app', { grant_type: 'password', username: ALICE.username, password: ALICE.password }, 'wrong-secret');
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
    expect(headers.get('www-authenticate')).toBeTruthy();
  });
});

describe('password grant with JWT access tokens (RFC 9068)', () => {
  let t: TestIdp;
  beforeAll(async () => {
    t = await startIdp({ scopes: ['api'], clients: grantClients(), accessTokens: { format: 'jwt' } });
    await addUsers(t);
  });
  afterAll(() => t?.close());

  it('issues an at+jwt access token that works at userinfo and introspection', async () => {
    const { status, body } = await tokenRequest(t, 'password-app', { grant_type: 'password', username: ALICE.username, password: ALICE.password, scope: 'openid profile api' });
    expect(status).toBe(200);
    const accessToken = body.access_token as string;
    expect(decodeProtectedHeader(accessToken).typ).toBe('at+jwt');
    const jwks = createRemoteJWKSet(new URL(`${t.issuer}${t.idp.routes.jwks}`));
    const { payload } = await jwtVerify(accessToken, jwks, { issuer: t.issuer, audience: t.issuer, typ: 'at+jwt' });
    expect(payload).toMatchObject({ sub: 'alice-id', client_id: 'password-app' });

    const info = await userinfo(t, accessToken);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ sub: 'alice-id', name: 'Alice Example' });

    const introspection = await postForm(`${t.issuer}${t.idp.routes.introspection}`, 'password-app', { token: accessToken });
    expect(introspection.body).toMatchObject({ active: true, sub: 'alice-id', username: ALICE.username, jti: payload.jti });
  });
});
