import type { KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { SamlBearerIdp } from '../options/types.js';
import { accountForSubject, firstUse, requestedScopes, userGrantDefaults, type GrantContext } from './grant-context.js';
import { issueUserTokens } from './issue-user-tokens.js';
import { invalidGrant } from './invalid-grant.js';
import { assertTrustedSamlIdp, type TrustedSamlIdp } from './saml-bearer/trusted-saml-idp.js';
import { verifySamlAssertion } from './saml-bearer/verify-saml-assertion.js';

export const grantType = 'urn:ietf:params:oauth:grant-type:saml2-bearer';
export const parameters = ['assertion', 'scope'];

/** Checks the configured identity providers at start-up. */
export function trustedIdps(idps: SamlBearerIdp[]): TrustedSamlIdp[] {
  return idps.map((idp, index) => {
    assertTrustedSamlIdp(idp, `grants.samlBearer.idps[${index}]`);
    return { entityId: idp.entityId, certificates: [...idp.certificates] };
  });
}

/** SAML 2.0 bearer assertion grant (RFC 7522 §2.1). */
export function createHandler(grant: GrantContext, idps: TrustedSamlIdp[], clockSkewSeconds?: number) {
  return async function samlBearerGrant(ctx: KoaContextWithOIDC): Promise<void> {
    const { assertion } = ctx.oidc.params as Record<string, unknown>;
    if (typeof assertion !== 'string' || assertion === '') throw new errors.InvalidRequest("missing required parameter 'assertion'");
    const scopes = requestedScopes(ctx, grant.scopes, userGrantDefaults);
    const verified = await verifySamlAssertion(assertion, {
      idps,
      audiences: [grant.issuer, grant.tokenEndpoint],
      recipients: [grant.tokenEndpoint],
      ...(clockSkewSeconds !== undefined ? { clockSkewSeconds } : {}),
      replay: (id, expiresAt, issuer) => firstUse(grant.counters, issuer, id, expiresAt),
    });
    const account = await accountForSubject(grant.accounts, verified.nameId);
    if (!account) throw invalidGrant('assertion NameID does not match an account');
    await issueUserTokens(ctx, grant.findAccount, { accountId: account.id, scopes, gty: 'saml2-bearer', resource: grant.resource });
  };
}
