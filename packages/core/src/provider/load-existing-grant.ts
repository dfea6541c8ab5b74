import type { KoaContextWithOIDC } from 'oidc-provider';

/**
 * Reuses the session's grant for the client; for a first-party client (`first_party: true`) with
 * none yet, grants what was asked so that no consent page is shown. `prompt=consent` still shows it.
 */
export async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const client = oidc.client!;
  const session = oidc.session!;
  const grantId = (oidc.result?.consent as { grantId?: string } | undefined)?.grantId ?? session.grantIdFor(client.clientId);
  if (grantId) return oidc.provider.Grant.find(grantId);
  if ((client as unknown as { first_party?: boolean }).first_party !== true || !session.accountId) return undefined;

  const grant = new oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
  if (oidc.claims?.id_token) grant.addOIDCClaims(Object.keys(oidc.claims.id_token));
  if (oidc.claims?.userinfo) grant.addOIDCClaims(Object.keys(oidc.claims.userinfo));
  for (const [indicator, resourceServer] of Object.entries(oidc.resourceServers ?? {})) {
    grant.addResourceScope(indicator, (resourceServer as { scope?: string }).scope ?? '');
  }
  await grant.save();
  return grant;
}
