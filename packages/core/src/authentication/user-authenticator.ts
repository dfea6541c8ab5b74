import type { PasswordHasher } from '../passwords/password-hasher.js';
import type { AttemptLimiter } from '../throttle/attempt-limiter.js';
import type { AccountRecord, AccountStore } from '../stores/account-store.js';

export type AuthenticationResult =
  | { ok: true; account: AccountRecord }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export interface UserAuthenticator {
  /**
   * Checks a username-or-e-mail and password. Unknown users, wrong passwords and disabled
   * accounts are all `invalid` and cost the same one bcrypt comparison. Failures count per
   * login name and per client address; past the limits the answer is `throttled`.
   */
  authenticate(login: string, password: string, clientAddress: string): Promise<AuthenticationResult>;
}

const fold = (value: string) => value.normalize('NFKC').toLowerCase();

export function createUserAuthenticator(deps: {
  accounts: AccountStore;
  hasher: PasswordHasher;
  perLogin: AttemptLimiter;
  perAddress: AttemptLimiter;
}): UserAuthenticator {
  const { accounts, hasher, perLogin, perAddress } = deps;
  return {
    async authenticate(login, password, clientAddress) {
      const loginKey = [`pwd:login:${fold(login)}`];
      const addressKey = [`pwd:addr:${clientAddress}`];
      const [byLogin, byAddress] = await Promise.all([perLogin.check(loginKey), perAddress.check(addressKey)]);
      const limited = [byLogin, byAddress].filter((c) => c.limited);
      if (limited.length > 0) {
        return { ok: false, reason: 'throttled', retryAfterSeconds: Math.max(...limited.map((c) => (c.limited ? c.retryAfterSeconds : 0))) };
      }

      const account = await accounts.findByLogin(login);
      const hash = account?.passwordHash ?? (await hasher.dummyHash());
      const matches = await hasher.verify(password, hash);
      if (account && matches && !account.disabled) {
        await perLogin.reset(loginKey);
        return { ok: true, account };
      }
      await Promise.all([perLogin.recordFailure(loginKey), perAddress.recordFailure(addressKey)]);
      return { ok: false, reason: 'invalid' };
    },
  };
}
