import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/create-logger.js';
import { requestContext } from '../src/request-context.js';
import { HttpSession, formsOf } from './support/http-session.js';
import { ALICE, startTestIdp, type TestIdp } from './support/test-idp.js';

const insecure = { execute: [oidc.allowInsecureRequests] };

function memoryLog() {
  const lines: string[] = [];
  return { lines, logger: createLogger({ destination: { write: (line: string) => void lines.push(line) } }) };
}

describe('the structured logger', () => {
  it('redacts credentials at the top level and one level down', () => {
    const { lines, logger } = memoryLog();
    logger.info({ password: 'p-1', client: { client_secret: 'p-2', client_id: 'app' }, headers: { authorization: 'Basic p-3' }, refresh_token: 'p-4' }, 'x');
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 'info', msg: 'x', password: '[redacted]', client: { client_secret: '[redacted]', client_id: 'app' }, headers: { authorization: '[redacted]' }, refresh_token: '[redacted]' });
    expect(lines[0]).not.toMatch(/p-[1-4]/);
  });

  it('stamps every line written while serving a request with its id', () => {
    const { lines, logger } = memoryLog();
    requestContext.run({ requestId: 'req-42' }, () => logger.warn({ option: 'x' }, 'inside'));
    logger.warn({}, 'outside');
    expect(JSON.parse(lines[0]!)).toMatchObject({ reqId: 'req-42', msg: 'inside', level: 'warn' });
    expect(JSON.parse(lines[1]!).reqId).toBeUndefined();
  });
});

describe('logs of a full sign-in and token flow', () => {
  const clientSecret = `cs-${randomBytes(16).toString('hex')}`;
  const redirectUri = 'http://127.0.0.1:9/cb';
  const { lines, logger } = memoryLog();
  let idp: TestIdp;

  beforeAll(async () => {
    idp = await startTestIdp({
      logger,
      clients: [{
        client_id: 'app', client_secret: clientSecret, client_name: 'App', redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token', 'password', 'client_credentials'], response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic', scope: 'openid profile email offline_access',
      }],
    });
  });
  afterAll(async () => {
    await idp?.close();
  });

  it('contain every request, with its id, and none of the passwords, secrets, codes, tokens or cookies used', async () => {
    const secrets: string[] = [ALICE.password, clientSecret];
    const config = await oidc.discovery(new URL(idp.issuer), 'app', undefined, oidc.ClientSecretBasic(clientSecret), insecure);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const authorizationUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri, scope: 'openid profile email offline_access', state, prompt: 'consent',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', login_hint: 'alice',
    });
    secrets.push(verifier);

    const session = new HttpSession();
    let step = await session.follow(authorizationUrl.href, idp.issuer);
    const wrongPassword = `wrong-${randomBytes(8).toString('hex')}`;
    secrets.push(wrongPassword);
    for (const password of [wrongPassword, ALICE.password]) {
      const login = formsOf(await step.response.text()).find((form) => form.action.endsWith('/login'))!;
      secrets.push(login.fields.csrf!);
      const posted = await session.postForm(login.action, { ...login.fields, username: ALICE.username, password });
      if (password === wrongPassword) {
        expect(posted.status).toBe(401);
        step = { response: posted, url: step.url };
      } else {
        expect(posted.status).toBe(303);
        step = await session.follow(new URL(posted.headers.get('location')!, step.url).href, idp.issuer);
      }
    }
    const consent = formsOf(await step.response.text()).find((form) => form.action.endsWith('/confirm'))!;
    const allowed = await session.postForm(consent.action, consent.fields);
    const callback = await session.follow(new URL(allowed.headers.get('location')!, step.url).href, idp.issuer);
    const callbackUrl = new URL(callback.url);
    expect(callbackUrl.origin + callbackUrl.pathname).toBe(redirectUri);
    // The interaction cookies hold the interaction id, which is in the page URLs by design (and
    // useless without the signed `.sig` cookies, which are checked here with the session cookie).
    const cookies = [...session.cookies].filter(([name]) => !/^_interaction(_resume)?$/.test(name));
    expect(cookies.map(([name]) => name)).toEqual(expect.arrayContaining(['_session', '_session.sig']));
    secrets.push(callbackUrl.searchParams.get('code')!, ...cookies.map(([, value]) => value));

    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: verifier, expectedState: state });
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    await oidc.fetchUserInfo(config, refreshed.access_token, tokens.claims()!.sub);
    const byPassword = await oidc.genericGrantRequest(config, 'password', { username: ALICE.email, password: ALICE.password, scope: 'openid' });
    secrets.push(tokens.access_token, tokens.refresh_token!, tokens.id_token!, refreshed.access_token, refreshed.refresh_token!, byPassword.access_token);
    const wrongSecret = await fetch(`${idp.issuer}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`app:${wrongPassword}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(wrongSecret.status).toBe(401);

    const entries = lines.map((line) => JSON.parse(line));
    const tokenRequests = entries.filter((entry) => entry.msg === 'request' && entry.path === '/token');
    expect(tokenRequests.map((entry) => entry.status)).toEqual([200, 200, 200, 401]);
    expect(tokenRequests.every((entry) => typeof entry.reqId === 'string' && entry.reqId.length > 0)).toBe(true);
    expect(entries.some((entry) => entry.path?.startsWith('/interaction/') && entry.status === 401)).toBe(true);
    const log = lines.join('\n');
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      expect(log.includes(secret), `a secret of length ${secret.length} appears in the logs`).toBe(false);
    }
  });
});
