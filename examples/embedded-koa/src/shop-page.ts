import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import { brandPage, type BrandPageOptions } from './brand-page.js';

/**
 * Sends one of the shop's own pages with its own headers: a nonce-based CSP like the provider's
 * pages, no framing, no caching of personal pages.
 */
export function sendShopPage(ctx: Context, status: number, page: Omit<BrandPageOptions, 'nonce'>): void {
  const nonce = randomBytes(16).toString('base64');
  ctx.set({
    'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = brandPage({ ...page, nonce });
}
