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
    // Node's own setHeader: Koa's `ctx.set` adds a layer per header on every response.
    const res = ctx.res;
    if (res.headersSent) return;
    const route = (ctx as unknown as { oidc?: { route?: string } }).oidc?.route;
    if (!route || !CACHEABLE_ROUTES.has(route)) {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Pragma', 'no-cache');
    }
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (options.hsts) res.setHeader('Strict-Transport-Security', HSTS);
  };
}
