import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { AdapterFactory } from '../adapters/adapter.js';
import type { JwtAccessTokens } from '../access-tokens/jwt-access-tokens.js';
import type { SigningKeySet } from '../keys/signing-keys.js';
import { sendPage } from '../middleware/page-headers.js';
import type { IdentityProviderOptions } from '../options/types.js';
import type { RouteName } from '../routes/route-presets.js';
import type { AccountStore } from '../stores/account-store.js';
import type { Views } from '../views/index.js';
import { createFindAccount, STANDARD_CLAIMS } from './account-claims.js';
import { clientBasedCors } from './client-cors.js';
import { EXTRA_CLIENT_METADATA, validateExtraClientMetadata } from './client-metadata-extensions.js';
import { loadExistingGrant } from './load-existing-grant.js';
import { rejectUnknownScopes } from './requested-scopes.js';
import { browserTransport } from './browser-transport.js';
import { atPublicOrigin } from '../helpers/public-url.js';
import type { CookieKeyRing } from '../helpers/cookie-key-ring.js';

/** Response types of OpenID Connect Core §3 (code, implicit, hybrid), plus `none`. */
export const RESPONSE_TYPES = ['code', 'id_token', 'code id_token', 'id_token token', 'code token', 'code id_token token', 'none'];
export const STANDARD_SCOPES = ['openid', 'offline_access', 'profile', 'email', 'phone', 'address', 'roles'];
const SIGNING_ALGS = ['RS256', 'ES256'];

export interface ConfigurationInputs {
  options: IdentityProviderOptions;
  adapter: AdapterFactory;
  accounts: AccountStore;
  keys: SigningKeySet;
  cookieKeyRing: CookieKeyRing;
  routes: Record<RouteName, string>;
  interactionUrl: string;
  scopes: string[];
  views: Required<Views>;
  jwtAccessTokens?: JwtAccessTokens;
}

function logoutFormParts(form: string): { action: string; xsrf: string } {
  const action = /action="([^"]*)"/.exec(form)?.[1] ?? '';
  const xsrf = /name="xsrf" value="([^"]*)"/.exec(form)?.[1] ?? '';
  return { action, xsrf };
}

/** The oidc-provider configuration that oidc-kit's options stand for. */
export function buildConfiguration(inputs: ConfigurationInputs): Configuration {
  const { options, views } = inputs;
  const ttl = options.ttl ?? {};
  const accessTokenTtl = options.accessTokens?.ttl ?? 3600;
  const claims: Record<string, string[] | null> = { ...STANDARD_CLAIMS, amr: null };
  for (const [scope, names] of Object.entries(options.claims ?? {})) claims[scope] = [...new Set([...(claims[scope] ?? []), ...names])];

  const configuration: Configuration = {
    adapter: inputs.adapter as unknown as Configuration['adapter'],
    clients: [],
    findAccount: createFindAccount(inputs.accounts),
    jwks: inputs.keys as Configuration['jwks'],
    cookies: {
      keys: inputs.cookieKeyRing,
      long: browserTransport(options.issuer).long,
      short: browserTransport(options.issuer).short,
    },
    enableHttpPostMethods: browserTransport(options.issuer).enableHttpPostMethods,
    routes: inputs.routes,
    scopes: inputs.scopes,
    claims,
    responseTypes: RESPONSE_TYPES as Configuration['responseTypes'],
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    },
    enabledJWA: {
      idTokenSigningAlgValues: SIGNING_ALGS as never,
      userinfoSigningAlgValues: SIGNING_ALGS as never,
      introspectionSigningAlgValues: SIGNING_ALGS as never,
      authorizationSigningAlgValues: SIGNING_ALGS as never,
    },
    pkce: {
      required: options.pkce === 'always' ? () => true : (_ctx, client) => client.clientAuthMethod === 'none',
    },
    extraParams: { scope: rejectUnknownScopes(new Set(inputs.scopes)) } as unknown as Configuration['extraParams'],
    rotateRefreshToken: true,
    // OpenID Connect Core §3.1.2.1 makes redirect_uri REQUIRED in the authorization request, and so
    // RFC 6749 §4.1.3 in the code exchange: neither is filled in from a single registered URI.
    allowOmittingSingleRegisteredRedirectUri: false,
    clockTolerance: 5,
    conformIdTokenClaims: true,
    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      AuthorizationCode: ttl.authorizationCode ?? 60,
      IdToken: ttl.idToken ?? 3600,
      RefreshToken: ttl.refreshToken ?? 14 * 24 * 3600,
      Session: ttl.session ?? 14 * 24 * 3600,
      Grant: ttl.grant ?? 14 * 24 * 3600,
      Interaction: ttl.interaction ?? 3600,
    },
    interactions: {
      url: (ctx, interaction) => `${atPublicOrigin(ctx, inputs.interactionUrl)}/${interaction.uid}`,
    },
    loadExistingGrant,
    extraClientMetadata: {
      properties: EXTRA_CLIENT_METADATA,
      validator: validateExtraClientMetadata as never,
    },
    clientBasedCORS: clientBasedCors,
    features: {
      devInteractions: { enabled: false },
      // Sender-constrained tokens are not offered: every grant issues Bearer tokens alike.
      dPoP: { enabled: false },
      clientCredentials: { enabled: options.grants?.clientCredentials !== false },
      introspection: {
        enabled: true,
        // RFC 7662 §2.1: only authenticated (confidential) clients may introspect.
        allowedPolicy: async (ctx: KoaContextWithOIDC, client: { clientId: string }, token: { clientId?: string }) => {
          if (ctx.oidc.client?.clientAuthMethod === 'none') throw new errors.InvalidClient('public clients may not use the introspection endpoint');
          // A token of a client that no longer exists is inactive (oidc-provider would fail on it).
          return token.clientId === client.clientId || (token.clientId !== undefined && (await ctx.oidc.provider.Client.find(token.clientId)) !== undefined);
        },
      },
      revocation: {
        enabled: true,
        // RFC 7009 §2.1: a client may revoke only the tokens issued to it.
        allowedPolicy: (_ctx: KoaContextWithOIDC, client: { clientId: string }, token: { clientId?: string }) => {
          if (token.clientId !== client.clientId) throw new errors.InvalidRequest('the token was not issued to this client');
          return true;
        },
      },
      userinfo: { enabled: true },
      claimsParameter: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          const { action, xsrf } = logoutFormParts(form);
          const clientName = ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId;
          sendPage(ctx as never, 200, (nonce) => views.logoutConfirm({ nonce, action, xsrf, ...(clientName ? { clientName } : {}) }));
        },
        postLogoutSuccessSource: async (ctx) => {
          const clientName = ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId;
          sendPage(ctx as never, 200, (nonce) => views.logoutSuccess({ nonce, ...(clientName ? { clientName } : {}) }));
        },
      },
      ...(inputs.jwtAccessTokens ? { resourceIndicators: inputs.jwtAccessTokens.resourceIndicators as never } : {}),
    },
    ...(inputs.jwtAccessTokens ? { formats: { customizers: { jwt: inputs.jwtAccessTokens.customizer as never } } } : {}),
    renderError: async (ctx, out, error) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      sendPage(ctx as never, status, (nonce) => views.error({
        nonce,
        status,
        title: status >= 500 ? 'Something went wrong' : 'This request cannot be completed',
        error: String(out.error),
        ...(out.error_description ? { description: String(out.error_description) } : {}),
      }));
    },
  };
  return { ...configuration, ...options.providerConfiguration };
}
