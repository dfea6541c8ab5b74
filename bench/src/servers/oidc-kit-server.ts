import { createIdentityProvider, MemoryAccountStore, type AccountRecord, type AccountStore, type IdentityProviderOptions, type Logger } from '@oidc-kit/core';
import { createRedisAdapter } from '@oidc-kit/redis-adapter';
import { CLIENT_METADATA, JWT_AUDIENCE, ROUTES, SERVICE_SCOPE, USERS, signingAlgOf } from '../fixtures.js';
import { mintUserTokens } from './mint-tokens.js';
import type { BenchServer, ServerConfig } from './types.js';

/** Errors still reach stderr (a bench hiding failures would measure nothing); warnings do not. */
const quietLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: (object, message) => console.error(JSON.stringify({ ...object, msg: message })),
};

async function findOrCreate(accounts: AccountStore, username: string, passwordHash: string): Promise<AccountRecord> {
  const existing = await accounts.findByLogin(username);
  if (existing) return existing;
  return accounts.create({ username, email: `${username}@example.com`, emailVerified: true, passwordHash, claims: { name: username } });
}

/**
 * oidc-kit as an application would run it: in memory, or with everything (tokens, sessions,
 * accounts, clients, counters) on Redis through `@oidc-kit/redis-adapter`.
 */
export async function startOidcKit(config: ServerConfig, issuer: string): Promise<BenchServer> {
  const redis = config.redis ? createRedisAdapter({ url: config.redis.url, prefix: config.redis.prefix }) : undefined;
  const accounts = redis?.accountStore ?? new MemoryAccountStore();
  const alice = await findOrCreate(accounts, USERS.cost12.username, config.passwordHashes.cost12);
  await findOrCreate(accounts, USERS.cost4.username, config.passwordHashes.cost4);
  const alg = signingAlgOf(config.variant);

  const options: IdentityProviderOptions = {
    issuer,
    keys: config.keys,
    cookieKeys: ['bench-cookie-key-0123456789abcdef'],
    accounts,
    clients: redis ? { store: redis.clientStore, static: [CLIENT_METADATA] } : [CLIENT_METADATA],
    scopes: [SERVICE_SCOPE],
    routes: ROUTES,
    passwords: { cost: 12 },
    logger: quietLogger,
    ...(alg ? { accessTokens: { format: 'jwt', signingAlg: alg, audience: JWT_AUDIENCE } } : {}),
    ...(redis ? { adapter: redis.adapterFactory, counters: redis.counterStore } : {}),
  };
  const idp = await createIdentityProvider(options);
  return {
    listener: idp.callback(),
    mint: (kind, count) => mintUserTokens(idp.provider, alice.id, kind, count),
    close: async () => {
      await idp.close();
      await redis?.close();
    },
  };
}
