import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeThroughPages } from '../support/authorize.js';
import { addAlice, REDIRECT_URI } from '../support/fixtures.js';
import { clientCredentials, startAdminIdp, type AdminIdp } from './support.js';

const insecure = { execute: [oidc.allowInsecureRequests] };

/** The seed API's registration request (client_type, scopes as a string). */
const SEED_CLIENT = {
  client_name: 'Billing Service',
  client_type: 'confidential',
  grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
  redirect_uris: [REDIRECT_URI],
  response_types: ['code'],
  scopes: 'openid profile api',
  token_endpoint_auth_method: 'client_secret_basic',
};

describe('admin API: clients', () => {
  let t: AdminIdp;

  beforeAll(async () => {
    t = await startAdminIdp();
    await addAlice(t.idp.accounts as never);
  });
  afterAll(() => t?.close());

  it('registers a confidential client (seed shape) that completes client_credentials and authorization code at once', async () => {
    const created = await t.call('POST', '/clients', { body: SEED_CLIENT });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.headers.get('location')).toBe(`/admin/clients/${created.body.client_id}`);
    expect(created.body).toMatchObject({
      client_name: 'Billing Service',
      client_type: 'confidential',
      is_active: true,
      scopes: 'openid profile api',
      token_endpoint_auth_method: 'client_secret_basic',
      client_secret_expires_at: 0,
    });
    const { client_id: clientId, client_secret: secret } = created.body as { client_id: string; client_secret: string };
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(created.body.client_secret_hashes).toBeUndefined();

    const cc = await clientCredentials(t.issuer, clientId, secret, 'api');
    expect(cc.status).toBe(200);
    expect(cc.body.scope).toBe('api');

    const config = await oidc.discovery(new URL(t.issuer), clientId, undefined, oidc.ClientSecretBasic(secret), insecure);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI, scope: 'openid profile', state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    const { callback } = await authorizeThroughPages(url.href, t.origin);
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.claims()?.sub).toBe('alice-id');
    expect(tokens.claims()?.aud).toBe(clientId);
  });

  it('stores client_secret_basic/post secrets only as hashes, static ones included; client_secret_jwt keeps its key', async () => {
    const created = await t.call('POST', '/clients', { body: { client_name: 'Hashed', grant_types: ['client_credentials'], scope: 'api', token_endpoint_auth_method: 'client_secret_post' } });
    expect(created.status).toBe(201);
    const secret = created.body.client_secret as string;
    const stored = await t.store.find(created.body.client_id);
    expect(stored?.client_secret).toBeUndefined();
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored?.client_secret_hashes).toEqual([{ salt: expect.any(String), hash: expect.any(String) }]);
    expect((await clientCredentials(t.issuer, created.body.client_id, secret, 'api', 'post')).status).toBe(200);
    expect((await clientCredentials(t.issuer, created.body.client_id, `${secret}x`, 'api', 'post')).body.error).toBe('invalid_client');

    // Static clients from the options arrive with plain secrets and are stored hashed too.
    const confidential = await t.store.find('confidential');
    expect(confidential?.client_secret).toBeUndefined();
    expect(JSON.stringify(confidential)).not.toContain('confidential-secret');
    // A client_secret_jwt client needs the secret as its HMAC key.
    expect((await t.store.find('jwt-secret-client'))?.client_secret).toMatch(/^jwt-secret-/);
    const jwtClient = await t.call('POST', '/clients', { body: { grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_jwt' } });
    expect(jwtClient.status).toBe(201);
    expect((await t.store.find(jwtClient.body.client_id))?.client_secret).toBe(jwtClient.body.client_secret);
  });

  it('registers a public client without a secret', async () => {
    const created = await t.call('POST', '/clients', { body: { client_name: 'SPA', client_type: 'public', redirect_uris: ['https://spa.example/cb'], grant_types: ['authorization_code'] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ client_type: 'public', token_endpoint_auth_method: 'none', response_types: ['code'] });
    expect(created.body.client_secret).toBeUndefined();
  });

  it('reads, replaces (PUT) and merges (PATCH) a client, never showing a secret', async () => {
    const { body: created } = await t.call('POST', '/clients', { body: SEED_CLIENT });
    const id = created.client_id as string;
    const read = await t.call('GET', `/clients/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ client_id: id, client_name: 'Billing Service', is_active: true, scopes: 'openid profile api' });
    expect(read.body.client_secret).toBeUndefined();
    expect(read.body.client_secret_hashes).toBeUndefined();

    const replaced = await t.call('PUT', `/clients/${id}`, { body: { client_name: 'Billing v2', grant_types: ['client_credentials'], scopes: 'api' } });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ client_name: 'Billing v2', grant_types: ['client_credentials'], response_types: [], redirect_uris: [], scopes: 'api' });
    // Still confidential: the secret stays valid and is not shown again.
    expect(replaced.body.client_secret).toBeUndefined();
    expect((await clientCredentials(t.issuer, id, created.client_secret, 'api')).status).toBe(200);

    const patched = await t.call('PATCH', `/clients/${id}`, { body: { client_name: 'Billing v3', contacts: ['ops@example.com'] } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ client_name: 'Billing v3', grant_types: ['client_credentials'], contacts: ['ops@example.com'], scopes: 'api' });
    const unset = await t.call('PATCH', `/clients/${id}`, { body: { contacts: null } });
    expect(unset.body.contacts).toBeUndefined();
    expect(t.logger.lines.filter((l) => l.includes(`"target":"${id}"`)).map((l) => JSON.parse(l).action)).toEqual(['client.create', 'client.replace', 'client.update', 'client.update']);
  });

  it('is_active: false makes the client fail authentication with invalid_client, and true restores it', async () => {
    const { body } = await t.call('POST', '/clients', { body: { grant_types: ['client_credentials'], scope: 'api' } });
    expect((await t.call('PATCH', `/clients/${body.client_id}`, { body: { is_active: false } })).body.is_active).toBe(false);
    const refused = await clientCredentials(t.issuer, body.client_id, body.client_secret);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_client');
    await t.call('PATCH', `/clients/${body.client_id}`, { body: { is_active: true } });
    expect((await clientCredentials(t.issuer, body.client_id, body.client_secret)).status).toBe(200);
  });

  it('rotates a secret: shown once, the old one refused at once, or kept for grace_seconds', async () => {
    const { body } = await t.call('POST', '/clients', { body: { grant_types: ['client_credentials'], scope: 'api' } });
    const id = body.client_id as string;
    const first = body.client_secret as string;

    const withGrace = await t.call('POST', `/clients/${id}/secret`, { body: { grace_seconds: 300 } });
    expect(withGrace.status).toBe(200);
    const second = withGrace.body.client_secret as string;
    expect(second).not.toBe(first);
    expect(withGrace.body.previous_secret_expires_at).toBeGreaterThan(Date.now() / 1000 + 200);
    expect((await clientCredentials(t.issuer, id, first)).status).toBe(200);
    expect((await clientCredentials(t.issuer, id, second)).status).toBe(200);

    // When the grace period is over the old secret is refused (moved into the past in the store).
    const stored = (await t.store.find(id))!;
    const hashes = stored.client_secret_hashes as Array<{ expires_at?: number }>;
    expect(hashes).toHaveLength(2);
    hashes[1]!.expires_at = Math.floor(Date.now() / 1000) - 1;
    await t.store.save(stored);
    expect((await clientCredentials(t.issuer, id, first)).status).toBe(401);
    expect((await clientCredentials(t.issuer, id, second)).status).toBe(200);

    const noGrace = await t.call('POST', `/clients/${id}/secret`);
    expect(noGrace.body.previous_secret_expires_at).toBeUndefined();
    expect((await clientCredentials(t.issuer, id, second)).status).toBe(401);
    expect((await clientCredentials(t.issuer, id, noGrace.body.client_secret)).status).toBe(200);
    expect(t.logger.lines.join('\n')).not.toContain(noGrace.body.client_secret);

    expect((await t.call('POST', `/clients/${id}/secret`, { body: { grace_seconds: -1 } })).body.error).toBe('invalid_request');
    const spa = await t.call('POST', '/clients', { body: { client_type: 'public', redirect_uris: ['https://spa.example/cb'] } });
    expect((await t.call('POST', `/clients/${spa.body.client_id}/secret`)).status).toBe(400);
  });

  it('lists clients with offset, limit and search', async () => {
    for (const name of ['Paging One', 'Paging Two', 'Paging Three']) {
      await t.call('POST', '/clients', { body: { client_name: name, grant_types: ['client_credentials'] } });
    }
    const page = await t.call('GET', '/clients?search=paging&offset=1&limit=1');
    expect(page.status).toBe(200);
    expect(page.headers.get('x-total-count')).toBe('3');
    expect(page.headers.get('link')).toBe('</admin/clients?offset=2&limit=1&search=paging>; rel="next"');
    expect(page.body).toHaveLength(1);
    expect(page.body[0].client_name).toMatch(/^Paging /);
    expect(page.body[0].client_secret_hashes).toBeUndefined();
    const all = await t.call('GET', '/clients?limit=500');
    expect(Number(all.headers.get('x-total-count'))).toBeGreaterThan(10);
    expect(all.body.length).toBe(Number(all.headers.get('x-total-count')));
    expect(all.headers.get('link')).toBeNull();
    expect((await t.call('GET', '/clients?limit=abc')).body.error).toBe('invalid_request');
  });

  it('deletes a client: it stops authenticating and is gone', async () => {
    const { body } = await t.call('POST', '/clients', { body: { grant_types: ['client_credentials'], scope: 'api' } });
    expect((await t.call('DELETE', `/clients/${body.client_id}`)).status).toBe(204);
    expect((await clientCredentials(t.issuer, body.client_id, body.client_secret)).body.error).toBe('invalid_client');
    const again = await t.call('GET', `/clients/${body.client_id}`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ error: 'invalid_request', error_description: 'client not found' });
    expect((await t.call('DELETE', `/clients/${body.client_id}`)).status).toBe(404);
  });

  it.each([
    [{ redirect_uris: ['https://app.example/cb#frag'] }, 'invalid_redirect_uri', /fragment/],
    [{ redirect_uris: ['http://app.example/cb'] }, 'invalid_redirect_uri', /https/],
    [{ redirect_uris: ['/relative/cb'] }, 'invalid_redirect_uri', /absolute|valid/],
    [{ redirect_uris: ['https://app.example/cb'], scopes: 'openid unknown-scope' }, 'invalid_client_metadata', /scope/],
    [{ redirect_uris: ['https://app.example/cb'], grant_types: ['client_credentials'], response_types: ['code'] }, 'invalid_client_metadata', /authorization_code/],
    [{ grant_types: ['authorization_code'], response_types: [] }, 'invalid_client_metadata', /response_types/],
    [{ redirect_uris: ['https://app.example/cb'], client_type: 'secret' }, 'invalid_client_metadata', /client_type/],
    [{ redirect_uris: ['https://app.example/cb'], client_type: 'public', token_endpoint_auth_method: 'client_secret_basic' }, 'invalid_client_metadata', /client_type/],
    [{ redirect_uris: ['https://app.example/cb'], logo_uri: 'http://cdn.example/logo.png' }, 'invalid_client_metadata', /logo_uri/],
    [{ redirect_uris: 'https://app.example/cb' }, 'invalid_redirect_uri', /redirect_uris must be an array/],
    [{ redirect_uris: ['https://app.example/cb'], client_secret: 'mine' }, 'invalid_request', /issued by the server/],
    [{ redirect_uris: ['https://app.example/cb'], scope: 'api', scopes: 'openid' }, 'invalid_client_metadata', /disagree/],
  ])('refuses bad metadata %j with 400 %s', async (metadata, error, description) => {
    const response = await t.call('POST', '/clients', { body: metadata });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe(error);
    expect(response.body.error_description).toMatch(description);
  });

  it('accepts loopback http redirect URIs (127.0.0.1, [::1], localhost)', async () => {
    const response = await t.call('POST', '/clients', { body: { redirect_uris: ['http://127.0.0.1:8080/cb', 'http://[::1]/cb', 'http://localhost:3000/cb'] } });
    expect(response.status).toBe(201);
  });

  it('answers 409 for a client_id that is taken, and 400 when PUT names another client_id', async () => {
    const first = await t.call('POST', '/clients', { body: { client_id: 'chosen-id', grant_types: ['client_credentials'] } });
    expect(first.status).toBe(201);
    const second = await t.call('POST', '/clients', { body: { client_id: 'chosen-id', grant_types: ['client_credentials'] } });
    expect(second.status).toBe(409);
    expect(second.body.error).toBe('invalid_request');
    expect((await t.call('PUT', '/clients/chosen-id', { body: { client_id: 'other' } })).status).toBe(400);
  });

  it('lets exactly one of concurrent creates with one client_id through; the secret it returned is the one that works', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => t.call('POST', '/clients', { body: { client_id: 'raced-id', grant_types: ['client_credentials'] } })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const winner = answers.find((a) => a.status === 201)!;
    const token = await clientCredentials(t.issuer, 'raced-id', winner.body.client_secret as string);
    expect(token.status).toBe(200);
  });

  it('refuses bodies that are not JSON objects, too large or too deep', async () => {
    expect((await t.call('POST', '/clients', { body: '{"client_name":' })).body).toMatchObject({ error: 'invalid_request' });
    expect((await t.call('POST', '/clients', { body: '[1,2]' })).status).toBe(400);
    const form = await t.call('POST', '/clients', { body: 'client_name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    const large = await t.call('POST', '/clients', { body: { client_name: 'x'.repeat(70 * 1024) } });
    expect(large.status).toBe(413);
    expect(large.body.error).toBe('invalid_request');
    let deep: unknown = 'leaf';
    for (let i = 0; i < 30; i += 1) deep = { deep };
    const tooDeep = await t.call('POST', '/clients', { body: { client_name: 'deep', extra: deep } });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.error_description).toMatch(/deeper than 20/);
  });

  it('answers 405 for a method the route does not have', async () => {
    const response = await t.call('DELETE', '/clients');
    expect(response.status).toBe(405);
    expect(response.body.error).toBe('invalid_request');
  });
});
