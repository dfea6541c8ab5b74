import { userInfo } from 'node:os';
import type { Logger } from '@oidc-kit/core';
import { buildIdp, type BuiltIdp } from './build-idp.js';
import { usesRedis, type Environment } from './environment.js';

/** Where the CLI writes: results on stdout, notes and audit lines on stderr. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** The whole of standard input (for `--password-stdin`). */
  readStdin(): Promise<string>;
}

export interface CliContext {
  built: BuiltIdp;
  /** One audit line per change (who, what, when), like the admin API's. */
  audit(action: string, target: string): void;
  close(): Promise<void>;
}

/** True when the IdP's users, clients and keys live in Redis (so CLI changes outlive the command). */
export function persistentStorage(env: Environment): boolean {
  return usesRedis(env);
}

/** Who the audit lines name: the operating-system user running the CLI. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/**
 * Builds the IdP exactly as the server does (same environment, config file and storage), without
 * listening, so a command goes through the same stores, hasher and client registry. Start-up
 * warnings meant for a server are left out; errors still reach stderr.
 */
export async function openIdp(env: Environment, io: CliIo): Promise<CliContext> {
  if (!persistentStorage(env)) {
    io.err('warning: no REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES: this command works on in-memory storage and its changes are lost when it exits');
  }
  const logger: Logger = {
    info: () => {},
    warn: () => {},
    error: (object, message) => io.err(JSON.stringify({ level: 'error', ...object, msg: message })),
  };
  const built = await buildIdp(env, logger);
  const who = cliActor();
  return {
    built,
    audit(action, target) {
      io.err(JSON.stringify({ level: 'info', audit: true, actor: who, action, target, at: new Date().toISOString(), msg: `audit: ${action}` }));
    },
    async close() {
      await built.idp.close();
      await built.closeStorage?.();
    },
  };
}
