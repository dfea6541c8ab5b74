import type { Context, Next } from 'koa';

/** Options of {@link securityHeaders}. */
export interface SecurityHeadersOptions {
  /** Send `Strict-Transport-Security` (the issuer is https). */
  hsts: boolean;
}

/** The public documents a cache may keep: everything else carries credentials or state. */
const CACHEABLE_ROUTES = new Set(['discovery', 'jwks', 'cors.discovery', 'cors.jwks']);
const HSTS = 'max-age=31536000';

/**
 * The outermost middleware of oidc-kit's routes; after everything else (errors included) it adds:
 * - `Cache-Control: no-store` and `Pragma: no-cache` to every response but discovery and JWKS
 *   (tokens, introspection, userinfo, registration and admin answers must never be stored:
 *   RFC 6749 §5.1, RFC 7662 §2.2, RFC 7591 §3.2.1);
 * - `Referrer-Policy: no-referrer` everywhere, so a URL carrying a code, a token or an interaction
 *   id never leaks through the `Referer` of the next page;
 * - `X-Content-Type-Options: nosniff`;
 * - `Strict-Transport-Security` when the issuer is https (RFC 6797), so browsers never try http.
 */
export function securityHeaders(options: SecurityHeadersOptions) {
  return async function setSecurityHeaders(ctx: Context, next: Next) {
    await next();
    if (ctx.res.headersSent) return;
    const route = (ctx as unknown as { oidc?: { route?: string } }).oidc?.route;
    if (!route || !CACHEABLE_ROUTES.has(route)) ctx.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    ctx.set({ 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff' });
    if (options.hsts) ctx.set('Strict-Transport-Security', HSTS);
  };
}
