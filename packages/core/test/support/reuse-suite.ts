import { createHash, randomBytes } from 'node:crypto';
import { errors } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryAdapter, type AdapterFactory, type IdentityProviderOptions } from '../../src/index.js';
import { authorizeThroughPages } from './authorize.js';
import { addAlice, flowFixtures, REDIRECT_URI, SECRET } from './fixtures.js';
import { memoryLogger, startIdp, type TestIdp } from './start-idp.js';
import { withStorage, type OpenTestStorage, type TestStorage } from './test-storage.js';

const PARALLEL = 50;

interface TokenResponse {
  status: number;
  body: { access_token?: string; refresh_token?: string; error?: string };
}

/** An IdP on the given storage (in-memory when absent), plus the raw adapter factory it uses. */
async function startOn(openStorage: OpenTestStorage | undefined, extra: Partial<IdentityProviderOptions>) {
  const storage: TestStorage = (await openStorage?.()) ?? { options: { adapter: createMemoryAdapter() } };
  const logger = memoryLogger();
  const fixtures = await flowFixtures({ logger, ...extra });
  const t = await startIdp(withStorage(fixtures.options, storage));
  await addAlice(t.idp.accounts as never);
  return { t, storage, adapter: storage.options.adapter as AdapterFactory, logger };
}

/** The `token.replay` warnings logged so far. */
function replayLines(logger: { lines: string[] }): Array<Record<string, unknown>> {
  return logger.lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.event === 'token.replay');
}

function client(t: TestIdp) {
  const basic = `Basic ${Buffer.from(`confidential:${SECRET}`).toString('base64')}`;
  const post = async (route: string, params: Record<string, string>) => {
    const response = await fetch(`${t.issuer}${route}`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return {
    token: (params: Record<string, string>) => post(t.idp.routes.token, params) as Promise<TokenResponse>,
    refresh: (refreshToken: string) => post(t.idp.routes.token, { grant_type: 'refresh_token', refresh_token: refreshToken }) as Promise<TokenResponse>,
    active: async (token: string) => (await post(t.idp.routes.introspection, { token })).body.active,
  };
}

/** Signs Alice in through the pages and returns a fresh authorization code with its PKCE verifier. */
async function issueCode(t: TestIdp): Promise<{ code: string; verifier: string }> {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(`${t.issuer}${t.idp.routes.authorization}`);
  url.search = new URLSearchParams({
    client_id: 'confidential', response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'openid offline_access api', prompt: 'consent',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
  }).toString();
  const { callback } = await authorizeThroughPages(url.href, t.origin);
  return { code: callback.searchParams.get('code')!, verifier };
}

async function redeemFreshCode(t: TestIdp): Promise<{ access_token: string; refresh_token: string }> {
  const { code, verifier } = await issueCode(t);
  const { status, body } = await client(t).token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
  expect(status, JSON.stringify(body)).toBe(200);
  expect(body.refresh_token).toBeTruthy();
  return body as { access_token: string; refresh_token: string };
}

function expectOneWinner(results: TokenResponse[]): TokenResponse['body'] {
  const winners = results.filter((r) => r.status === 200);
  expect(winners, 'exactly one request gets tokens').toHaveLength(1);
  const losers = results.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.body.error}`);
  expect(losers).toEqual(Array(results.length - 1).fill('400 invalid_grant'));
  return winners[0]!.body;
}

/**
 * Using a rotated refresh token again is refused and revokes the grant (the rotation's tokens stop
 * working), and is logged once as a replay, without the token.
 */
async function expectReuseRevokes(t: TestIdp, logger: { lines: string[] }, used: string, rotated: TokenResponse['body']): Promise<void> {
  const before = replayLines(logger).length;
  expect((await client(t).refresh(used)).body.error).toBe('invalid_grant');
  expect(await client(t).active(rotated.access_token!)).toBe(false);
  expect((await client(t).refresh(rotated.refresh_token!)).body.error).toBe('invalid_grant');
  const logged = replayLines(logger).slice(before);
  expect(logged).toHaveLength(1);
  expect(logged[0]).toMatchObject({ clientId: 'confidential', grantId: expect.any(String) });
  expect(JSON.stringify(logged)).not.toContain(used);
}

/**
 * The storage's adapters, except that consuming an authorization code always fails as when another
 * request consumed it first (between this request's read and its consume): the lost race, made certain.
 */
function losingCodeConsumes(openStorage: OpenTestStorage | undefined): OpenTestStorage {
  return async () => {
    const storage: TestStorage = (await openStorage?.()) ?? { options: { adapter: createMemoryAdapter() } };
    const inner = storage.options.adapter as AdapterFactory;
    const adapter: AdapterFactory = (model) => {
      const real = inner(model);
      if (model !== 'AuthorizationCode') return real;
      return {
        upsert: (id, payload, expiresIn) => real.upsert(id, payload, expiresIn),
        find: (id) => real.find(id),
        findByUid: (uid) => real.findByUid(uid),
        findByUserCode: (userCode) => real.findByUserCode(userCode),
        consume: async () => {
          throw new errors.InvalidGrant('already consumed');
        },
        destroy: (id) => real.destroy(id),
        revokeByGrantId: (grantId) => real.revokeByGrantId(grantId),
      };
    };
    return { ...storage, options: { ...storage.options, adapter } };
  };
}

/**
 * Single use under concurrency (RFC 6749 §4.1.2, RFC 9700 §4.14.2) and the refresh-token reuse
 * grace window, over HTTP against the storage `openStorage` gives (in-memory when absent).
 */
export function runReuseSuite(label: string, openStorage?: OpenTestStorage): void {
  describe(`single use under concurrency on ${label}`, () => {
    let t: TestIdp;
    let storage: TestStorage;
    let logger: ReturnType<typeof memoryLogger>;
    beforeAll(async () => {
      ({ t, storage, logger } = await startOn(openStorage, {}));
    });
    afterAll(async () => {
      await t?.close();
      await storage?.close?.();
    });

    it(`gives tokens to exactly one of ${PARALLEL} parallel redemptions of one code, and revokes them`, async () => {
      const { code, verifier } = await issueCode(t);
      const params = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier };
      const before = replayLines(logger).length;
      const results = await Promise.all(Array.from({ length: PARALLEL }, () => client(t).token(params)));
      const winner = expectOneWinner(results);
      expect(await client(t).active(winner.access_token!)).toBe(false);
      expect((await client(t).refresh(winner.refresh_token!)).body.error).toBe('invalid_grant');
      // One warning for the incident, naming the client and grant, never a token or code.
      const logged = replayLines(logger).slice(before);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ level: 'warn', clientId: 'confidential', grantId: expect.any(String) });
      expect(JSON.stringify(logged)).not.toContain(code);
    });

    it(`rotates a refresh token for exactly one of ${PARALLEL} parallel refreshes, and revokes the grant`, async () => {
      const first = await redeemFreshCode(t);
      expect(await client(t).active(first.access_token)).toBe(true);
      const results = await Promise.all(Array.from({ length: PARALLEL }, () => client(t).refresh(first.refresh_token)));
      const winner = expectOneWinner(results);
      expect(await client(t).active(first.access_token)).toBe(false);
      expect(await client(t).active(winner.access_token!)).toBe(false);
      expect((await client(t).refresh(winner.refresh_token!)).body.error).toBe('invalid_grant');
    });

    it('revokes the grant when a rotated refresh token is used again (no grace window by default)', async () => {
      const first = await redeemFreshCode(t);
      const rotated = await client(t).refresh(first.refresh_token);
      expect(rotated.status).toBe(200);
      expect(await client(t).active(rotated.body.access_token!)).toBe(true);
      await expectReuseRevokes(t, logger, first.refresh_token, rotated.body);
    });
  });

  describe(`a lost consume race on ${label}`, () => {
    let t: TestIdp;
    let storage: TestStorage;
    let logger: ReturnType<typeof memoryLogger>;
    beforeAll(async () => {
      ({ t, storage, logger } = await startOn(losingCodeConsumes(openStorage), {}));
    });
    afterAll(async () => {
      await t?.close();
      await storage?.close?.();
    });

    it('revokes the grant, logs it once and emits grant.revoked with the token request\'s context', async () => {
      const revoked: Array<{ route: unknown; grantId: string }> = [];
      t.idp.provider.on('grant.revoked', (ctx: { oidc?: { route?: string } } | undefined, grantId: string) => revoked.push({ route: ctx?.oidc?.route, grantId }));
      const { code, verifier } = await issueCode(t);
      const before = replayLines(logger).length;
      const answer = await client(t).token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('invalid_grant');
      const logged = replayLines(logger).slice(before);
      expect(logged).toHaveLength(1);
      expect(revoked).toEqual([{ route: 'token', grantId: logged[0]!.grantId }]);
      // The grant is gone: its ID can no longer be found.
      expect(await t.idp.provider.Grant.find(logged[0]!.grantId as string)).toBeUndefined();
    });
  });

  describe(`refresh token reuse grace window on ${label}`, () => {
    const GRACE = 30;
    let t: TestIdp;
    let storage: TestStorage;
    let adapter: AdapterFactory;
    let logger: ReturnType<typeof memoryLogger>;
    beforeAll(async () => {
      ({ t, storage, adapter, logger } = await startOn(openStorage, { refreshTokenReuseGraceSeconds: GRACE }));
    });
    afterAll(async () => {
      await t?.close();
      await storage?.close?.();
    });

    it('accepts the just-rotated refresh token again within the window, and keeps the grant', async () => {
      const first = await redeemFreshCode(t);
      const rotated = await client(t).refresh(first.refresh_token);
      expect(rotated.status).toBe(200);
      const again = await client(t).refresh(first.refresh_token);
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect(await client(t).active(rotated.body.access_token!)).toBe(true);
      expect(await client(t).active(again.body.access_token!)).toBe(true);
      expect((await client(t).refresh(rotated.body.refresh_token!)).status).toBe(200);
    });

    it('lets parallel refreshes of one token (several tabs) all succeed within the window', async () => {
      const first = await redeemFreshCode(t);
      const results = await Promise.all(Array.from({ length: 10 }, () => client(t).refresh(first.refresh_token)));
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(await client(t).active(results[9]!.body.access_token!)).toBe(true);
    });

    it('revokes the grant when the rotated token is used after the window', async () => {
      const first = await redeemFreshCode(t);
      const rotated = await client(t).refresh(first.refresh_token);
      expect(rotated.status).toBe(200);
      // Backdate the rotation past the window through the adapter itself (no waiting).
      const refreshTokens = adapter('RefreshToken');
      const stored = await refreshTokens.find(first.refresh_token);
      expect(typeof stored?.consumed).toBe('number');
      const now = Math.floor(Date.now() / 1000);
      await refreshTokens.upsert(first.refresh_token, { ...stored, consumed: now - GRACE - 5 }, (stored!.exp as number) - now);

      await expectReuseRevokes(t, logger, first.refresh_token, rotated.body);
    });
  });
}
