import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestJwtIssuer, hmacJwt, unsecuredJwt, type TestJwtIssuer } from '../support/jwt.js';
import { startIdp, type TestIdp } from '../support/start-idp.js';
import { addUsers, grantClients, JWT_BEARER, SECRET, tokenRequest, type HttpResult } from './grant-support.js';

const insecure = { execute: [oidc.allowInsecureRequests] };

/** Serves a JWK Set on 127.0.0.1, as an STS publishes its keys at its `jwks_uri`. */
async function serveJwks(keys: unknown[]): Promise<{ url: string; server: Server; hits: () => number }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`, server, hits: () => hits };
}

describe('JWT bearer grant (RFC 7523) over HTTP', () => {
  let t: TestIdp;
  let tokenEndpoint: string;
  let sts: TestJwtIssuer;
  let remoteSts: TestJwtIssuer;
  let stranger: TestJwtIssuer;
  let jwks: Awaited<ReturnType<typeof serveJwks>>;

  beforeAll(async () => {
    // The audience is filled in per assertion, once the IdP's port is known.
    sts = await createTestJwtIssuer({ issuer: 'https://sts.test', audience: 'unset', alg: 'RS256' });
    remoteSts = await createTestJwtIssuer({ issuer: 'https://remote-sts.test', audience: 'unset', alg: 'ES256' });
    stranger = await createTestJwtIssuer({ issuer: 'https://stranger.test', audience: 'unset', alg: 'RS256' });
    jwks = await serveJwks([remoteSts.publicJwk]);
    t = await startIdp({
      scopes: ['api'],
      clients: grantClients([JWT_BEARER]),
      grants: {
        jwtBearer: {
          issuers: [
            { issuer: sts.issuer, jwks: { keys: [sts.publicJwk as Record<string, unknown>] }, algorithms: ['RS256'], maxLifetimeSeconds: 300 },
            { issuer: remoteSts.issuer, jwks_uri: jwks.url, algorithms: ['ES256'] },
          ],
        },
      },
    });
    await addUsers(t);
    tokenEndpoint = `${t.issuer}${t.idp.routes.token}`;
  });
  afterAll(async () => {
    await t?.close();
    jwks?.server.close();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const sign = (claims: Record<string, unknown> = {}, issuer = sts) => issuer.sign({ aud: tokenEndpoint, ...claims });
  const grant = (assertion: string | undefined, clientId = 'assertion-app', scope = 'openid'): Promise<HttpResult> =>
    tokenRequest(t, clientId, { grant_type: JWT_BEARER, ...(assertion === undefined ? {} : { assertion }), scope });
  async function expectInvalidGrant(assertion: string, description: string | RegExp): Promise<void> {
    const { status, body } = await grant(assertion);
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toMatch(description);
  }

  it('issues tokens for a subject mapped by account id, with a signed ID Token', async () => {
    const { status, body } = await grant(await sign({ sub: 'alice-id' }), 'assertion-app', 'openid profile offline_access');
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', scope: 'openid profile offline_access' });
    expect(body.refresh_token).toEqual(expect.any(String));
    const { payload } = await jwtVerify(body.id_token as string, createRemoteJWKSet(new URL(`${t.issuer}${t.idp.routes.jwks}`)), { issuer: t.issuer, audience: 'assertion-app' });
    expect(payload.sub).toBe('alice-id');
    const info = await fetch(`${t.issuer}${t.idp.routes.userinfo}`, { headers: { authorization: `Bearer ${body.access_token as string}` } });
    expect(await info.json()).toMatchObject({ sub: 'alice-id', name: 'Alice Example' });
  });

  it('maps the subject by username, then by e-mail, and accepts the issuer identifier as audience (openid-client)', async () => {
    const app = await oidc.discovery(new URL(t.issuer), 'assertion-app', undefined, oidc.ClientSecretBasic(SECRET), insecure);
    const byUsername = await oidc.genericGrantRequest(app, JWT_BEARER, { assertion: await sign({ sub: 'bob' }), scope: 'openid' });
    expect(byUsername.claims()?.sub).toBe('bob-id');
    const byEmail = await oidc.genericGrantRequest(app, JWT_BEARER, { assertion: await sign({ sub: 'alice@example.com', aud: t.issuer }), scope: 'openid' });
    expect(byEmail.claims()?.sub).toBe('alice-id');
  });

  it('verifies an issuer whose keys are fetched from its jwks_uri', async () => {
    const { status, body } = await grant(await sign({ sub: 'alice-id' }, remoteSts));
    expect(status).toBe(200);
    expect(body.access_token).toEqual(expect.any(String));
    expect(jwks.hits()).toBeGreaterThan(0);
  });

  it('refuses a tampered signature and a tampered payload', async () => {
    const [header, payload, signature] = (await sign()).split('.') as [string, string, string];
    const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    await expectInvalidGrant(`${header}.${payload}.${flipped}`, 'assertion signature is invalid');
    const forgedPayload = Buffer.from(JSON.stringify({ iss: sts.issuer, sub: 'bob', aud: tokenEndpoint, exp: now() + 60, jti: randomUUID() })).toString('base64url');
    await expectInvalidGrant(`${header}.${forgedPayload}.${signature}`, 'assertion signature is invalid');
  });

  it('refuses an expired assertion', async () => {
    await expectInvalidGrant(await sign({ iat: now() - 600, exp: now() - 300 }), 'assertion has expired');
  });

  it('allows clockSkewSeconds of clock difference on exp, and no more', async () => {
    // Default 30 s: an assertion expired 20 s ago is still accepted; one expired 40 s ago is not.
    expect((await grant(await sign({ iat: now() - 120, exp: now() - 20 }))).status).toBe(200);
    await expectInvalidGrant(await sign({ iat: now() - 120, exp: now() - 40 }), 'assertion has expired');
    const strict = await startIdp({
      scopes: ['api'],
      clients: grantClients([JWT_BEARER]),
      grants: { jwtBearer: { clockSkewSeconds: 5, issuers: [{ issuer: sts.issuer, jwks: { keys: [sts.publicJwk as Record<string, unknown>] }, algorithms: ['RS256'] }] } },
    });
    try {
      await addUsers(strict);
      const endpoint = `${strict.issuer}${strict.idp.routes.token}`;
      const { status, body } = await tokenRequest(strict, 'assertion-app', { grant_type: JWT_BEARER, assertion: await sts.sign({ aud: endpoint, iat: now() - 120, exp: now() - 20 }), scope: 'openid' });
      expect(status).toBe(400);
      expect(body.error_description).toBe('assertion has expired');
    } finally {
      await strict.close();
    }
  });

  it('refuses a wrong audience', async () => {
    await expectInvalidGrant(await sign({ aud: 'https://some-other-server.test/token' }), 'assertion audience is invalid');
  });

  it('refuses a replayed jti', async () => {
    const assertion = await sign();
    expect((await grant(assertion)).status).toBe(200);
    await expectInvalidGrant(assertion, 'assertion jti has already been used');
  });

  it('refuses an untrusted issuer', async () => {
    await expectInvalidGrant(await sign({}, stranger), 'assertion issuer is not trusted');
    // A stranger's key claiming to be the trusted issuer fails on the signature.
    await expectInvalidGrant(await stranger.sign({ iss: sts.issuer, aud: tokenEndpoint }, { kid: undefined }), /assertion (signature is invalid|signing key is unknown)/);
  });

  it('refuses alg none and HS256 signed with the issuer public key', async () => {
    const claims = { iss: sts.issuer, sub: 'alice-id', aud: tokenEndpoint, iat: now(), exp: now() + 60, jti: randomUUID() };
    await expectInvalidGrant(unsecuredJwt(claims), 'assertion alg none is not allowed');
    await expectInvalidGrant(hmacJwt(claims, sts.publicKeyPem, sts.kid), 'assertion HMAC algorithms are not allowed');
  });

  it('refuses an exp beyond the maximum lifetime and an nbf in the future', async () => {
    await expectInvalidGrant(await sign({ exp: now() + 3600 }), 'assertion exp is too far in the future');
    await expectInvalidGrant(await sign({ nbf: now() + 120, exp: now() + 200 }), 'assertion is not yet valid (nbf)');
  });

  it('refuses an unknown or disabled subject', async () => {
    await expectInvalidGrant(await sign({ sub: 'nobody' }), 'assertion subject does not match an account');
    await expectInvalidGrant(await sign({ sub: 'carol' }), 'assertion subject does not match an account');
  });

  it('answers invalid_request naming a missing assertion, and unauthorized_client to a client without the grant', async () => {
    const missing = await grant(undefined);
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_request');
    expect(missing.body.error_description).toContain('assertion');
    const notAllowed = await grant(await sign(), 'password-app');
    expect(notAllowed.body.error).toBe('unauthorized_client');
  });

  it('accepts exactly one of 10 concurrent requests with the same jti', async () => {
    const assertion = await sign();
    const answers = await Promise.all(Array.from({ length: 10 }, () => grant(assertion)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    const refused = answers.filter((answer) => answer.status !== 200);
    expect(refused).toHaveLength(9);
    for (const answer of refused) expect(answer.body).toMatchObject({ error: 'invalid_grant', error_description: 'assertion jti has already been used' });
  });
});
