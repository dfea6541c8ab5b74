import type { Configuration } from 'oidc-provider';

type CookieOptions = NonNullable<NonNullable<Configuration['cookies']>['long']>;

/**
 * Cookie settings and HTTP methods of the browser-facing endpoints, by issuer scheme.
 *
 * https: the authorization (and end-session) endpoints also accept POST (OpenID Connect Core
 * §3.1.2.1). A cross-site form POST only carries the session cookie when it is `SameSite=None`,
 * which browsers accept only with `Secure`, so oidc-provider refuses `enableHttpPostMethods`
 * without it. Every cookie is `Secure`; `secureTransport` refuses these routes over plain http.
 *
 * http (development): `SameSite=None` cookies would be dropped, so the session cookie stays
 * `Lax` and the authorization endpoint takes GET only (logout by POST still works:
 * `logoutCompat` turns it into a GET).
 */
export function browserTransport(issuer: string): { long: CookieOptions; short: CookieOptions; enableHttpPostMethods: boolean } {
  const https = new URL(issuer).protocol === 'https:';
  const base: CookieOptions = { signed: true, httpOnly: true, ...(https ? { secure: true } : {}) };
  return {
    long: { ...base, sameSite: https ? 'none' : 'lax' },
    short: { ...base, sameSite: 'lax' },
    enableHttpPostMethods: https,
  };
}
