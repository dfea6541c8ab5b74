import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeThroughPages } from '../support/authorize.js';
import { addAlice, flowFixtures, REDIRECT_URI, SECRET } from '../support/fixtures.js';
import { startIdp, type TestIdp } from '../support/start-idp.js';

const insecure = { execute: [oidc.allowInsecureRequests] };

describe.each(['RS256', 'ES256'] as const)('RFC 9068 JWT access tokens (%s)', (signingAlg) => {
  let t: TestIdp;
  let config: oidc.Configuration;
  let jwks: ReturnType<typeof createRemoteJWKSet>;

  beforeAll(async () => {
    t = await startIdp((await flowFixtures({ accessTokens: { format: 'jwt', signingAlg } })).options);
    await addAlice(t.idp.accounts as never);
    config = await oidc.discovery(new URL(t.issuer), 'confidential', undefined, oidc.ClientSecretBasic(SECRET), insecure);
    jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
  });
  afterAll(() => t?.close());

  async function codeFlowTokens() {
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid profile email api', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const { callback } = await authorizeThroughPages(url.href, t.origin);
    return { callback, verifier, tokens: await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, idTokenExpected: true }) };
  }

  it('issues a signed at+jwt with the RFC 9068 claims by client_credentials, without the caller naming a resource', async () => {
    const { access_token: token } = await oidc.clientCredentialsGrant(config, { scope: 'api' });
    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ typ: 'at+jwt', alg: signingAlg });
    expect(header.kid).toBeTruthy();
    const { payload } = await jwtVerify(token, jwks, { issuer: t.issuer, audience: t.issuer, typ: 'at+jwt' });
    expect(payload).toMatchObject({ sub: 'confidential', client_id: 'confidential', scope: 'api' });
    for (const claim of ['exp', 'iat', 'jti'] as const) expect(payload[claim]).toBeTruthy();
  });

  it('introspects a client_credentials JWT with its subject, the client (RFC 7662 §2.2)', async () => {
    const { access_token: token } = await oidc.clientCredentialsGrant(config, { scope: 'api' });
    const introspection = await oidc.tokenIntrospection(config, token);
    expect(introspection).toMatchObject({ active: true, sub: 'confidential', client_id: 'confidential', scope: 'api' });
  });

  it('keeps a user JWT access token usable at userinfo and introspection, and revocable', async () => {
    const { tokens } = await codeFlowTokens();
    const { payload } = await jwtVerify(tokens.access_token, jwks, { issuer: t.issuer, typ: 'at+jwt' });
    expect(payload.sub).toBe('alice-id');
    expect(payload.scope).toContain('api');

    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, 'alice-id');
    expect(userinfo).toMatchObject({ sub: 'alice-id', email: 'alice@example.com' });

    const active = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(active).toMatchObject({ active: true, sub: 'alice-id', client_id: 'confidential', jti: payload.jti, aud: t.issuer, username: 'alice', token_type: 'Bearer' });

    await oidc.tokenRevocation(config, tokens.access_token);
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
    await expect(oidc.fetchUserInfo(config, tokens.access_token, 'alice-id')).rejects.toMatchObject({ status: 401 });
  });

  it('deactivates the JWT access token when its authorization code is replayed', async () => {
    const { tokens, callback, verifier } = await codeFlowTokens();
    await expect(oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier })).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
  });

  it('reports a forged or foreign JWT as inactive', async () => {
    const { access_token: token } = await oidc.clientCredentialsGrant(config, { scope: 'api' });
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    expect((await oidc.tokenIntrospection(config, forged)).active).toBe(false);
    const unsigned = `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${payload}.`;
    expect((await oidc.tokenIntrospection(config, unsigned)).active).toBe(false);
  });
});
