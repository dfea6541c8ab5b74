import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET } from '../support/fixtures.js';
import { ADMIN_CLIENT, clientCredentials, startAdminIdp, type AdminIdp } from './support.js';

interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, any>;
}

async function send(url: string, method: string, token: string | undefined, body?: unknown): Promise<Reply> {
  const response = await fetch(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

const MACHINE = { grant_types: ['client_credentials'], scope: 'api', client_name: 'Registered Machine' };

describe('RFC 7591 / 7592 dynamic client registration', () => {
  let t: AdminIdp;
  let endpoint: string;
  let initialAccessToken: string;

  beforeAll(async () => {
    t = await startAdminIdp();
    endpoint = `${t.issuer}${t.idp.routes.registration}`;
    const issued = await t.call('POST', '/initial-access-tokens', { body: { expires_in: 600 } });
    expect(issued.status).toBe(201);
    expect(issued.body.expires_in).toBe(600);
    initialAccessToken = issued.body.initial_access_token;
  });
  afterAll(() => t?.close());

  it('advertises registration_endpoint in discovery', async () => {
    const discovery = (await (await fetch(`${t.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery.registration_endpoint).toBe(endpoint);
  });

  it('refuses callers without an initial access token or an admin token', async () => {
    const none = await send(endpoint, 'POST', undefined, MACHINE);
    expect(none.status).toBe(401);
    expect(none.body.error).toBe('invalid_token');
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect((await send(endpoint, 'POST', 'made-up-token', MACHINE)).status).toBe(401);
    const apiToken = await t.token('machine-only', SECRET, 'api');
    const notAdmin = await send(endpoint, 'POST', apiToken, MACHINE);
    expect(notAdmin.status).toBe(403);
    expect(notAdmin.body.error).toBe('insufficient_scope');
  });

  it('registers with an initial access token: the client authenticates at once, its secret is stored hashed, RFC 7592 never shows it again', async () => {
    const created = await send(endpoint, 'POST', initialAccessToken, MACHINE);
    expect(created.status).toBe(201);
    const { client_id: clientId, client_secret: secret, registration_access_token: rat, registration_client_uri: clientUri } = created.body;
    expect(secret).toEqual(expect.any(String));
    expect(created.body.response_types).toEqual([]);
    expect(clientUri).toBe(`${endpoint}/${clientId}`);
    expect((await clientCredentials(t.issuer, clientId, secret)).status).toBe(200);

    const stored = await t.store.find(clientId);
    expect(stored?.client_secret).toBeUndefined();
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored?.client_secret_hashes).toHaveLength(1);

    // The same client through the admin API.
    const viaAdmin = await t.call('GET', `/clients/${clientId}`);
    expect(viaAdmin.body).toMatchObject({ client_id: clientId, client_name: 'Registered Machine', client_type: 'confidential', scopes: 'api' });

    const read = await send(clientUri, 'GET', rat);
    expect(read.status).toBe(200);
    expect(read.body.client_id).toBe(clientId);
    expect(read.body.client_secret).toBeUndefined();

    const update = { ...MACHINE, client_id: clientId, client_name: 'Renamed', response_types: [], redirect_uris: [] };
    const wrongSecret = await send(clientUri, 'PUT', rat, { ...update, client_secret: 'wrong' });
    expect(wrongSecret.status).toBe(400);
    expect(wrongSecret.body.error).toBe('invalid_request');
    const updated = await send(clientUri, 'PUT', rat, { ...update, client_secret: secret });
    expect(updated.status).toBe(200);
    expect(updated.body.client_name).toBe('Renamed');
    expect(updated.body.client_secret).toBeUndefined();
    expect((await clientCredentials(t.issuer, clientId, secret)).status).toBe(200);
    expect(JSON.stringify(await t.store.find(clientId))).not.toContain(secret);

    const removed = await send(clientUri, 'DELETE', updated.body.registration_access_token);
    expect(removed.status).toBe(204);
    expect((await clientCredentials(t.issuer, clientId, secret)).body.error).toBe('invalid_client');

    const actions = t.logger.lines.map((l) => JSON.parse(l)).filter((l) => l.audit && l.target === clientId).map((l) => l.action);
    expect(actions).toEqual(['client.register', 'client.register.update', 'client.register.delete']);
    expect(t.logger.lines.join('\n')).not.toContain(secret);
  });

  it('registers with an admin token, which alone may grant the admin scope or the password grant', async () => {
    const adminToken = await t.token(ADMIN_CLIENT.client_id, ADMIN_CLIENT.client_secret, 'admin');
    const byAdmin = await send(endpoint, 'POST', adminToken, { ...MACHINE, scope: 'api admin' });
    expect(byAdmin.status).toBe(201);
    expect((await clientCredentials(t.issuer, byAdmin.body.client_id, byAdmin.body.client_secret, 'admin')).status).toBe(200);

    const escalate = await send(endpoint, 'POST', initialAccessToken, { ...MACHINE, scope: 'api admin' });
    expect(escalate.status).toBe(400);
    expect(escalate.body).toMatchObject({ error: 'invalid_client_metadata', error_description: expect.stringMatching(/administrator/) });
    const password = await send(endpoint, 'POST', initialAccessToken, { ...MACHINE, grant_types: ['password'] });
    expect(password.status).toBe(400);
    const firstParty = await send(endpoint, 'POST', initialAccessToken, { ...MACHINE, first_party: true });
    expect(firstParty.status).toBe(400);
  });

  it('never lets a client registered without scope ask for admin, by registration, the admin API or an update', async () => {
    const { scope: _scope, ...unscoped } = MACHINE;
    const registered = await send(endpoint, 'POST', initialAccessToken, unscoped);
    expect(registered.status).toBe(201);
    const viaAdmin = await t.call('POST', '/clients', { body: { grant_types: ['client_credentials'] } });
    expect(viaAdmin.status).toBe(201);
    for (const [id, secret] of [[registered.body.client_id, registered.body.client_secret], [viaAdmin.body.client_id, viaAdmin.body.client_secret]] as Array<[string, string]>) {
      const refused = await clientCredentials(t.issuer, id, secret, 'admin');
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBe('invalid_scope');
      // Other scopes the IdP supports stay available to it.
      expect((await clientCredentials(t.issuer, id, secret, 'api')).status).toBe(200);
    }
    const updated = await send(`${endpoint}/${registered.body.client_id}`, 'PUT', registered.body.registration_access_token, { ...unscoped, client_id: registered.body.client_id, client_secret: registered.body.client_secret });
    expect(updated.status).toBe(200);
    expect((await clientCredentials(t.issuer, registered.body.client_id, registered.body.client_secret, 'admin')).body.error).toBe('invalid_scope');
  });

  it('applies the same metadata rules as the admin API', async () => {
    const insecure = await send(endpoint, 'POST', initialAccessToken, { redirect_uris: ['http://app.example/cb'] });
    expect(insecure.status).toBe(400);
    expect(insecure.body.error).toBe('invalid_redirect_uri');
    const inconsistent = await send(endpoint, 'POST', initialAccessToken, { redirect_uris: ['https://app.example/cb'], grant_types: ['client_credentials'], response_types: ['code'] });
    expect(inconsistent.body.error).toBe('invalid_client_metadata');
    const unknownScope = await send(endpoint, 'POST', initialAccessToken, { ...MACHINE, scope: 'nonexistent' });
    expect(unknownScope.body.error).toBe('invalid_client_metadata');
    const web = await send(endpoint, 'POST', initialAccessToken, { redirect_uris: ['https://app.example/cb'], client_name: 'Web' });
    expect(web.status).toBe(201);
    expect(web.body).toMatchObject({ grant_types: ['authorization_code'], response_types: ['code'], client_type: 'confidential' });
  });
});
