import { createRequire } from 'node:module';
import bcryptjs from 'bcryptjs';
import { afterAll, describe, expect, it } from 'vitest';

import { ValidationError } from '../src/errors.js';
import { createPasswordHasher, isBcryptHash } from '../src/passwords/password-hasher.js';

const nativeLoads = (() => {
  try {
    createRequire(import.meta.url)('@node-rs/bcrypt');
    return true;
  } catch {
    return false;
  }
})();
// The lockfile carries @node-rs/bcrypt's binary for Linux x64 with glibc (CI's platform).
const glibcX64 = process.platform === 'linux' && process.arch === 'x64'
  && Boolean((process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime);

describe('createPasswordHasher: default', () => {
  it('runs the native bcrypt where its binary loads, bcryptjs elsewhere', async () => {
    if (glibcX64) expect(nativeLoads).toBe(true);
    const hasher = createPasswordHasher({ cost: 4, poolSize: 1 });
    try {
      expect(hasher.implementation).toBe(nativeLoads ? 'native' : 'bcryptjs');
    } finally {
      await hasher.close();
    }
    if (!nativeLoads) expect(() => createPasswordHasher({ implementation: 'native' })).toThrow(/implementation/);
  });
});

describe.each(nativeLoads ? (['native', 'bcryptjs'] as const) : (['bcryptjs'] as const))('createPasswordHasher (%s)', (implementation) => {
  const hasher = createPasswordHasher({ cost: 4, poolSize: 2, implementation });
  afterAll(() => hasher.close());

  it('reads hashes the other implementation wrote, and writes hashes it reads', async () => {
    for (const password of ['correct horse', 'pässwörd ✓', 'x'.repeat(72), 'nul\u0000inside']) {
      expect(await hasher.verify(password, bcryptjs.hashSync(password, 4))).toBe(true);
      expect(await hasher.verify(`#${password.slice(1)}`, bcryptjs.hashSync(password, 4))).toBe(false);
      expect(bcryptjs.compareSync(password, await hasher.hash(password))).toBe(true);
    }
    // $2a$ and $2y$ hashes (older libraries, PHP) are the same algorithm.
    const written = bcryptjs.hashSync('legacy', 4);
    expect(await hasher.verify('legacy', `$2a$${written.slice(4)}`)).toBe(true);
    expect(await hasher.verify('legacy', `$2y$${written.slice(4)}`)).toBe(true);
  });

  it('hashes with bcrypt at the configured cost and verifies the right password only', async () => {
    const hash = await hasher.hash('correct horse');
    expect(hash).toMatch(/^\$2b\$04\$/);
    expect(isBcryptHash(hash)).toBe(true);
    expect(await hasher.verify('correct horse', hash)).toBe(true);
    expect(await hasher.verify('correct horsE', hash)).toBe(false);
    expect(await hasher.verify('', hash)).toBe(false);
  });

  it('salts: the same password hashes differently', async () => {
    expect(await hasher.hash('same')).not.toBe(await hasher.hash('same'));
  });

  it.each([
    ['garbage', 'not a hash'],
    ['empty', ''],
    ['truncated', '$2b$04$abcdefghijklmnopqrstuu'],
    ['bad cost', `$2b$99$${'a'.repeat(53)}`],
    ['bad characters', `$2b$04$${'!'.repeat(53)}`],
    ['not a string', 42],
  ])('returns false, never throws, for a malformed hash (%s)', async (_name, hash) => {
    await expect(hasher.verify('password', hash as string)).resolves.toBe(false);
  });

  it('refuses to hash more than 72 bytes, and never matches such a password', async () => {
    const long = 'x'.repeat(73);
    await expect(hasher.hash(long)).rejects.toBeInstanceOf(ValidationError);
    const hashOf72 = await hasher.hash(long.slice(0, 72));
    // bcrypt alone would say true here: it ignores byte 73 onwards.
    expect(await hasher.verify(long, hashOf72)).toBe(false);
  });

  it('offers a dummy hash at the same cost that no guess matches', async () => {
    const dummy = await hasher.dummyHash();
    expect(dummy).toMatch(/^\$2b\$04\$/);
    expect(await hasher.dummyHash()).toBe(dummy);
    expect(await hasher.verify('password', dummy)).toBe(false);
  });

  it('refuses bad options', () => {
    expect(() => createPasswordHasher({ cost: 3 })).toThrow(/cost/);
    expect(() => createPasswordHasher({ poolSize: 0 })).toThrow(/poolSize/);
    expect(() => createPasswordHasher({ implementation: 'argon2' as 'native' })).toThrow(/implementation/);
  });

  it('rejects calls after close', async () => {
    const closing = createPasswordHasher({ cost: 4, poolSize: 1 });
    await closing.close();
    await expect(closing.hash('password')).rejects.toThrow(/closed/);
  });
});

describe('createPasswordHasher: off the event loop', () => {
  it('keeps the event loop turning while 8 cost-10 verifications run', async () => {
    const hasher = createPasswordHasher({ cost: 10, poolSize: 2 });
    try {
      const hash = await hasher.hash('correct horse');
      let ticks = 0;
      let running = true;
      const tick = () => {
        ticks += 1;
        if (running) setImmediate(tick);
      };
      setImmediate(tick);
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => hasher.verify(i % 2 ? 'wrong' : 'correct horse', hash)));
      running = false;
      expect(results).toEqual([true, false, true, false, true, false, true, false]);
      // Eight cost-10 comparisons on the main thread would allow at most a handful of ticks
      // (one between each); in workers the loop turns freely meanwhile.
      expect(ticks).toBeGreaterThan(100);
    } finally {
      await hasher.close();
    }
  });
});
