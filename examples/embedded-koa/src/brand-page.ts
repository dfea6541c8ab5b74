import { html, trustedHtml, type SafeHtml } from '@oidc-kit/core';
import { BRAND_STYLESHEET } from './brand-stylesheet.js';

/** Input of {@link brandPage}. */
export interface BrandPageOptions {
  /** CSP nonce of the response: the one `<style>` element carries it. */
  nonce: string;
  title: string;
  main: SafeHtml;
  /** The shopper's name in the top bar, when signed in to the shop. */
  userName?: string | undefined;
  /** Hides the shop's navigation (on the provider's pages, where leaving would drop the sign-in). */
  minimal?: boolean;
}

/** The shop's page frame: top bar, main landmark, its stylesheet under the nonce, no scripts. */
export function brandPage(options: BrandPageOptions): string {
  const nav = options.minimal
    ? undefined
    : html`<nav class="nav" aria-label="Shop">${[
        html`<a href="/">Books</a>`,
        html`<a href="/club">Book Club</a>`,
        options.userName
          ? html`<a href="/club">${options.userName}</a>`
          : html`<a href="/club/login">Sign in</a>`,
      ]}</nav>`;
  return `<!DOCTYPE html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${options.title} · Pinecone Books</title>
<style nonce="${options.nonce}">${trustedHtml(BRAND_STYLESHEET)}</style>
</head>
<body>
<header class="topbar"><a class="brand" href="/">Pinecone <span>Books</span></a>${nav}</header>
<main>
${options.main}
</main>
</body>
</html>
`}`;
}
