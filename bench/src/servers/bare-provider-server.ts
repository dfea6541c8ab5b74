import Provider, { type Configuration } from 'oidc-provider';
import { CLIENT_METADATA, JWT_AUDIENCE, ROUTES, SERVICE_SCOPE, signingAlgOf } from '../fixtures.js';
import { passwordLoginApp } from './bare-login-interactions.js';
import { mintUserTokens } from './mint-tokens.js';
import type { BenchServer, ServerConfig } from './types.js';

const ACCOUNT_ID = 'bench-user';

/**
 * Bare oidc-provider 9 with its own in-memory adapter and either its development interactions
 * (any login is accepted) or, with `passwordLogin`, the smallest login that checks a password
 * (`bare-login-interactions.ts`), configured for the same client, scopes, lifetimes and paths as
 * oidc-kit. JWT access tokens come, as oidc-provider offers them, from a resource server
 * (RFC 8707) that is every request's default resource.
 */
export async function startBareProvider(config: ServerConfig, issuer: string, passwordLogin = false): Promise<BenchServer> {
  const alg = signingAlgOf(config.variant);
  const configuration: Configuration = {
    // oidc-provider refuses grant types it does not ship (password).
    clients: [{ ...CLIENT_METADATA, grant_types: CLIENT_METADATA.grant_types.filter((g) => g !== 'password') } as never],
    jwks: config.keys as Configuration['jwks'],
    routes: ROUTES,
    scopes: ['openid', 'offline_access', 'profile', 'email', SERVICE_SCOPE],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, email: 'alice@example.com', email_verified: true, name: 'Alice' }),
    }),
    cookies: { keys: ['bench-cookie-key-0123456789abcdef'] },
    rotateRefreshToken: true,
    ttl: { AccessToken: 3600, ClientCredentials: 3600, AuthorizationCode: 60, IdToken: 3600, RefreshToken: 14 * 24 * 3600, Grant: 14 * 24 * 3600, Session: 14 * 24 * 3600, Interaction: 3600 },
    ...(passwordLogin ? { interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` } } : {}),
    features: {
      devInteractions: { enabled: !passwordLogin },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      ...(alg
        ? {
            resourceIndicators: {
              enabled: true,
              defaultResource: () => JWT_AUDIENCE,
              useGrantedResource: () => true,
              getResourceServerInfo: () => ({ scope: SERVICE_SCOPE, audience: JWT_AUDIENCE, accessTokenTTL: 3600, accessTokenFormat: 'jwt', jwt: { sign: { alg } } }),
            },
          }
        : {}),
    },
  };
  const provider = new Provider(issuer, configuration);
  return {
    listener: passwordLogin ? passwordLoginApp(provider, ACCOUNT_ID, config.passwordHashes.cost4).callback() : provider.callback(),
    mint: (kind, count) => mintUserTokens(provider, ACCOUNT_ID, kind, count),
    close: async () => {},
  };
}
