import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

/** Headless Debian Chromium; loud skip when it cannot start, a failure under CI=true. */
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

/** Console errors (CSP violations among them) and script errors; 4xx page loads are expected. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource: the server responded with a status of 4')) {
      problems.push(`${page.url()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  return problems;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
