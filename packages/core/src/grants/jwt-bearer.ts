import type { KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';
import { ConfigurationError } from '../errors.js';
import type { JwtBearerIssuer } from '../options/types.js';
import { accountForSubject, firstUse, requestedScopes, userGrantDefaults, type GrantContext } from './grant-context.js';
import { issueUserTokens } from './issue-user-tokens.js';
import { invalidGrant } from './invalid-grant.js';
import { assertTrustedJwtIssuer, type TrustedJwtIssuer } from './jwt-bearer/trusted-jwt-issuer.js';
import { verifyJwtAssertion } from './jwt-bearer/verify-jwt-assertion.js';

export const grantType = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const parameters = ['assertion', 'scope'];

/** Maps the config's issuers (`jwks_uri` spelling included) to trusted issuers, checked at start-up. */
export function trustedIssuers(issuers: JwtBearerIssuer[]): TrustedJwtIssuer[] {
  return issuers.map((entry, index) => {
    // Named as the config spells them; the checks below know only the camelCase `jwksUri`.
    if ((entry.jwks === undefined) === (entry.jwks_uri === undefined)) {
      throw new ConfigurationError(`grants.jwtBearer.issuers[${index}]`, 'must have exactly one of "jwks" and "jwks_uri"');
    }
    const trusted: TrustedJwtIssuer = {
      issuer: entry.issuer,
      algorithms: entry.algorithms ?? ['RS256', 'ES256'],
      ...(entry.jwks ? { jwks: entry.jwks as TrustedJwtIssuer['jwks'] } : {}),
      ...(entry.jwks_uri ? { jwksUri: entry.jwks_uri } : {}),
      ...(entry.maxLifetimeSeconds ? { maxLifetimeSeconds: entry.maxLifetimeSeconds } : {}),
    };
    assertTrustedJwtIssuer(trusted, `grants.jwtBearer.issuers[${index}]`);
    return trusted;
  });
}

/** JWT bearer assertion grant (RFC 7523 §2.1): a trusted issuer's signed statement about a user. */
export function createHandler(grant: GrantContext, issuers: TrustedJwtIssuer[], clockSkewSeconds?: number) {
  return async function jwtBearerGrant(ctx: KoaContextWithOIDC): Promise<void> {
    const { assertion } = ctx.oidc.params as Record<string, unknown>;
    if (typeof assertion !== 'string' || assertion === '') throw new errors.InvalidRequest("missing required parameter 'assertion'");
    const scopes = requestedScopes(ctx, grant.scopes, userGrantDefaults);
    const verified = await verifyJwtAssertion(assertion, {
      issuers,
      audiences: [grant.issuer, grant.tokenEndpoint],
      replay: (id, expiresAt, issuer) => firstUse(grant.counters, issuer, id, expiresAt),
      ...(clockSkewSeconds !== undefined ? { clockToleranceSeconds: clockSkewSeconds } : {}),
    });
    const account = await accountForSubject(grant.accounts, verified.subject);
    if (!account) throw invalidGrant('assertion subject does not match an account');
    await issueUserTokens(ctx, grant.findAccount, { accountId: account.id, scopes, gty: 'jwt-bearer', resource: grant.resource });
  };
}
