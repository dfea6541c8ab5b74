import { html, trustedHtml, type SafeHtml } from './html.js';
import { STYLESHEET } from './stylesheet.js';

export { STYLESHEET } from './stylesheet.js';

/** Input of {@link renderLayout}. */
export interface LayoutOptions {
  /** CSP nonce for the one `<style>` element. */
  nonce: string;
  /** Page title; " · Sign in" style suffixes are up to the caller. */
  title: string;
  /** The card's content, built with the `html` tag. */
  body: SafeHtml;
}

/**
 * Wraps a card's content in the shared page: `lang="en"`, viewport, the nonce'd stylesheet, a
 * `main` landmark and the card. No scripts, no `style` attributes: it works under
 * `default-src 'none'; style-src 'nonce-…'; img-src https: http:; form-action 'self' …`.
 */
export function renderLayout({ nonce, title, body }: LayoutOptions): string {
  return `<!DOCTYPE html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
<style nonce="${nonce}">${trustedHtml(STYLESHEET)}</style>
</head>
<body>
<main class="page">
<div class="card">
${body}
</div>
</main>
</body>
</html>
`}`;
}
