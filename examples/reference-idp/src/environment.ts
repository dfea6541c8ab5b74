import { ConfigurationError } from '@oidc-kit/core';

/** The reference IdP's environment contract (see DESIGN.md). The only place that reads process.env. */
export interface Environment {
  port: number;
  host: string | undefined;
  issuer: string | undefined;
  configPath: string | undefined;
  redisUrl: string | undefined;
  redisClusterNodes: string[] | undefined;
  /** `REDIS_SENTINELS`: `host:port` of Redis Sentinels; with `REDIS_SENTINEL_MASTER`, the master group they watch. */
  redisSentinels: string[] | undefined;
  redisSentinelMaster: string | undefined;
  /** `REDIS_PASSWORD` (the master's and replicas') and `REDIS_SENTINEL_PASSWORD`, for Sentinel setups. */
  redisPassword: string | undefined;
  redisSentinelPassword: string | undefined;
  trustProxy: boolean | number | string[] | undefined;
  production: boolean;
  /** pino level: `fatal`, `error`, `warn`, `info` (default), `debug`, `trace` or `silent`. */
  logLevel: string;
  /** How long a SIGTERM waits for in-flight requests before cutting connections. Default 10 s. */
  shutdownTimeoutMs: number;
  /** `SIGNING_KEYS`: a private JWKS (JSON); replaces the config file's `keys`. */
  signingKeys: { keys: Record<string, unknown>[] } | undefined;
  /** `COOKIE_KEYS`: comma-separated cookie secrets, newest first; replaces the config file's `cookieKeys`. */
  cookieKeys: string[] | undefined;
}

function readSigningKeys(value: string | undefined): Environment['signingKeys'] {
  if (value === undefined || value.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigurationError('SIGNING_KEYS', 'must be a JWKS in JSON ({"keys": [...]})');
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { keys?: unknown }).keys)) {
    throw new ConfigurationError('SIGNING_KEYS', 'must be a JWKS in JSON ({"keys": [...]})');
  }
  return parsed as Environment['signingKeys'];
}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export function parseTrustProxy(value: string | undefined): boolean | number | string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return trimmed.split(',').map((s) => s.trim()).filter(Boolean);
}

/** A comma-separated list; undefined when the variable is unset or empty. */
function listOf(value: string | undefined): string[] | undefined {
  return value ? value.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
}

/** Whether the environment puts storage on Redis (standalone, Sentinel or Cluster). */
export function usesRedis(env: Environment): boolean {
  return env.redisUrl !== undefined || env.redisClusterNodes !== undefined || env.redisSentinels !== undefined;
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
    redisClusterNodes: listOf(env.REDIS_CLUSTER_NODES),
    redisSentinels: listOf(env.REDIS_SENTINELS),
    redisSentinelMaster: env.REDIS_SENTINEL_MASTER || undefined,
    redisPassword: env.REDIS_PASSWORD || undefined,
    redisSentinelPassword: env.REDIS_SENTINEL_PASSWORD || undefined,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    production: env.NODE_ENV === 'production',
    logLevel: readLogLevel(env.LOG_LEVEL),
    shutdownTimeoutMs: readShutdownTimeout(env.SHUTDOWN_TIMEOUT),
    signingKeys: readSigningKeys(env.SIGNING_KEYS),
    cookieKeys: listOf(env.COOKIE_KEYS),
  };
}

function readLogLevel(value: string | undefined): string {
  if (value === undefined || value === '') return 'info';
  if (!LOG_LEVELS.has(value)) throw new ConfigurationError('LOG_LEVEL', `must be one of ${[...LOG_LEVELS].join(', ')}, got ${JSON.stringify(value)}`);
  return value;
}

function readShutdownTimeout(value: string | undefined): number {
  if (value === undefined || value === '') return 10_000;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 3600) throw new ConfigurationError('SHUTDOWN_TIMEOUT', `must be a number of seconds (0–3600), got ${JSON.stringify(value)}`);
  return Math.round(seconds * 1000);
}
