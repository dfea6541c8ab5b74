import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryAdapter, StorageError } from '../../src/index.js';
import { addAlice, ALICE, flowFixtures, SECRET } from '../support/fixtures.js';
import { fastHash, startIdp, type TestIdp } from '../support/start-idp.js';

// The fast paths (fast-paths/) answer plain client_credentials, refresh_token, introspection and
// userinfo requests without oidc-provider's pipeline. `providerConfiguration` switches them off, which gives the reference:
// the same requests must get the same answers from both IdPs.

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function post(t: TestIdp, path: string, form: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${t.issuer}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: form });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown>, headers: response.headers };
}

/** What must agree between the two: status, error, description, the members and their kinds, the headers a client reads. */
function shape(answer: Answer) {
  const members = Object.fromEntries(Object.entries(answer.body).map(([name, value]) => [name, ['error', 'error_description', 'token_type', 'scope', 'active', 'client_id', 'sub', 'username', 'iss'].includes(name) ? value : typeof value]));
  return {
    status: answer.status,
    members,
    cacheControl: answer.headers.get('cache-control'),
    pragma: answer.headers.get('pragma'),
    contentType: answer.headers.get('content-type'),
    wwwAuthenticate: answer.headers.get('www-authenticate')?.replace(/realm="[^"]*"/, 'realm'),
  };
}

describe('fast paths answer as oidc-provider does', () => {
  let fast: TestIdp;
  let reference: TestIdp;
  const reachedProvider: string[] = [];

  beforeAll(async () => {
    const { options } = await flowFixtures();
    fast = await startIdp(options);
    reference = await startIdp({ ...options, providerConfiguration: {} });
    await addAlice(fast.idp.accounts as never);
    await addAlice(reference.idp.accounts as never);
    // Requests that oidc-provider itself handles on the fast IdP: each gets an OIDCContext.
    const provider = fast.idp.provider as unknown as { OIDCContext: new (ctx: { path: string }) => object };
    const OIDCContext = provider.OIDCContext;
    Object.defineProperty(provider, 'OIDCContext', {
      value: class extends OIDCContext {
        constructor(ctx: { path: string }) {
          super(ctx);
          reachedProvider.push(ctx.path);
        }
      },
    });
  });
  afterAll(async () => {
    await fast?.close();
    await reference?.close();
  });

  const both = async (path: string, form: string, headers: Record<string, string> = {}) => {
    reachedProvider.length = 0;
    const fastAnswer = await post(fast, path, form, headers);
    const providerHandled = reachedProvider.length > 0;
    const referenceAnswer = await post(reference, path, form, headers);
    expect(shape(fastAnswer)).toEqual(shape(referenceAnswer));
    return { fast: fastAnswer, reference: referenceAnswer, providerHandled };
  };

  const auth = { authorization: basic('confidential', SECRET) };

  it('issues the same client_credentials token without oidc-provider’s pipeline', async () => {
    const { fast: answer, providerHandled } = await both('/token', 'grant_type=client_credentials&scope=api', auth);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', scope: 'api', expires_in: 3600 });
    expect(providerHandled).toBe(false);
    // The token is oidc-provider's own: its introspection knows it.
    const introspected = await post(reference, '/token/introspection', `token=${answer.body.access_token as string}`, auth);
    expect(introspected.body.active).toBe(false); // another IdP's storage
    const own = await post(fast, '/token/introspection', `token=${answer.body.access_token as string}`, auth);
    expect(own.body).toMatchObject({ active: true, client_id: 'confidential', scope: 'api', token_type: 'Bearer' });
  });

  it('stores the very record oidc-provider’s ClientCredentials model stores', async () => {
    const stored = async (t: TestIdp, scope: string) => {
      const { access_token: token } = (await post(t, '/token', `grant_type=client_credentials&scope=${scope}`, auth)).body as { access_token: string };
      const model = t.idp.provider.ClientCredentials as unknown as { adapter: { find(id: string): Promise<Record<string, unknown> | undefined> } };
      return { token, record: await model.adapter.find(token) };
    };
    for (const scope of ['api', '']) {
      const ours = await stored(fast, scope);
      const theirs = await stored(reference, scope);
      expect(ours.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(theirs.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // Same members in the same order, the same values but for the id and the times.
      expect(Object.keys(ours.record!)).toEqual(Object.keys(theirs.record!));
      const { iat, exp, jti, ...rest } = ours.record!;
      expect(jti).toBe(ours.token);
      expect((exp as number) - (iat as number)).toBe((theirs.record!.exp as number) - (theirs.record!.iat as number));
      expect(Math.abs((iat as number) - Date.now() / 1000)).toBeLessThan(5);
      const { iat: _i, exp: _e, jti: _j, ...theirRest } = theirs.record!;
      expect(rest).toEqual(theirRest);
    }
  });

  it('lets the model issue the token while something listens for client_credentials.saved', async () => {
    const saved: string[] = [];
    const listener = (token: { jti: string }) => saved.push(token.jti);
    fast.idp.provider.on('client_credentials.saved', listener);
    try {
      const answer = await post(fast, '/token', 'grant_type=client_credentials', auth);
      expect(answer.status).toBe(200);
      expect(saved).toEqual([answer.body.access_token]);
    } finally {
      fast.idp.provider.off('client_credentials.saved', listener);
    }
  });

  it('defaults to the registered service scopes and accepts a matching client_id', async () => {
    const { fast: answer, providerHandled } = await both('/token', 'grant_type=client_credentials&client_id=confidential', auth);
    expect(answer.body.scope).toBe('api');
    expect(providerHandled).toBe(false);
  });

  it.each([
    ['an unknown scope', 'grant_type=client_credentials&scope=nope', auth, 400, 'invalid_scope'],
    ['a scope the client did not register', 'grant_type=client_credentials&scope=api%20admin', { authorization: basic('machine-only', SECRET) }, 400, 'invalid_scope'],
    ['a wrong secret', 'grant_type=client_credentials', { authorization: basic('confidential', 'wrong') }, 401, 'invalid_client'],
    ['an unknown client', 'grant_type=client_credentials', { authorization: basic('nobody', SECRET) }, 401, 'invalid_client'],
    ['a client without the grant type', 'grant_type=client_credentials', { authorization: basic('hybrid-client', SECRET) }, 400, 'unauthorized_client'],
    ['a client_id that is not the Basic one', 'grant_type=client_credentials&client_id=machine-only', auth, 400, 'invalid_request'],
    ['a repeated scope', 'grant_type=client_credentials&scope=api&scope=api', auth, 400, 'invalid_request'],
    ['a second authentication method', `grant_type=client_credentials&client_secret=${SECRET}`, auth, 400, 'invalid_request'],
    ['a malformed scope', 'grant_type=client_credentials&scope=%22api%22', auth, 400, 'invalid_scope'],
    ['a malformed Basic header', 'grant_type=client_credentials', { authorization: 'Basic %%%' }, 401, 'invalid_client'],
  ])('refuses %s exactly as oidc-provider does', async (_name, form, headers, status, error) => {
    const { fast: answer, providerHandled } = await both('/token', form, headers);
    expect(answer.status).toBe(status);
    expect(answer.body.error).toBe(error);
    expect(providerHandled).toBe(true);
  });

  it('lets a client registered for client_secret_post use HTTP Basic, as oidc-provider does', async () => {
    const { fast: answer, providerHandled } = await both('/token', 'grant_type=client_credentials', { authorization: basic('post-client', SECRET) });
    expect(answer.status).toBe(200);
    expect(providerHandled).toBe(false);
  });

  it('ignores unknown parameters the same way (through oidc-provider)', async () => {
    const { fast: answer } = await both('/token', 'grant_type=client_credentials&scope=api&audience=x', auth);
    expect(answer.status).toBe(200);
  });

  it('counts failed authentications on the fast path’s fallback: 429 after the limit', async () => {
    const { options } = await flowFixtures({ clientAuthThrottle: { maxFailuresPerClient: 3 } });
    const t = await startIdp(options);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await post(t, '/token', 'grant_type=client_credentials', { authorization: basic('confidential', 'wrong') })).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await t.close();
    }
  });

  describe('introspection', () => {
    let userTokens: { access_token: string; refresh_token: string };
    let serviceToken: string;

    beforeAll(async () => {
      const form = `grant_type=password&username=${ALICE.username}&password=${encodeURIComponent(ALICE.password)}&scope=openid%20offline_access%20api`;
      userTokens = (await post(fast, '/token', form, auth)).body as typeof userTokens;
      serviceToken = (await post(fast, '/token', 'grant_type=client_credentials', auth)).body.access_token as string;
      expect(userTokens.refresh_token).toBeTypeOf('string');
    });

    // The reference IdP has other tokens: its answers are compared for inactive and error cases,
    // and the active answers are checked member by member.
    it('answers an active user access token with sub, username, nbf and no jti', async () => {
      reachedProvider.length = 0;
      const answer = await post(fast, '/token/introspection', `token=${userTokens.access_token}`, auth);
      expect(reachedProvider).toEqual([]);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ active: true, sub: 'alice-id', username: 'alice', client_id: 'confidential', scope: 'openid offline_access api', token_type: 'Bearer', iss: fast.issuer });
      expect(answer.body.nbf).toBe(answer.body.iat);
      expect(answer.body.exp).toBeTypeOf('number');
      expect(answer.body).not.toHaveProperty('jti');
      expect(answer.headers.get('cache-control')).toBe('no-store');
    });

    it('answers a refresh token (with or without the hint) without token_type', async () => {
      for (const hint of ['', '&token_type_hint=refresh_token', '&token_type_hint=access_token']) {
        const answer = await post(fast, '/token/introspection', `token=${userTokens.refresh_token}${hint}`, auth);
        expect(answer.body).toMatchObject({ active: true, sub: 'alice-id', client_id: 'confidential' });
        expect(answer.body).not.toHaveProperty('token_type');
      }
    });

    it('answers a client_credentials token without sub', async () => {
      const answer = await post(fast, '/token/introspection', `token=${serviceToken}&token_type_hint=access_token`, auth);
      expect(answer.body).toMatchObject({ active: true, client_id: 'confidential', token_type: 'Bearer' });
      expect(answer.body).not.toHaveProperty('sub');
    });

    it('answers what it does not know, and what was revoked, as inactive', async () => {
      const { fast: unknown } = await both('/token/introspection', 'token=not-a-token-we-issued', auth);
      expect(unknown.body).toEqual({ active: false });
      const { access_token: revoked } = (await post(fast, '/token', 'grant_type=client_credentials', auth)).body as { access_token: string };
      expect((await post(fast, '/token/revocation', `token=${revoked}`, auth)).status).toBe(200);
      expect((await post(fast, '/token/introspection', `token=${revoked}`, auth)).body).toEqual({ active: false });
    });

    it('answers a token whose client was deleted as inactive, on both paths', async () => {
      for (const t of [fast, reference]) {
        await t.idp.clients.save({ client_id: 'short-lived', client_secret: SECRET, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], scope: 'api' });
        const issued = (await post(t, '/token', 'grant_type=client_credentials', { authorization: basic('short-lived', SECRET) })).body.access_token as string;
        expect((await post(t, '/token/introspection', `token=${issued}`, auth)).body.active).toBe(true);
        await t.idp.clients.delete('short-lived');
        const answer = await post(t, '/token/introspection', `token=${issued}`, auth);
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ active: false });
      }
    });

    it('answers the tokens of a disabled or deleted user as inactive, on both paths', async () => {
      for (const t of [fast, reference]) {
        await t.idp.accounts.create({ id: 'bob-id', username: 'bob', passwordHash: fastHash('bob password 123'), roles: [] } as never);
        const form = 'grant_type=password&username=bob&password=bob%20password%20123&scope=openid%20offline_access';
        const tokens = (await post(t, '/token', form, auth)).body as { access_token: string; refresh_token: string };
        expect((await post(t, '/token/introspection', `token=${tokens.access_token}`, auth)).body).toMatchObject({ active: true, username: 'bob' });
        await t.idp.accounts.update('bob-id', { disabled: true } as never);
        for (const token of [tokens.access_token, tokens.refresh_token]) {
          const answer = await post(t, '/token/introspection', `token=${token}`, auth);
          expect(answer.status).toBe(200);
          expect(answer.body).toEqual({ active: false });
        }
        await t.idp.accounts.delete('bob-id');
        expect((await post(t, '/token/introspection', `token=${tokens.access_token}`, auth)).body).toEqual({ active: false });
      }
    });

    it.each([
      ['a wrong secret', 'token=abc', { authorization: basic('confidential', 'wrong') }, 401, 'invalid_client'],
      ['no token', 'token_type_hint=access_token', auth, 400, 'invalid_request'],
      ['a repeated token', 'token=a&token=b', auth, 400, 'invalid_request'],
      ['a client_id that is not the Basic one', 'token=abc&client_id=machine-only', auth, 400, 'invalid_request'],
    ])('refuses %s exactly as oidc-provider does', async (_name, form, headers, status, error) => {
      const { fast: answer, providerHandled } = await both('/token/introspection', form, headers);
      expect(answer.status).toBe(status);
      expect(answer.body.error).toBe(error);
      expect(providerHandled).toBe(true);
    });
  });

  describe('userinfo', () => {
    const passwordForm = (scope: string) => `grant_type=password&username=${ALICE.username}&password=${encodeURIComponent(ALICE.password)}&scope=${encodeURIComponent(scope)}`;
    const userinfo = async (t: TestIdp, headers: Record<string, string>, query = '') => {
      const response = await fetch(`${t.issuer}/me${query}`, { headers });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown>, headers: response.headers };
    };
    // Each IdP's own token for Alice; the answers must be the same but for updated_at (two stores).
    const bothUserinfo = async (scope: string) => {
      const answers = [];
      for (const t of [fast, reference]) {
        const { access_token: token } = (await post(t, '/token', passwordForm(scope), auth)).body as { access_token: string };
        reachedProvider.length = 0;
        answers.push({ ...(await userinfo(t, { authorization: `Bearer ${token}` })), providerHandled: reachedProvider.length > 0 });
      }
      const [fastAnswer, referenceAnswer] = answers as [typeof answers[0], typeof answers[0]];
      const { updated_at: _a, ...fastClaims } = fastAnswer.body;
      const { updated_at: _b, ...referenceClaims } = referenceAnswer.body;
      expect(fastClaims).toEqual(referenceClaims);
      expect(fastAnswer.status).toBe(referenceAnswer.status);
      expect(fastAnswer.headers.get('cache-control')).toBe(referenceAnswer.headers.get('cache-control'));
      expect(fastAnswer.headers.get('content-type')).toBe(referenceAnswer.headers.get('content-type'));
      return fastAnswer;
    };

    it('releases the claims of the granted scopes without oidc-provider’s pipeline', async () => {
      const answer = await bothUserinfo('openid profile email');
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ sub: 'alice-id', name: 'Alice Example', given_name: 'Alice', email: 'alice@example.com', email_verified: true, preferred_username: 'alice', role: ['user', 'admin'] });
      expect(answer.providerHandled).toBe(false);
    });

    it('releases only sub for openid alone', async () => {
      const answer = await bothUserinfo('openid');
      expect(answer.body).toEqual({ sub: 'alice-id' });
      expect(answer.providerHandled).toBe(false);
    });

    it('refuses a token without openid, an unknown token and a disabled account as oidc-provider does', async () => {
      const { access_token: apiOnly } = (await post(fast, '/token', passwordForm('api'), auth)).body as { access_token: string };
      reachedProvider.length = 0;
      const insufficient = await userinfo(fast, { authorization: `Bearer ${apiOnly}` });
      expect(insufficient.status).toBe(403);
      expect(insufficient.body.error).toBe('insufficient_scope');
      expect(reachedProvider).toEqual(['/me']);

      const unknown = await userinfo(fast, { authorization: 'Bearer not-a-token' });
      const unknownReference = await userinfo(reference, { authorization: 'Bearer not-a-token' });
      expect(unknown.status).toBe(401);
      expect(unknown.body).toEqual(unknownReference.body);
      expect(unknown.headers.get('www-authenticate')?.replace(/realm="[^"]*"/, '')).toBe(unknownReference.headers.get('www-authenticate')?.replace(/realm="[^"]*"/, ''));

      const { access_token: token } = (await post(fast, '/token', passwordForm('openid'), auth)).body as { access_token: string };
      await fast.idp.accounts.update('alice-id', { disabled: true } as never);
      try {
        const disabled = await userinfo(fast, { authorization: `Bearer ${token}` });
        expect(disabled.status).toBe(401);
        expect(disabled.body.error).toBe('invalid_token');
      } finally {
        await fast.idp.accounts.update('alice-id', { disabled: false } as never);
      }
    });

    it('leaves a token in the query string to oidc-provider', async () => {
      const answers = [];
      for (const t of [fast, reference]) {
        const { access_token: token } = (await post(t, '/token', passwordForm('openid'), auth)).body as { access_token: string };
        reachedProvider.length = 0;
        answers.push({ ...(await userinfo(t, {}, `?access_token=${token}`)), providerHandled: reachedProvider.length > 0 });
      }
      expect(answers[0]!.status).toBe(answers[1]!.status);
      expect(answers[0]!.body).toEqual(answers[1]!.body);
      expect(answers[0]!.providerHandled).toBe(true);
    });
  });

  describe('refresh_token', () => {
    type Model = { adapter: { find(id: string): Promise<Record<string, unknown> | undefined> } };
    const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    const record = (t: TestIdp, model: 'RefreshToken' | 'AccessToken', id: string) => ((t.idp.provider as unknown as Record<string, Model>)[model]!).adapter.find(id);

    // A refresh token as the authorization-code flow leaves it: acr, amr, auth_time, nonce, sid
    // and a `claims` request, minted with the same members on both IdPs.
    const mint = async (t: TestIdp, scope = 'openid email offline_access api') => {
      const provider = t.idp.provider as unknown as Record<string, new (payload: Record<string, unknown>) => { save(): Promise<string>; addOIDCScope(scope: string): void; addOIDCClaims(claims: string[]): void }> & { Client: { find(id: string): Promise<unknown> } };
      const client = await provider.Client.find('confidential');
      const grant = new provider.Grant!({ accountId: 'alice-id', clientId: 'confidential' });
      grant.addOIDCScope(scope);
      grant.addOIDCClaims(['email']);
      const grantId = await grant.save();
      return new provider.RefreshToken!({
        accountId: 'alice-id', client, grantId, gty: 'authorization_code', scope, acr: 'urn:mace:incommon:iap:silver', amr: ['pwd'],
        authTime: 1_700_000_000, nonce: 'nonce-123', sid: 'sid-123', rotations: 0,
        claims: { id_token: { email: null, auth_time: { essential: true }, acr: null, amr: null, given_name: null } },
      }).save();
    };
    const refresh = (t: TestIdp, token: string, extra = '', headers: Record<string, string> = auth) => post(t, '/token', `grant_type=refresh_token&refresh_token=${encodeURIComponent(token)}${extra}`, headers);

    it('rotates the token and issues the same tokens without oidc-provider’s pipeline', async () => {
      const ours = await mint(fast);
      const theirs = await mint(reference);
      reachedProvider.length = 0;
      const answer = await refresh(fast, ours);
      expect(reachedProvider).toEqual([]);
      const referenceAnswer = await refresh(reference, theirs);
      expect(shape(answer)).toEqual(shape(referenceAnswer));
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ token_type: 'Bearer', scope: 'openid email offline_access api', expires_in: 3600 });

      // The ID Tokens carry the same claims (but for the issuer and the times of issue).
      const { iss, iat, exp, ...claims } = payloadOf(answer.body.id_token as string);
      const { iss: referenceIss, iat: _i, exp: _e, ...referenceClaims } = payloadOf(referenceAnswer.body.id_token as string);
      expect(claims).toEqual(referenceClaims);
      expect(claims).toMatchObject({ sub: 'alice-id', aud: 'confidential', email: 'alice@example.com', auth_time: 1_700_000_000, amr: ['pwd'], nonce: 'nonce-123', sid: 'sid-123' });
      expect(claims).not.toHaveProperty('given_name'); // asked for, but not granted
      expect([iss, referenceIss]).toEqual([fast.issuer, reference.issuer]);
      expect((exp as number) - (iat as number)).toBe(3600);

      // The stored records have the same members, in the same order, with the same values.
      for (const [model, name] of [['RefreshToken', 'refresh_token'], ['AccessToken', 'access_token']] as const) {
        const ownRecord = (await record(fast, model, answer.body[name] as string))!;
        const referenceRecord = (await record(reference, model, referenceAnswer.body[name] as string))!;
        expect(ownRecord.jti).toBe(answer.body[name]);
        expect(Object.keys(ownRecord)).toEqual(Object.keys(referenceRecord));
        // The same values but for the ids and the times.
        const { iat: a, exp: b, jti: _j, iiat: _ii, grantId: _g, ...stored } = ownRecord;
        const { iat: c, exp: d, jti: _k, iiat: _ij, grantId: _h, ...referenceStored } = referenceRecord;
        expect(stored).toEqual(referenceStored);
        expect((b as number) - (a as number)).toBe((d as number) - (c as number));
      }
      expect(await record(fast, 'RefreshToken', answer.body.refresh_token as string)).toMatchObject({ rotations: 1, gty: 'authorization_code refresh_token' });
      // The refreshed access token works like any other.
      const introspected = await post(fast, '/token/introspection', `token=${answer.body.access_token as string}`, auth);
      expect(introspected.body).toMatchObject({ active: true, sub: 'alice-id', username: 'alice', scope: 'openid email offline_access api' });
    });

    it('narrows the scope of the access token on request, and keeps the refresh token’s', async () => {
      const answers = [];
      for (const t of [fast, reference]) {
        reachedProvider.length = 0;
        answers.push({ ...(await refresh(t, await mint(t), '&scope=api')), providerHandled: reachedProvider.length > 0 });
      }
      expect(shape(answers[0]!)).toEqual(shape(answers[1]!));
      expect(answers[0]!.body.scope).toBe('api');
      expect(answers[0]!.body).not.toHaveProperty('id_token');
      expect(answers[0]!.providerHandled).toBe(false);
      expect(await record(fast, 'RefreshToken', answers[0]!.body.refresh_token as string)).toMatchObject({ scope: 'openid email offline_access api' });
    });

    it('spends the token: a second use is invalid_grant and revokes the grant, on both paths', async () => {
      for (const t of [fast, reference]) {
        const first = await mint(t);
        const rotated = await refresh(t, first);
        expect(rotated.status).toBe(200);
        const replay = await refresh(t, first);
        expect(replay.status).toBe(400);
        expect(replay.body.error).toBe('invalid_grant');
        // The whole grant goes: the token that rotation issued no longer works.
        expect((await refresh(t, rotated.body.refresh_token as string)).body.error).toBe('invalid_grant');
        expect((await post(t, '/token/introspection', `token=${rotated.body.access_token as string}`, auth)).body).toEqual({ active: false });
      }
    });

    it('lets exactly one of two concurrent uses win, and revokes the grant', async () => {
      const token = await mint(fast);
      const answers = await Promise.all([refresh(fast, token), refresh(fast, token)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
      const winner = answers.find((answer) => answer.status === 200)!;
      expect(answers.find((answer) => answer.status === 400)!.body.error).toBe('invalid_grant');
      expect((await refresh(fast, winner.body.refresh_token as string)).body.error).toBe('invalid_grant');
    });

    it('refreshes along a chain, counting rotations', async () => {
      let token = await mint(fast);
      for (let i = 0; i < 3; i += 1) {
        const answer = await refresh(fast, token);
        expect(answer.status).toBe(200);
        token = answer.body.refresh_token as string;
      }
      expect(await record(fast, 'RefreshToken', token)).toMatchObject({ rotations: 3 });
    });

    it.each([
      ['an unknown refresh token', () => 'not-a-refresh-token', '', auth, 400, 'invalid_grant'],
      ['a scope the refresh token does not have', undefined, '&scope=openid%20profile', auth, 400, 'invalid_scope'],
      ['only unknown scopes', undefined, '&scope=nope', auth, 400, 'invalid_scope'],
      ['a wrong secret', undefined, '', { authorization: basic('confidential', 'wrong') }, 401, 'invalid_client'],
      ['another client', undefined, '', { authorization: basic('hybrid-client', SECRET) }, 400, 'unauthorized_client'],
      ['a client_id that is not the Basic one', undefined, '&client_id=machine-only', auth, 400, 'invalid_request'],
      ['a repeated refresh_token', undefined, '&refresh_token=again', auth, 400, 'invalid_request'],
    ])('refuses %s exactly as oidc-provider does', async (_name, value, extra, headers, status, error) => {
      const answers = [];
      for (const t of [fast, reference]) {
        const token = value?.() ?? (await mint(t));
        reachedProvider.length = 0;
        answers.push({ ...(await refresh(t, token, extra, headers)), providerHandled: reachedProvider.length > 0 });
      }
      expect(shape(answers[0]!)).toEqual(shape(answers[1]!));
      expect(answers[0]!.status).toBe(status);
      expect(answers[0]!.body.error).toBe(error);
      expect(answers[0]!.providerHandled).toBe(true);
    });

    it('answers 503 when the store fails after the token is spent, without handing the request on', async () => {
      const { options } = await flowFixtures();
      let failing = false;
      const memory = createMemoryAdapter();
      // Access tokens cannot be saved while `failing`: the refresh token is consumed by then.
      const adapter = (model: string) => new Proxy(memory(model), {
        get(target, name) {
          if (model === 'AccessToken' && name === 'upsert' && failing) return () => Promise.reject(new StorageError('store down'));
          const value = Reflect.get(target, name) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const t = await startIdp({ ...options, adapter });
      try {
        await addAlice(t.idp.accounts as never);
        const token = await mint(t);
        failing = true;
        reachedProvider.length = 0;
        const answer = await refresh(t, token);
        expect(answer.status).toBe(503);
        expect(answer.body.error).toBe('server_error');
        expect(answer.headers.get('retry-after')).toBe('5');
        failing = false;
        // Spent: a retry is a second use, as it would be after oidc-provider's own 503.
        expect((await refresh(t, token)).body.error).toBe('invalid_grant');
      } finally {
        await t.close();
      }
    });

    it('refuses the token of a disabled user as oidc-provider does, and spends nothing', async () => {
      const token = await mint(fast);
      await fast.idp.accounts.update('alice-id', { disabled: true } as never);
      try {
        const answer = await refresh(fast, token);
        expect(answer.status).toBe(400);
        expect(answer.body.error).toBe('invalid_grant');
        expect(await record(fast, 'RefreshToken', token)).not.toHaveProperty('consumed');
      } finally {
        await fast.idp.accounts.update('alice-id', { disabled: false } as never);
      }
      expect((await refresh(fast, token)).status).toBe(200);
    });
  });

  it('leaves token requests to oidc-provider while something listens for grant.success', async () => {
    const seen: string[] = [];
    const listener = (ctx: { oidc: { params: { grant_type: string } } }) => seen.push(ctx.oidc.params.grant_type);
    fast.idp.provider.on('grant.success', listener);
    try {
      const answer = await post(fast, '/token', 'grant_type=client_credentials', auth);
      expect(answer.status).toBe(200);
      expect(seen).toEqual(['client_credentials']);
    } finally {
      fast.idp.provider.off('grant.success', listener);
    }
  });
});
