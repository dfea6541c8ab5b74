import { Router } from '@koa/router';
import { errors } from 'oidc-provider';
import type { Logger } from '../../helpers/logger.js';
import { tooManyAttempts } from '../../helpers/protocol-errors.js';
import type { PasswordHasher } from '../../passwords/password-hasher.js';
import type { PasswordPolicy } from '../../passwords/password-policy.js';
import type { AccountRecord, AccountStore } from '../../stores/account-store.js';
import type { CounterStore } from '../../stores/counter-store.js';
import { createAttemptLimiter } from '../../throttle/attempt-limiter.js';
import { renderAdminErrors } from './admin-errors.js';
import { jsonBody, bodyOf } from './json-body.js';
import { hashNewPassword } from './user-routes.js';
import { parseEmail, parseRoles, parseUsername } from './user-input.js';
import { userView } from './user-view.js';

export interface SelfRegistrationDeps {
  accounts: AccountStore;
  passwords: PasswordHasher;
  passwordPolicy: PasswordPolicy;
  counters: CounterStore;
  logger: Logger;
  /** The one role every self-registered account gets. */
  defaultRole: string;
  /** Accounts one client address may create per hour. */
  maxPerHour: number;
}

/** What a sign-up sends: `username`, `password` and optionally `email`. */
export interface SignUp {
  username: unknown;
  email?: unknown;
  password: unknown;
  role?: unknown;
  roles?: unknown;
}

/** Creates an account from a sign-up, for a client address (see {@link createSelfRegistration}). */
export type SelfRegistration = (input: SignUp, address: string) => Promise<AccountRecord>;

/**
 * Creates an account for anyone (a sign-up page or `POST /users`). The account always gets the
 * default role and nothing else: a request asking for another role is refused. The same password
 * policy as everywhere; the number of sign-ups per client address is limited (429).
 */
export function createSelfRegistration(deps: SelfRegistrationDeps): SelfRegistration {
  const limiter = createAttemptLimiter({ counters: deps.counters, maxFailures: deps.maxPerHour, windowSeconds: 3600 });

  return async function register(input: SignUp, address: string): Promise<AccountRecord> {
    const roles = parseRoles(input as unknown as Record<string, unknown>);
    if (roles !== undefined && (roles.length !== 1 || roles[0] !== deps.defaultRole)) {
      throw new errors.InvalidRequest(`a role cannot be chosen at sign-up (every account starts as "${deps.defaultRole}")`);
    }
    const username = parseUsername(input.username);
    const email = input.email === undefined ? undefined : parseEmail(input.email);
    const keys = [`signup:${address}`];
    const check = await limiter.check(keys);
    if (check.limited) throw tooManyAttempts('too many accounts were created from this address; try again later', check.retryAfterSeconds);
    const passwordHash = await hashNewPassword(input.password, deps);
    await limiter.recordFailure(keys);
    const account = await deps.accounts.create({ username, ...(email !== undefined ? { email } : {}), passwordHash, roles: [deps.defaultRole] });
    deps.logger.info({ audit: true, actor: account.id, action: 'user.self_register', target: account.id, at: new Date().toISOString() }, 'audit: user.self_register');
    return account;
  };
}

/** `POST /users` (JSON `{ username, email, password }`) → 201 with the new user. Off by default. */
export function createSelfRegistrationRouter(register: SelfRegistration): Router {
  const router = new Router();
  router.post(
    '/users',
    renderAdminErrors(),
    async (ctx, next) => {
      ctx.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
      return next();
    },
    jsonBody({ limit: 16 * 1024, maxDepth: 5, maxMembers: 20 }),
    async (ctx) => {
      const body = bodyOf(ctx);
      const unknown = Object.keys(body).find((k) => !['username', 'email', 'password', 'role', 'roles'].includes(k));
      if (unknown) throw new errors.InvalidRequest(`unknown field "${unknown}" (allowed: username, email, password)`);
      const account = await register(body as unknown as SignUp, ctx.ip);
      ctx.status = 201;
      ctx.body = userView(account);
    },
  );
  return router;
}
