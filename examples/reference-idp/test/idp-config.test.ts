import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfigFile } from '../src/config-file.js';
import { freePort, spawnIdp, writeConfig, type SpawnedIdp } from './support/spawn-idp.js';

const insecure = { execute: [oidc.allowInsecureRequests] };

describe('reference IdP started with IDP_CONFIG (as DESIGN.md shows it)', () => {
  let idp: SpawnedIdp;
  let issuer: string;

  beforeAll(async () => {
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    const config = await writeConfig({
      issuer,
      routes: 'oauth',
      scopes: ['api'],
      clients: [{
        client_id: 'app', client_secret: 's3cret', redirect_uris: ['http://localhost:8080/cb'],
        post_logout_redirect_uris: ['http://localhost:8080/'],
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
        response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic',
        scope: 'openid profile email offline_access api',
      }],
      users: [{ username: 'alice', email: 'alice@example.com', password: 'correct horse', roles: ['user'], claims: { name: 'Alice' } }],
    });
    idp = await spawnIdp({ PORT: String(port), IDP_CONFIG: config });
  });
  afterAll(async () => {
    expect(await idp?.stop()).toBe(0);
  });

  it('serves discovery at the oauth preset paths', async () => {
    const config = await oidc.discovery(new URL(issuer), 'app', undefined, oidc.ClientSecretBasic('s3cret'), insecure);
    const metadata = config.serverMetadata();
    expect(metadata.token_endpoint).toBe(`${issuer}/oauth/token`);
    expect(metadata.authorization_endpoint).toBe(`${issuer}/oauth/authorize`);
    expect(metadata.jwks_uri).toBe(`${issuer}/.well-known/jwks.json`);
  });

  it('issues tokens by client_credentials and by the password grant to the configured user', async () => {
    const config = await oidc.discovery(new URL(issuer), 'app', undefined, oidc.ClientSecretBasic('s3cret'), insecure);
    const cc = await oidc.clientCredentialsGrant(config, { scope: 'api' });
    expect(cc.scope).toBe('api');
    const tokens = await oidc.genericGrantRequest(config, 'password', { username: 'alice@example.com', password: 'correct horse', scope: 'openid profile' });
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
    expect(userinfo).toMatchObject({ name: 'Alice', preferred_username: 'alice', role: ['user'] });
  });

  it('refuses a wrong client secret with 401 invalid_client and WWW-Authenticate', async () => {
    const response = await fetch(`${issuer}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('app:wrong').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });
});

describe('reference IdP start-up', () => {
  it('prints the demo client and user without IDP_CONFIG', async () => {
    const port = await freePort();
    const idp = await spawnIdp({ PORT: String(port) }, { waitFor: 'demo user' });
    expect(idp.output()).toMatch(/demo client: client_id=demo-client client_secret=demo-secret/);
    expect(idp.output()).toMatch(/demo user: username=alice/);
    const response = await fetch(`http://localhost:${port}/.well-known/openid-configuration`);
    expect((await response.json()).issuer).toBe(`http://localhost:${port}`);
    await idp.stop();
  });

  it('stops with one clear line naming a bad option', async () => {
    const config = await writeConfig({ issuer: 'http://127.0.0.1:1', routes: { token: 'token' } });
    const idp = await spawnIdp({ PORT: String(await freePort()), IDP_CONFIG: config }, { waitFor: 'configuration error' });
    expect(await idp.exited).toBe(1);
    expect(idp.output()).toMatch(/configuration error: routes\.token must start with "\/"/);
  });
});

describe('reference IdP keys from the environment', () => {
  it('signs with SIGNING_KEYS and refuses a malformed one with one line', async () => {
    const { exportJWK, generateKeyPair } = await import('jose');
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'env-key-1', alg: 'RS256', use: 'sig' };
    const port = await freePort();
    const idp = await spawnIdp({ PORT: String(port), SIGNING_KEYS: JSON.stringify({ keys: [jwk] }), COOKIE_KEYS: 'a'.repeat(40) });
    const { keys } = await (await fetch(`http://localhost:${port}/jwks`)).json();
    expect(keys.map((k: { kid: string }) => k.kid)).toEqual(['env-key-1']);
    expect(keys[0].d).toBeUndefined();
    await idp.stop();

    const bad = await spawnIdp({ PORT: String(await freePort()), SIGNING_KEYS: 'not json' }, { waitFor: 'configuration error' });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toMatch(/configuration error: SIGNING_KEYS must be a JWKS/);
  });
});

describe('config file trustProxy', () => {
  it('takes the values TRUST_PROXY takes, a string included', async () => {
    const cases: Array<[unknown, unknown]> = [['loopback', ['loopback']], ['10.0.0.0/8, 127.0.0.1', ['10.0.0.0/8', '127.0.0.1']], ['2', 2], ['true', true], [['loopback'], ['loopback']], [1, 1]];
    for (const [given, expected] of cases) {
      const config = await readConfigFile(await writeConfig({ issuer: 'http://127.0.0.1:1', trustProxy: given }));
      expect(config.trustProxy, JSON.stringify(given)).toEqual(expected);
    }
  });
});
