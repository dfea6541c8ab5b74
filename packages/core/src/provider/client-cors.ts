import type { KoaContextWithOIDC } from 'oidc-provider';

/**
 * oidc-provider's `clientBasedCORS`: a browser origin may call token, userinfo, introspection and
 * revocation for a client when it is one of the client's `allowed_cors_origins`, or, when those
 * are absent, the origin of one of a public client's redirect URIs.
 */
export function clientBasedCors(_ctx: KoaContextWithOIDC, origin: string, client: { clientAuthMethod?: string; redirectUris?: readonly string[]; [key: string]: unknown }): boolean {
  const allowed = client.allowed_cors_origins as string[] | undefined;
  if (Array.isArray(allowed)) return allowed.includes(origin);
  if (client.clientAuthMethod !== 'none') return false;
  return (client.redirectUris ?? []).some((uri) => {
    try {
      return new URL(uri).origin === origin;
    } catch {
      return false;
    }
  });
}
