import { ConfigurationError } from '@oidc-kit/core';

/** The reference IdP's environment contract (see DESIGN.md). The only place that reads process.env. */
export interface Environment {
  port: number;
  host: string | undefined;
  issuer: string | undefined;
  configPath: string | undefined;
  redisUrl: string | undefined;
  redisClusterNodes: string[] | undefined;
  trustProxy: boolean | number | string[] | undefined;
  production: boolean;
}

export function parseTrustProxy(value: string | undefined): boolean | number | string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return trimmed.split(',').map((s) => s.trim()).filter(Boolean);
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigurationError('PORT', `must be a port number, got ${JSON.stringify(env.PORT)}`);
  return {
    port,
    host: env.HOST || undefined,
    issuer: env.ISSUER || undefined,
    configPath: env.IDP_CONFIG || undefined,
    redisUrl: env.REDIS_URL || undefined,
    redisClusterNodes: env.REDIS_CLUSTER_NODES ? env.REDIS_CLUSTER_NODES.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    production: env.NODE_ENV === 'production',
  };
}
