import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeThroughPages } from '../support/authorize.js';
import { addAlice, ALICE, flowFixtures, REDIRECT_URI, SECRET } from '../support/fixtures.js';
import { formActions, formFields, HttpSession } from '../support/http-session.js';
import { startIdp, type TestIdp } from '../support/start-idp.js';

describe('interaction pages: CSRF, throttling, first-party consent', () => {
  let t: TestIdp;
  let config: oidc.Configuration;

  beforeAll(async () => {
    const fixtures = await flowFixtures({ grants: { password: { maxFailures: 3, windowSeconds: 60 } } });
    const clients = [...(fixtures.options.clients as never[]), {
      client_id: 'first-party', client_secret: SECRET, redirect_uris: [REDIRECT_URI], first_party: true, scope: 'openid profile',
    }];
    t = await startIdp({ ...fixtures.options, clients });
    await addAlice(t.idp.accounts as never);
    config = await oidc.discovery(new URL(t.issuer), 'confidential', undefined, oidc.ClientSecretBasic(SECRET), { execute: [oidc.allowInsecureRequests] });
  });
  afterAll(() => t?.close());

  async function loginPage(clientId = 'confidential') {
    const session = new HttpSession();
    const url = `${t.issuer}/auth?client_id=${clientId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(REDIRECT_URI)}`;
    const { response } = await session.follow(url, t.origin);
    const html = await response.text();
    return { session, html, action: formActions(html).find((a) => a.endsWith('/login'))!, csrf: formFields(html).csrf! };
  }

  it('refuses a login form with a wrong CSRF token, or posted cross-site without one', async () => {
    const page = await loginPage();
    const wrong = await page.session.postForm(page.action, { csrf: 'forged', username: ALICE.username, password: ALICE.password });
    expect(wrong.status).toBe(400);
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }]) {
      const crossSite = await page.session.request(page.action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ username: ALICE.username, password: ALICE.password }).toString(),
      });
      expect(crossSite.status).toBe(400);
    }
  });

  it('accepts a scripted login that posts only username and password', async () => {
    const page = await loginPage();
    const response = await page.session.postForm(page.action, { username: ALICE.username, password: ALICE.password });
    expect(response.status).toBe(303);
  });

  it('re-shows the form with one message on a wrong password, and says when to retry once throttled', async () => {
    const page = await loginPage();
    const wrong = await page.session.postForm(page.action, { csrf: page.csrf, username: 'throttled-user', password: 'nope' });
    expect(wrong.status).toBe(401);
    const html = await wrong.text();
    expect(html).toContain('Wrong username or password.');
    expect(formFields(html).username ?? html).toBeTruthy();
    for (let i = 0; i < 3; i += 1) await page.session.postForm(page.action, { csrf: page.csrf, username: 'throttled-user', password: 'nope' });
    const limited = await page.session.postForm(page.action, { csrf: page.csrf, username: 'throttled-user', password: 'nope' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.text()).toMatch(/Try again in/i);
  });

  it('skips consent for a first-party client, but not when prompt=consent is asked', async () => {
    const session = new HttpSession();
    const url = `${t.issuer}/auth?client_id=first-party&response_type=code&scope=openid%20profile&redirect_uri=${encodeURIComponent(REDIRECT_URI)}`;
    const { response } = await session.follow(url, t.origin);
    const html = await response.text();
    const login = await session.postForm(formActions(html).find((a) => a.endsWith('/login'))!, { csrf: formFields(html).csrf!, username: ALICE.username, password: ALICE.password });
    const done = await session.follow(new URL(login.headers.get('location')!, t.issuer).href, t.origin);
    expect(new URL(done.url).searchParams.get('code')).toBeTruthy();

    const again = await session.follow(`${url}&prompt=consent`, t.origin);
    expect(formActions(await again.response.text()).some((a) => a.endsWith('/confirm'))).toBe(true);
  });

  it('shows the sign-in page again for prompt=login and pre-fills login_hint', async () => {
    const verifier = oidc.randomPKCECodeVerifier();
    const first = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const { session } = await authorizeThroughPages(first.href, t.origin);
    const again = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid', prompt: 'login', login_hint: 'alice@example.com', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const page = await session.follow(again.href, t.origin);
    const html = await page.response.text();
    expect(formActions(html).some((a) => a.endsWith('/login'))).toBe(true);
    expect(html).toContain('value="alice@example.com"');
  });
});
