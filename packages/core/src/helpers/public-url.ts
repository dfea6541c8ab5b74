/**
 * An absolute URL built from the issuer, moved to the public origin the request came to (one of
 * the issuer's or `publicOrigins`, already checked by `requestOrigin`), so that a browser that
 * reached the IdP on a second public origin stays there and keeps its cookies. Outside a request,
 * or on the issuer's own origin, the URL is returned unchanged. Never uses the Host header.
 */
export function atPublicOrigin(ctx: { state?: { publicOrigin?: unknown } } | undefined, absoluteUrl: string): string {
  const origin = ctx?.state?.publicOrigin;
  if (typeof origin !== 'string') return absoluteUrl;
  const url = new URL(absoluteUrl);
  if (url.origin === origin) return absoluteUrl;
  return `${origin}${url.pathname}${url.search}${url.hash}`;
}
