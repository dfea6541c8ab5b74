import type { RequestListener } from 'node:http';
import type { JWK } from 'jose';
import type { TokenVariant } from '../fixtures.js';

/** The servers the bench compares; each runs in its own child process. */
export type ServerKind = 'noop' | 'bcrypt' | 'node-oauth' | 'bare' | 'bare-login' | 'kit-memory' | 'kit-redis';

export interface ServerConfig {
  kind: ServerKind;
  variant: TokenVariant;
  /** Private signing keys (RS256 and ES256), the same for every server of a run. */
  keys: { keys: JWK[] };
  /** bcrypt hashes of the bench users, computed once per run. */
  passwordHashes: { cost12: string; cost4: string };
  redis?: { url: string; prefix: string };
  /** Worker threads of the bcrypt-only server (default: the same as oidc-kit's hasher). */
  poolSize?: number;
}

/** Tokens a server mints through its own models, for scenarios that need a pool of them. */
export type MintKind = 'refresh' | 'access';

/** A started bench server, before it listens. */
export interface BenchServer {
  listener: RequestListener;
  mint?(kind: MintKind, count: number): Promise<string[]>;
  close(): Promise<void>;
}
