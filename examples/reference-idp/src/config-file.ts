import { readFile } from 'node:fs/promises';
import { ConfigurationError, type ClientMetadata, type IdentityProviderOptions } from '@oidc-kit/core';
import { parseTrustProxy } from './environment.js';

/** A user entry of the config file. */
export interface ConfigUser {
  id?: string;
  username: string;
  email?: string;
  email_verified?: boolean;
  password?: string;
  password_hash?: string;
  roles?: string[];
  role?: string;
  claims?: Record<string, unknown>;
  disabled?: boolean;
}

/** The IDP_CONFIG file: core options (JSON-friendly ones) plus `clients` and `users`. */
export interface ConfigFile extends Partial<Omit<IdentityProviderOptions, 'clients' | 'accounts' | 'adapter' | 'counters' | 'logger' | 'interactions' | 'providerConfiguration'>> {
  clients?: ClientMetadata[];
  users?: ConfigUser[];
}

const ALLOWED_KEYS = new Set([
  'issuer', 'routes', 'scopes', 'claims', 'clients', 'users', 'grants', 'accessTokens', 'ttl', 'keys',
  'cookieKeys', 'trustProxy', 'pkce', 'refreshTokenReuseGraceSeconds', '$schema',
  'publicOrigins', 'clientAuthThrottle', 'requestLimits', 'passwords',
  'admin', 'selfRegistration',
]);

/** Reads and shape-checks the config file; deeper checks happen in createIdentityProvider. */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ConfigurationError('IDP_CONFIG', `cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'}: ${path})`, { cause });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ConfigurationError('IDP_CONFIG', `is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigurationError('IDP_CONFIG', 'must contain a JSON object');
  for (const key of Object.keys(parsed)) {
    if (!ALLOWED_KEYS.has(key)) throw new ConfigurationError(key, `is not a known configuration key (known: ${[...ALLOWED_KEYS].filter((k) => k !== '$schema').join(', ')})`);
  }
  const config = parsed as ConfigFile;
  // The key takes what TRUST_PROXY takes, a string included ("loopback", "10.0.0.0/8, 1", "true").
  const trustProxy: unknown = config.trustProxy;
  if (typeof trustProxy === 'string') config.trustProxy = parseTrustProxy(trustProxy);
  if (config.clients !== undefined && !Array.isArray(config.clients)) throw new ConfigurationError('clients', 'must be an array of client metadata');
  if (config.users !== undefined) {
    if (!Array.isArray(config.users)) throw new ConfigurationError('users', 'must be an array');
    config.users.forEach((user, i) => {
      if (typeof user?.username !== 'string' || user.username === '') throw new ConfigurationError(`users[${i}].username`, 'is required');
      if (user.password === undefined && user.password_hash === undefined) throw new ConfigurationError(`users[${i}]`, 'needs "password" or "password_hash"');
    });
  }
  return config;
}
