import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser as launchChromium, openPage, screenshot as screenshotInto } from '../../../reference-idp/test/support/browser.js';

// The Chromium launch and page set-up are the reference IdP's; only the screenshots stay in this package.
export { openPage };
export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

/** Headless Debian Chromium; loud skip when it cannot start, a failure under CI=true. */
export async function launchBrowser(suite: string): Promise<Browser | undefined> {
  const browser = await launchChromium(suite);
  if (browser) mkdirSync(SCREENSHOTS, { recursive: true });
  return browser;
}

export function screenshot(page: Page, name: string): Promise<void> {
  return screenshotInto(page, name, SCREENSHOTS);
}
