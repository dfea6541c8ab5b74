import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';

import { ConfigurationError } from '../errors.js';
import { BCRYPT_WORKER_SOURCE } from './bcrypt-worker-source.js';
import { assertBcryptLength, BCRYPT_MAX_PASSWORD_BYTES, utf8ByteLength } from './password-policy.js';
import { createWorkerPool } from './worker-pool.js';

/** Options of {@link createPasswordHasher}. */
export interface PasswordHasherOptions {
  /** bcrypt cost (log2 rounds), 4–31. Default 12. */
  cost?: number;
  /** Worker threads hashing in parallel. Default: one less than the CPUs, between 1 and 4. */
  poolSize?: number;
  /**
   * Which bcrypt to run: `native` (@node-rs/bcrypt, ~25 % faster), `bcryptjs` (plain
   * JavaScript). Default: `native` when its binary loads on this platform, `bcryptjs` otherwise.
   * Both write and read the same `$2b$` hashes.
   */
  implementation?: BcryptImplementation;
}

export type BcryptImplementation = 'native' | 'bcryptjs';

/** bcrypt hashing and verification off the event loop. */
export interface PasswordHasher {
  /** The bcrypt this hasher runs. */
  readonly implementation: BcryptImplementation;
  /**
   * A bcrypt hash of `password`. Throws `ValidationError` for a password over 72 UTF-8 bytes
   * (refused, never truncated).
   */
  hash(password: string): Promise<string>;
  /** Whether `password` matches `hash`. `false`, never a throw, for a malformed hash or an over-long password. */
  verify(password: string, hash: string): Promise<boolean>;
  /**
   * A hash of a random password at the configured cost, computed once when the hasher starts.
   * Verify against it when the user is unknown, so that case costs one comparison like a wrong password.
   */
  dummyHash(): Promise<string>;
  /** Stops the workers. Pending calls reject. */
  close(): Promise<void>;
}

/** `$2a$`/`$2b$`/`$2y$`, two-digit cost, 22 salt and 31 hash characters of bcrypt's base64. */
const BCRYPT_HASH = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

/** Whether `value` has the shape of a bcrypt hash both implementations can compare against. */
export function isBcryptHash(value: unknown): value is string {
  return typeof value === 'string' && BCRYPT_HASH.test(value);
}

const requireHere = createRequire(import.meta.url);
/** Whether @node-rs/bcrypt's binary loads here, decided once per process. */
let nativeLoads: boolean | undefined;

function nativeAvailable(): boolean {
  if (nativeLoads === undefined) {
    try {
      const native = requireHere('@node-rs/bcrypt') as { verifySync(password: string, hash: string): boolean };
      nativeLoads = typeof native.verifySync === 'function';
    } catch {
      nativeLoads = false;
    }
  }
  return nativeLoads;
}

/**
 * Creates a bcrypt hasher that runs in a small pool of worker threads, so a login
 * does not hold up other requests for the ~0.2 s a cost-12 comparison takes. Idle workers do not
 * keep the process alive; call `close()` on shutdown.
 *
 * @example
 * const hasher = createPasswordHasher({ cost: 12 });
 * const hash = await hasher.hash('correct horse battery staple');
 * const ok = await hasher.verify(input, account?.passwordHash ?? (await hasher.dummyHash()));
 */
export function createPasswordHasher(options: PasswordHasherOptions = {}): PasswordHasher {
  const cost = options.cost ?? 12;
  if (!Number.isInteger(cost) || cost < 4 || cost > 31) {
    throw new ConfigurationError('cost', 'must be an integer between 4 and 31');
  }
  const implementation = options.implementation ?? (nativeAvailable() ? 'native' : 'bcryptjs');
  if (implementation !== 'native' && implementation !== 'bcryptjs') {
    throw new ConfigurationError('implementation', "must be 'native' or 'bcryptjs'");
  }
  if (implementation === 'native' && !nativeAvailable()) {
    throw new ConfigurationError('implementation', '@node-rs/bcrypt has no binary that loads on this platform; use bcryptjs');
  }
  const poolSize = options.poolSize ?? Math.min(4, Math.max(1, availableParallelism() - 1));
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new ConfigurationError('poolSize', 'must be a positive integer');
  }

  const pool = createWorkerPool({
    size: poolSize,
    source: BCRYPT_WORKER_SOURCE,
    workerData: { implementation, modulePath: requireHere.resolve(implementation === 'native' ? '@node-rs/bcrypt' : 'bcryptjs') },
  });

  const hash = async (password: string): Promise<string> => {
    assertBcryptLength(password);
    return (await pool.run({ op: 'hash', password, cost })) as string;
  };

  const dummy = hash(randomBytes(18).toString('base64url'));
  // Nobody may ever ask for it; a rejection (hasher closed early) must not go unhandled.
  dummy.catch(() => undefined);

  return {
    implementation,
    hash,
    async verify(password, storedHash) {
      if (typeof password !== 'string' || !isBcryptHash(storedHash)) return false;
      // bcrypt would compare only the first 72 bytes; such a password was never accepted.
      if (utf8ByteLength(password) > BCRYPT_MAX_PASSWORD_BYTES) return false;
      return (await pool.run({ op: 'verify', password, hash: storedHash })) === true;
    },
    dummyHash: () => dummy,
    close: () => pool.close(),
  };
}
