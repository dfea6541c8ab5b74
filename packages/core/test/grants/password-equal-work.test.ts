import { afterAll, describe, expect, it } from 'vitest';
import { createUserAuthenticator } from '../../src/authentication/user-authenticator.js';
import { createPasswordHasher, createAttemptLimiter, MemoryAccountStore, MemoryCounterStore, type PasswordHasher } from '../../src/index.js';

describe('password checks cost the same whatever the failure', () => {
  const hasher = createPasswordHasher({ cost: 4, poolSize: 1 });
  afterAll(() => hasher.close());

  /** The real hasher, recording which hashes it compared against. */
  function recording(inner: PasswordHasher): PasswordHasher & { compared: string[] } {
    const compared: string[] = [];
    return { ...inner, compared, verify: (password, hash) => (compared.push(hash), inner.verify(password, hash)) };
  }

  it('runs exactly one bcrypt comparison for an unknown user, a wrong password and a disabled account', async () => {
    const accounts = new MemoryAccountStore();
    const counters = new MemoryCounterStore();
    const limiter = createAttemptLimiter({ counters, maxFailures: 100, windowSeconds: 60 });
    const spy = recording(hasher);
    const authenticator = createUserAuthenticator({ accounts, hasher: spy, perLogin: limiter, perAddress: limiter });
    const hash = await hasher.hash('right password');
    await accounts.create({ username: 'erin', passwordHash: hash });
    await accounts.create({ username: 'frank', passwordHash: hash, disabled: true });

    const cases: Array<[string, string]> = [['nobody', 'right password'], ['erin', 'wrong password'], ['frank', 'right password']];
    for (const [login, password] of cases) {
      spy.compared.length = 0;
      expect(await authenticator.authenticate(login, password, '192.0.2.1')).toEqual({ ok: false, reason: 'invalid' });
      expect(spy.compared, login).toHaveLength(1);
      // The unknown user is compared against the dummy hash, which has the real hashes' cost.
      expect(spy.compared[0]!.slice(0, 7), login).toBe(hash.slice(0, 7));
    }
    expect(spy.compared[0]).toBe(hash);
  });
});
