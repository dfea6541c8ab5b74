import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import { startRelyingParty, type RelyingParty } from './support/relying-party.js';
import { startTestIdp, type TestIdp } from './support/test-idp.js';

const CLIENT = { id: 'notes-app', secret: 'notes-app-secret-0123456789', name: 'Acme Notes' };

describe('the sign-up page in headless Chromium (selfRegistration on)', () => {
  let browser: Browser | undefined;
  let rp: RelyingParty;
  let idp: TestIdp;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

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
    browser = await launchBrowser('sign-up page browser tests');
  });
  afterAll(async () => {
    await browser?.close();
    await idp?.close();
    await rp?.close();
  });

  beforeEach(async (ctx) => {
    if (!browser) return ctx.skip();
    ({ context, page, problems } = await openPage(browser));
  });
  afterEach(async () => {
    await context?.close();
    expect(problems).toEqual([]);
  });

  it('creates an account from the sign-in page and returns to the application signed in', async () => {
    await page.goto(`${rp.origin}/start`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
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
    await page.getByRole('heading', { name: `${CLIENT.name} wants to access your account` }).waitFor();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${rp.redirectUri}?**`);
    expect(rp.results.at(-1)).toMatchObject({ ok: true, claims: { iss: idp.issuer, aud: CLIENT.id } });
    const account = await idp.running.idp.accounts.findByLogin('henrietta');
    expect(account).toMatchObject({ email: 'henrietta@example.com', roles: ['user'] });
    expect(rp.results.at(-1)).toMatchObject({ claims: { sub: account!.id } });
  });
});
