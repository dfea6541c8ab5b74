import type { RouteName } from './route-presets.js';

/** Lookup key of an endpoint path as oidc-provider's router matches it: any case, one trailing slash. */
function keyOf(path: string): string {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.toLowerCase();
}

/**
 * The methods each protocol endpoint answers, as its `Allow` header value, for a `405 Method Not
 * Allowed` (RFC 9110 §15.5.6) where a request uses another: a GET to the token endpoint is a
 * client's mistake on an endpoint that exists, not an unknown route. GET routes take HEAD too, as
 * oidc-provider's router does. Logout takes POST on any issuer (`logoutCompat` turns it into a GET);
 * the authorization endpoint only where oidc-provider enables POST (https issuers).
 */
export function endpointMethods(routes: Readonly<Record<RouteName, string>>, authorizationByPost: boolean): (path: string) => string | undefined {
  const read = 'GET, HEAD';
  const entries: Array<[path: string, allow: string]> = [
    [routes.authorization, authorizationByPost ? `${read}, POST` : read],
    [routes.token, 'POST'],
    [routes.userinfo, `${read}, POST`],
    [routes.introspection, 'POST'],
    [routes.revocation, 'POST'],
    [routes.jwks, read],
    [routes.end_session, `${read}, POST`],
    ['/.well-known/openid-configuration', read],
    ['/.well-known/oauth-authorization-server', read],
  ];
  const byPath = new Map(entries.map(([path, allow]) => [keyOf(path), allow]));
  return (path) => byPath.get(keyOf(path));
}
