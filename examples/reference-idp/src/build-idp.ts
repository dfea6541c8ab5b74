import {
  ConfigurationError,
  createIdentityProvider,
  type IdentityProvider,
  type IdentityProviderOptions,
  type Logger,
} from '@oidc-kit/core';
import { readConfigFile, type ConfigFile } from './config-file.js';
import { demoConfig } from './demo-data.js';
import { usesRedis, type Environment } from './environment.js';
import { loadUsers } from './load-users.js';
import { assertProductionReady } from './production-checks.js';
import { openRedisStorage } from './redis-storage.js';

export interface BuiltIdp {
  idp: IdentityProvider;
  config: ConfigFile;
  usingDemoData: boolean;
  /** Closes what buildIdp opened besides the IdP itself (e.g. a Redis connection); after `idp.close()`. */
  closeStorage?(): Promise<void>;
}

/** Builds the identity provider from the environment and the config file (or the demo data). */
export async function buildIdp(env: Environment, logger: Logger): Promise<BuiltIdp> {
  const fileConfig = env.configPath ? await readConfigFile(env.configPath) : undefined;
  const issuer = env.issuer ?? fileConfig?.issuer ?? `http://localhost:${env.port}`;
  const config = fileConfig ?? demoConfig(issuer);
  const { users, clients, ...coreOptions } = config;

  if (env.production && !usesRedis(env)) {
    throw new ConfigurationError('REDIS_URL', 'is required with NODE_ENV=production (in-memory storage loses every session, token and user at restart)');
  }
  if (env.production) assertProductionReady({ issuer, usingDemoData: fileConfig === undefined });

  // REDIS_URL / REDIS_SENTINELS / REDIS_CLUSTER_NODES: every store on Redis (see redis-storage.ts); else in memory.
  const redis = await openRedisStorage(env, clients ?? []);
  const closeStorage = async () => {
    await redis?.storage.close();
  };
  const options: IdentityProviderOptions = {
    ...coreOptions,
    issuer,
    // The reference IdP serves the admin API (and RFC 7591 registration) unless the config says no.
    admin: { enabled: true, ...coreOptions.admin },
    clients: clients ?? [],
    ...redis?.options,
    logger,
    ...(env.trustProxy !== undefined ? { trustProxy: env.trustProxy } : {}),
    ...(env.signingKeys ? { keys: env.signingKeys as IdentityProviderOptions['keys'] } : {}),
    ...(env.cookieKeys ? { cookieKeys: env.cookieKeys } : {}),
  };
  let idp: IdentityProvider;
  try {
    idp = await createIdentityProvider(options);
  } catch (error) {
    await closeStorage();
    throw error;
  }
  try {
    await loadUsers(idp, users ?? []);
  } catch (error) {
    await idp.close();
    await closeStorage();
    throw error;
  }
  return { idp, config, usingDemoData: fileConfig === undefined, ...(redis ? { closeStorage } : {}) };
}
