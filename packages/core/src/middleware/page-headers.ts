import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';

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
