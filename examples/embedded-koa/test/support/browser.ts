import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { screenshot as screenshotInto, useBrowserPages as useSharedBrowserPages } from '../../../reference-idp/test/support/browser.js';

// The Chromium launch and page set-up are the reference IdP's; only the screenshots stay in this package.
export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

/** The reference IdP's browser hooks (see there), with this package's screenshot directory. */
export function useBrowserPages(suite: string, onPage: (page: Page) => void): void {
  mkdirSync(SCREENSHOTS, { recursive: true });
  useSharedBrowserPages(suite, onPage);
}

export function screenshot(page: Page, name: string): Promise<void> {
  return screenshotInto(page, name, SCREENSHOTS);
}
