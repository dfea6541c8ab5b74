import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, useBrowserPages } from './support/browser.js';
import { startRelyingParty, type RelyingParty } from './support/relying-party.js';
import { ALICE, startTestIdp, type TestIdp } from './support/test-idp.js';

const CLIENT = { id: 'notes-app', secret: 'notes-app-secret-0123456789', name: 'Acme Notes' };

describe('the reference IdP in headless Chromium, with a real relying party', () => {
  let rp: RelyingParty;
  let idp: TestIdp;
  let page!: Page;

  beforeAll(async () => {
    rp = await startRelyingParty();
    idp = await startTestIdp({
      clients: [{
        client_id: CLIENT.id, client_secret: CLIENT.secret, client_name: CLIENT.name,
        redirect_uris: [rp.redirectUri], post_logout_redirect_uris: [rp.postLogoutRedirectUri],
        grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic', scope: 'openid profile email',
      }],
      extraConfig: { selfRegistration: { enabled: true } },
    });
    await rp.connect(idp.issuer, CLIENT.id, CLIENT.secret);
  });
  afterAll(async () => {
    await idp?.close();
    await rp?.close();
  });
  useBrowserPages('reference IdP browser tests', (opened) => {
    page = opened;
  });

  const start = (query = '') => page.goto(`${rp.origin}/start${query}`);
  const loginHeading = () => page.getByRole('heading', { name: 'Sign in' });
  const consentHeading = () => page.getByRole('heading', { name: `${CLIENT.name} wants to access your account` });

  async function signIn(password = ALICE.password): Promise<void> {
    await loginHeading().waitFor();
    await page.getByLabel('Username or e-mail').fill(ALICE.username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function signInAndAllow(): Promise<void> {
    await start();
    await signIn();
    await consentHeading().waitFor();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${rp.redirectUri}?**`);
  }

  /** Waits (at most ~2 s) until the clock has moved past the second of the last sign-in. */
  async function nextSecond(): Promise<void> {
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 40 && Math.floor(Date.now() / 1000) <= now; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  it('signs in, asks consent in words, and returns a code that redeems for tokens', async () => {
    await start();
    await loginHeading().waitFor();
    expect(await page.getByText(`to continue to ${CLIENT.name}`).isVisible()).toBe(true);
    await screenshot(page, 'idp-01-login');
    await signIn();
    await consentHeading().waitFor();
    const items = await page.getByRole('listitem').allTextContents();
    expect(items).toEqual(['Confirm your identity', 'Your name and profile details', 'Your e-mail address']);
    await screenshot(page, 'idp-02-consent');
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${rp.redirectUri}?**`);
    expect(await page.locator('#user').textContent()).toBe(`Signed in as ${ALICE.name}`);
    await screenshot(page, 'idp-03-client-signed-in');
    const result = rp.results.at(-1)!;
    expect(result).toMatchObject({ ok: true, claims: { sub: 'alice-id', iss: idp.issuer, aud: CLIENT.id }, name: ALICE.name });
  });

  it('shows one message for a wrong password and keeps the username', async () => {
    await start();
    await signIn('not the password');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toBe('Wrong username or password.');
    expect(await page.getByLabel('Username or e-mail').inputValue()).toBe(ALICE.username);
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'idp-04-login-wrong-password');
    // The form still works after the error.
    await page.getByLabel('Password').fill(ALICE.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await consentHeading().waitFor();
  });

  it('returns access_denied to the client when consent is denied', async () => {
    await start();
    await signIn();
    await consentHeading().waitFor();
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.waitForURL(`${rp.redirectUri}?**`);
    expect(new URL(page.url()).searchParams.get('error')).toBe('access_denied');
    expect(await page.locator('#error').textContent()).toBe('access_denied');
    await screenshot(page, 'idp-05-client-access-denied');
    expect(rp.results.at(-1)).toMatchObject({ ok: false, error: 'access_denied' });
  });

  it('logs out after confirmation and redirects to the client, ending the session', async () => {
    await signInAndAllow();
    await page.getByRole('link', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign out?' }).waitFor();
    expect(await page.getByText(`${CLIENT.name} asked to sign you out of your account.`).isVisible()).toBe(true);
    await screenshot(page, 'idp-06-logout-confirm');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(rp.postLogoutRedirectUri);
    await screenshot(page, 'idp-07-client-signed-out');
    await start();
    await loginHeading().waitFor(); // the session is gone: sign-in is asked again
  });

  it('answers by form_post: its self-submitting page runs under its Content-Security-Policy', async () => {
    await start('?response_mode=form_post');
    await signIn();
    await consentHeading().waitFor();
    const formPost = page.waitForResponse((response) => response.request().method() === 'GET' && response.headers()['content-type']?.startsWith('text/html') === true && response.url().startsWith(idp.issuer) && !response.url().includes('/interaction/'));
    await page.getByRole('button', { name: 'Allow' }).click();
    const policy = (await formPost).headers()['content-security-policy'];
    expect(policy).toMatch(/script-src 'self' 'sha256-/);
    await page.locator('#user').waitFor();
    expect(page.url()).toBe(rp.redirectUri);
    expect(rp.results.at(-1)).toMatchObject({ ok: true });
  });

  it('signs out without a session through the self-submitting page oidc-provider renders, under its policy', async () => {
    const response = await page.goto(`${idp.issuer}/session/end`);
    expect(response?.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    await page.getByRole('heading', { name: "You're signed out" }).waitFor();
  });

  it('skips the pages for a signed-in user, but honours prompt=login and max_age', async () => {
    await signInAndAllow();
    const signIns = rp.results.length;
    await start();
    await page.waitForURL(`${rp.redirectUri}?**`); // session and grant exist: straight back
    expect(rp.results).toHaveLength(signIns + 1);

    await start('?prompt=login');
    await loginHeading().waitFor();
    await screenshot(page, 'idp-08-login-prompt-login');
    await signIn();
    await page.waitForURL(`${rp.redirectUri}?**`); // consent was given already
    expect(rp.results.at(-1)).toMatchObject({ ok: true });

    await start('?max_age=3600');
    await page.waitForURL(`${rp.redirectUri}?**`);
    await nextSecond();
    await start('?max_age=0');
    await loginHeading().waitFor();
  });

  it('prefills the username from login_hint and puts the focus on the password', async () => {
    await start(`?login_hint=${encodeURIComponent(ALICE.email)}`);
    await loginHeading().waitFor();
    expect(await page.getByLabel('Username or e-mail').inputValue()).toBe(ALICE.email);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password');
    await screenshot(page, 'idp-09-login-hint');
  });

  it('can be completed with the keyboard alone (Tab and Enter)', async () => {
    await start();
    await loginHeading().waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('username');
    await page.keyboard.type(ALICE.username);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password');
    await page.keyboard.type(ALICE.password);
    await page.keyboard.press('Enter');
    await consentHeading().waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Allow');
    await screenshot(page, 'idp-10-consent-keyboard-focus');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${rp.redirectUri}?**`);
    expect(rp.results.at(-1)).toMatchObject({ ok: true });
  });

  it('creates an account from the sign-in page and returns to the application signed in', async () => {
    await start();
    await loginHeading().waitFor();
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('E-mail').fill('alice.again@example.com');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    // Alice exists already: the page says so and keeps what was typed, but not the password.
    await page.getByText('An account with this username already exists.').waitFor();
    expect(await page.getByLabel('E-mail').inputValue()).toBe('alice.again@example.com');
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    await screenshot(page, 'idp-10-signup-taken');

    await page.getByLabel('Username').fill('henrietta');
    await page.getByLabel('E-mail').fill('henrietta@example.com');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await consentHeading().waitFor();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${rp.redirectUri}?**`);
    expect(rp.results.at(-1)).toMatchObject({ ok: true, claims: { iss: idp.issuer, aud: CLIENT.id } });
    const account = await idp.running.idp.accounts.findByLogin('henrietta');
    expect(account).toMatchObject({ email: 'henrietta@example.com', roles: ['user'] });
    expect(rp.results.at(-1)).toMatchObject({ claims: { sub: account!.id } });
  });
});
