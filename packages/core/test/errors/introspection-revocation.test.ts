import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeThroughPages } from '../support/authorize.js';
import { addAlice, flowFixtures, REDIRECT_URI, SECRET } from '../support/fixtures.js';
import { startIdp, type TestIdp } from '../support/start-idp.js';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
/** Three base64url parts, as a JWT: nothing this IdP issued. */
const JWT_SHAPED = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

describe('introspection and revocation answers (RFC 7662, RFC 7009)', () => {
  let t: TestIdp;
  let config: oidc.Configuration;
  const post = (path: string, body: string, headers: Record<string, string> = { authorization: basic('confidential', SECRET) }) =>
    fetch(`${t.issuer}${path}`, { method: 'POST', headers: { ...FORM, ...headers }, body });

  beforeAll(async () => {
    t = await startIdp((await flowFixtures()).options);
    await addAlice(t.idp.accounts as never);
    config = await oidc.discovery(new URL(t.issuer), 'confidential', undefined, oidc.ClientSecretBasic(SECRET), { execute: [oidc.allowInsecureRequests] });
  });
  afterAll(() => t?.close());

  it('refuses a public client at introspection before looking the token up: a live and an unknown token get the same 401', async () => {
    const { access_token: live } = await oidc.clientCredentialsGrant(config, { scope: 'api' });
    const answers = [];
    for (const token of [live, 'no-such-token']) {
      const response = await post('/token/introspection', `client_id=public-spa&token=${token}`, {});
      answers.push({ status: response.status, challenge: response.headers.get('www-authenticate'), body: await response.json() });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.status).toBe(401);
    expect(answers[0]!.challenge).toMatch(/^Basic realm=/);
    expect(answers[0]!.body.error).toBe('invalid_client');
    // The token is untouched and still active for a client that authenticates.
    expect(await (await post('/token/introspection', `token=${live}`)).json()).toMatchObject({ active: true });
  });

  it('publishes no `none` among the introspection endpoint auth methods; revocation keeps it for public clients', async () => {
    const metadata = await (await fetch(`${t.issuer}/.well-known/openid-configuration`)).json();
    expect(metadata.token_endpoint_auth_methods_supported).toContain('none');
    expect(metadata.introspection_endpoint_auth_methods_supported).toContain('client_secret_basic');
    expect(metadata.introspection_endpoint_auth_methods_supported).not.toContain('none');
    expect(metadata.revocation_endpoint_auth_methods_supported).toContain('none');
  });

  it('answers a JWT it cannot introspect (a stranger, or its own ID token) as inactive, and revokes it as nothing (200)', async () => {
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const { callback } = await authorizeThroughPages(url.href, t.origin);
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, idTokenExpected: true });
    for (const token of [JWT_SHAPED, tokens.id_token!]) {
      const introspection = await post('/token/introspection', `token=${token}`);
      expect(introspection.status).toBe(200);
      expect(await introspection.json()).toEqual({ active: false });
      const revocation = await post('/token/revocation', `token=${token}`);
      expect(revocation.status).toBe(200);
      expect(await revocation.text()).toBe('');
    }
    // Nothing real was revoked by it.
    expect(await (await post('/token/introspection', `token=${tokens.access_token}`)).json()).toMatchObject({ active: true });
  });
});
