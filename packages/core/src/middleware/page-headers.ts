import { randomBytes } from 'node:crypto';
import type { Context, Next } from 'koa';

/**
 * Headers of every HTML page oidc-kit serves: a nonce-based Content-Security-Policy with no
 * script at all, no framing, no MIME sniffing, no referrer (pages and redirects may carry
 * codes), and no caching (credential pages).
 */
export function setPageHeaders(ctx: Pick<Context, 'set'>, nonce: string): void {
  ctx.set({
    'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}'; img-src https: data:; base-uri 'none'; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
  });
}

/** Renders one page with fresh nonce and the page headers. */
export function sendPage(ctx: Context, status: number, render: (nonce: string) => string): void {
  const nonce = randomBytes(16).toString('base64');
  setPageHeaders(ctx, nonce);
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = render(nonce);
}

/**
 * oidc-provider renders a few pages itself — the `form_post` response, the sign-out step without a
 * session — each a form that one inline script submits. Requests to the routes that may render
 * them get a Content-Security-Policy before oidc-provider answers: it then adds its script's hash
 * to `script-src`, so nothing else runs, and the pages cannot be framed. The form's target is the
 * client's redirect URI, anywhere: `form-action` stays open. Pages oidc-kit renders replace the
 * header with their own.
 */
export function providerPageHeaders(paths: readonly string[]) {
  const policy = "default-src 'none'; script-src 'self'; form-action *; base-uri 'none'; frame-ancestors 'none'";
  // Not async: every other request passes without a promise of its own.
  return function setProviderPageHeaders(ctx: Context, next: Next) {
    if (paths.some((path) => ctx.path === path || ctx.path.startsWith(`${path}/`))) {
      ctx.set({ 'Content-Security-Policy': policy, 'X-Frame-Options': 'DENY' });
    }
    return next();
  };
}
