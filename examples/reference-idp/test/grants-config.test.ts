import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The core's own test helpers make the keys, certificates and signed assertions (they import
// only types from the core's source, so this test runs against the built IdP alone).
import { createTestJwtIssuer, type TestJwtIssuer } from '../../../packages/core/test/support/jwt.js';
import { createTestSamlIdp, signedAssertion, type TestSamlIdp } from '../../../packages/core/test/support/saml.js';
import { freePort, spawnIdp, writeConfig, type SpawnedIdp } from './support/spawn-idp.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const SAML_BEARER = 'urn:ietf:params:oauth:grant-type:saml2-bearer';

async function token(issuer: string, params: Record<string, string>): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(`${issuer}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from('app:s3cret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe('reference IdP: the grants keys of IDP_CONFIG (issue 3)', () => {
  let idp: SpawnedIdp;
  let issuer: string;
  let inlineSts: TestJwtIssuer;
  let remoteSts: TestJwtIssuer;
  let saml: TestSamlIdp;
  let jwksServer: Server;

  beforeAll(async () => {
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    inlineSts = await createTestJwtIssuer({ issuer: 'https://sts.test', audience: `${issuer}/oauth/token`, alg: 'ES256' });
    remoteSts = await createTestJwtIssuer({ issuer: 'https://remote-sts.test', audience: issuer, alg: 'RS256' });
    saml = createTestSamlIdp('https://idp.test/saml');
    jwksServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [remoteSts.publicJwk] })));
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));

    const config = await writeConfig({
      issuer,
      routes: 'oauth',
      scopes: ['api'],
      clients: [{
        client_id: 'app', client_secret: 's3cret', redirect_uris: [], response_types: [],
        grant_types: ['password', JWT_BEARER, SAML_BEARER, 'refresh_token'],
        token_endpoint_auth_method: 'client_secret_basic', scope: 'openid profile email offline_access api',
      }],
      users: [{ id: 'alice-id', username: 'alice', email: 'alice@example.com', password: 'correct horse', claims: { name: 'Alice' } }],
      grants: {
        password: { maxFailures: 2, windowSeconds: 60 },
        jwtBearer: {
          issuers: [
            { issuer: inlineSts.issuer, jwks: { keys: [inlineSts.publicJwk] }, algorithms: ['ES256'], maxLifetimeSeconds: 60 },
            { issuer: remoteSts.issuer, jwks_uri: `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`, algorithms: ['RS256'] },
          ],
        },
        samlBearer: { idps: [{ entityId: saml.entityId, certificates: [saml.certificatePem] }] },
      },
    });
    idp = await spawnIdp({ PORT: String(port), IDP_CONFIG: config });
  });
  afterAll(async () => {
    expect(await idp?.stop()).toBe(0);
    jwksServer?.close();
  });

  it('lists the three grants in discovery', async () => {
    const metadata = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { grant_types_supported: string[] };
    expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(['password', JWT_BEARER, SAML_BEARER]));
  });

  it('throttles the password grant after grants.password.maxFailures failures', async () => {
    const wrong = { grant_type: 'password', username: 'alice', password: 'wrong' };
    expect((await token(issuer, wrong)).status).toBe(400);
    expect((await token(issuer, wrong)).status).toBe(400);
    const refused = await token(issuer, { grant_type: 'password', username: 'alice', password: 'correct horse' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });

  it('trusts a JWT issuer by inline jwks, with its algorithms and maxLifetimeSeconds', async () => {
    const now = Math.floor(Date.now() / 1000);
    const ok = await token(issuer, { grant_type: JWT_BEARER, assertion: await inlineSts.sign({ sub: 'alice', exp: now + 50 }), scope: 'openid' });
    expect(ok.body.error_description).toBeUndefined();
    expect(ok.status).toBe(200);
    expect(ok.body.id_token).toEqual(expect.any(String));
    // The helper's default lifetime (120 s) is already over this issuer's 60 s.
    expect((await token(issuer, { grant_type: JWT_BEARER, assertion: await inlineSts.sign({ sub: 'alice' }) })).status).toBe(400);
    const tooLong = await token(issuer, { grant_type: JWT_BEARER, assertion: await inlineSts.sign({ sub: 'alice', exp: now + 240 }) });
    expect(tooLong.body).toMatchObject({ error: 'invalid_grant', error_description: 'assertion exp is too far in the future' });
  });

  it('trusts a JWT issuer by jwks_uri, with only its own algorithms', async () => {
    const ok = await token(issuer, { grant_type: JWT_BEARER, assertion: await remoteSts.sign({ sub: 'alice@example.com' }) });
    expect(ok.status).toBe(200);
    // The inline issuer is ES256 only: an RS256 assertion in its name is refused before any key is tried.
    const wrongAlg = await token(issuer, { grant_type: JWT_BEARER, assertion: await remoteSts.sign({ iss: inlineSts.issuer, sub: 'alice' }) });
    expect(wrongAlg.body).toMatchObject({ error: 'invalid_grant', error_description: 'assertion algorithm is not allowed' });
  });

  it('trusts a SAML IdP by entityId and certificates', async () => {
    const ok = await token(issuer, { grant_type: SAML_BEARER, assertion: signedAssertion(saml, `${issuer}/oauth/token`), scope: 'openid email' });
    expect(ok.status).toBe(200);
    expect(ok.body.scope).toBe('openid email');
  });
});

describe('reference IdP: a bad grants entry in IDP_CONFIG', () => {
  it('stops with one line naming the bad certificate', async () => {
    const config = await writeConfig({
      issuer: 'http://127.0.0.1:1',
      grants: { samlBearer: { idps: [{ entityId: 'https://idp.test/saml', certificates: ['not a certificate'] }] } },
    });
    const idp = await spawnIdp({ PORT: String(await freePort()), IDP_CONFIG: config }, { waitFor: 'configuration error' });
    expect(await idp.exited).toBe(1);
    expect(idp.output()).toMatch(/configuration error: grants\.samlBearer\.idps\[0\]\.certificates\[0\]/);
  });
});
