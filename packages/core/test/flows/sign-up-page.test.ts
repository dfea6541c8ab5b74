import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAlice, ALICE, flowFixtures, REDIRECT_URI, SECRET } from '../support/fixtures.js';
import { formActions, formFields, HttpSession } from '../support/http-session.js';
import { startIdp, type TestIdp } from '../support/start-idp.js';

const insecure = { execute: [oidc.allowInsecureRequests] };

/** The `href` of the sign-in page's "Create an account" link, if any. */
function signupLink(html: string): string | undefined {
  return /<a href="([^"]+\/signup)">Create an account<\/a>/.exec(html)?.[1]?.replace(/&amp;/g, '&');
}

describe('the sign-up page (selfRegistration)', () => {
  let t: TestIdp;
  let config: oidc.Configuration;

  beforeAll(async () => {
    const fixtures = await flowFixtures({ selfRegistration: { enabled: true, maxPerHour: 3 } });
    const clients = [...(fixtures.options.clients as never[]), {
      client_id: 'first-party', client_secret: SECRET, redirect_uris: [REDIRECT_URI], first_party: true, scope: 'openid profile email',
    }];
    t = await startIdp({ ...fixtures.options, clients });
    await addAlice(t.idp.accounts as never);
    config = await oidc.discovery(new URL(t.issuer), 'first-party', undefined, oidc.ClientSecretBasic(SECRET), insecure);
  });
  afterAll(() => t?.close());

  async function signupPage(session = new HttpSession()) {
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid profile email', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state: 'st' });
    const { response } = await session.follow(url.href, t.origin);
    const link = signupLink(await response.text());
    expect(link).toBeDefined();
    const page = await session.get(link!);
    expect(page.status).toBe(200);
    const html = await page.text();
    return { session, verifier, action: formActions(html).find((a) => a.endsWith('/signup'))!, csrf: formFields(html).csrf!, html };
  }

  it('creates the account, signs it in and finishes the authorization with its tokens', async () => {
    const { session, verifier, action, csrf, html } = await signupPage();
    expect(html).toContain('Create your account');
    const created = await session.postForm(action, { csrf, username: 'carol', email: 'carol@example.com', password: 'a long enough password' });
    expect(created.status).toBe(303);
    const done = await session.follow(new URL(created.headers.get('location')!, t.issuer).href, t.origin);
    const callback = new URL(done.url);
    expect(callback.searchParams.get('code')).toBeTruthy();
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: 'st' }, undefined, insecure);
    const account = await t.idp.accounts.findByLogin('carol');
    expect(account).toMatchObject({ username: 'carol', email: 'carol@example.com', roles: ['user'] });
    expect(tokens.claims()?.sub).toBe(account!.id);
  });

  it('says what is wrong and keeps the values: a taken username, a short password', async () => {
    const { session, action, csrf } = await signupPage();
    const taken = await session.postForm(action, { csrf, username: ALICE.username, email: 'other@example.com', password: 'a long enough password' });
    expect(taken.status).toBe(409);
    const takenHtml = await taken.text();
    expect(takenHtml).toContain('An account with this username already exists.');
    expect(formFields(takenHtml).email).toBe('other@example.com');
    expect(takenHtml).not.toContain('a long enough password');

    const short = await session.postForm(action, { csrf, username: 'dave', password: 'short' });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('Password must be at least 8 characters long.');
    expect(await t.idp.accounts.findByLogin('dave')).toBeUndefined();
  });

  it('refuses a forged form and limits sign-ups per address (429 with Retry-After on the page)', async () => {
    const { session, action } = await signupPage();
    const forged = await session.postForm(action, { csrf: 'forged', username: 'mallory', password: 'a long enough password' });
    expect(forged.status).toBe(400);
    expect(await t.idp.accounts.findByLogin('mallory')).toBeUndefined();
    // maxPerHour 3, counted per address over every sign-up that got as far as hashing a password
    // (the earlier tests made two): within three more, the page says to wait.
    let limited: Response | undefined;
    let refusedName = '';
    for (const name of ['erin', 'frank', 'grace']) {
      const page = await signupPage();
      const response = await page.session.postForm(page.action, { csrf: page.csrf, username: name, password: 'a long enough password' });
      if (response.status === 429) {
        limited = response;
        refusedName = name;
        break;
      }
      expect(response.status).toBe(303);
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited!.text()).toContain('Too many accounts were created from this network.');
    expect(await t.idp.accounts.findByLogin(refusedName)).toBeUndefined();
  });

  it('is not offered when selfRegistration is off', async () => {
    const { options } = await flowFixtures();
    const off = await startIdp(options);
    try {
      const session = new HttpSession();
      const { response, url } = await session.follow(`${off.issuer}/auth?client_id=confidential&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(REDIRECT_URI)}`, off.origin);
      expect(signupLink(await response.text())).toBeUndefined();
      expect((await session.get(`${url}/signup`)).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
