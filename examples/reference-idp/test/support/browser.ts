import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

/**
 * Headless Debian Chromium. When it cannot start, the suite says so loudly and its tests skip;
 * under CI=true that is a failure instead.
 */
export async function launchBrowser(suite: string): Promise<Browser | undefined> {
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    mkdirSync(SCREENSHOTS, { recursive: true });
    return browser;
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    if (process.env.CI === 'true') throw new Error(`${suite}: Chromium (${CHROMIUM}) did not launch under CI=true: ${reason}`, { cause: error });
    console.warn(`\n!!! SKIPPING ${suite}: Chromium (${CHROMIUM}) did not launch: ${reason}\n`);
    return undefined;
  }
}

/** Collects what should never happen on a page: console errors (CSP violations among them) and script errors. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    // A page served with 4xx (a wrong password is a 401) is logged as a failed load: expected.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource: the server responded with a status of 4')) {
      problems.push(`${page.url()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  return problems;
}

/** A full-page screenshot under test-results/screenshots (git-ignored), to look at after the run. */
export async function screenshot(page: Page, name: string, directory = SCREENSHOTS): Promise<void> {
  await page.screenshot({ path: join(directory, `${name}.png`), fullPage: true });
}

/** A fresh desktop-sized page in its own context, with its problems watched. */
export async function openPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page, problems: watchProblems(page) };
}

/**
 * Registers the suite's browser hooks: Chromium launched once (the tests skip when it cannot
 * start, see `launchBrowser`), a fresh page per test handed to `onPage`, and after each test its
 * context closed and no console or script error allowed.
 */
export function useBrowserPages(suite: string, onPage: (page: Page) => void): void {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let problems: string[] = [];
  beforeAll(async () => {
    browser = await launchBrowser(suite);
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async (ctx) => {
    if (!browser) return ctx.skip();
    const opened = await openPage(browser);
    ({ context, problems } = opened);
    onPage(opened.page);
  });
  afterEach(async () => {
    await context?.close();
    expect(problems).toEqual([]);
  });
}

