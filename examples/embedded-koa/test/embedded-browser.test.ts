import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_READER } from '../src/demo-data.js';
import { screenshot, useBrowserPages } from './support/browser.js';
import { startShop, type RunningShop } from './support/start-shop.js';

describe('the embedded example in headless Chromium: its own views, its own relying party', () => {
  let running: RunningShop;
  let page!: Page;

  beforeAll(async () => {
    running = await startShop();
  });
  afterAll(async () => {
    await running?.close();
  });
  useBrowserPages('embedded example browser tests', (opened) => {
    page = opened;
  });

  async function openSignIn(): Promise<void> {
    await page.goto(`${running.origin}/club`);
    await page.getByRole('link', { name: 'Sign in with your Pinecone account' }).click();
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
  }

  async function signIn(password: string): Promise<void> {
    await page.getByLabel('E-mail or username').fill(DEMO_READER.username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in to Pinecone Books' }).click();
  }

  it('signs a reader in through the custom sign-in and consent pages', async () => {
    await page.goto(`${running.origin}/`);
    await screenshot(page, 'embedded-00-home');
    await openSignIn();
    expect(page.url().startsWith(`${running.origin}/oidc/interaction/`)).toBe(true);
    // The app's stylesheet applied under the provider's CSP (a blocked one leaves a white page).
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(247, 244, 236)');
    await screenshot(page, 'embedded-01-login');

    await signIn('wrong password');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toBe('Wrong username or password.');
    expect(await page.getByLabel('E-mail or username').inputValue()).toBe(DEMO_READER.username);
    await screenshot(page, 'embedded-02-login-error');

    await signIn(DEMO_READER.password);
    await page.getByRole('heading', { name: 'Share your account with Pinecone Book Club?' }).waitFor();
    expect(await page.getByRole('listitem').allTextContents()).toEqual(['Confirm your identity', 'Your name and profile details', 'Your e-mail address']);
    await screenshot(page, 'embedded-03-consent');
    await page.getByRole('button', { name: 'Allow' }).click();

    await page.waitForURL(`${running.origin}/club`);
    expect(await page.locator('#member').textContent()).toBe(`Signed in as ${DEMO_READER.name} (${DEMO_READER.email})`);
    await screenshot(page, 'embedded-04-club-member');
  });

  it('returns access_denied to the app when the reader says "Not now"', async () => {
    await openSignIn();
    await signIn(DEMO_READER.password);
    await page.getByRole('button', { name: 'Not now' }).click();
    await page.locator('#signin-result').waitFor();
    expect(await page.locator('#signin-result').textContent()).toBe('Sign-in did not complete (access_denied).');
    await screenshot(page, 'embedded-05-access-denied');
  });
});
