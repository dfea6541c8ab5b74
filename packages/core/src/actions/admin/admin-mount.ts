import type { Router } from '@koa/router';
import type { Middleware } from 'koa';
import compose from 'koa-compose';
import { errors, type default as Provider } from 'oidc-provider';
import type { JwtAccessTokens } from '../../access-tokens/jwt-access-tokens.js';
import { resolveRequestLimits, type RequestLimits } from '../../helpers/request-limits.js';
import { underPath } from '../../middleware/path-scope.js';
import type { HashedClientSecrets } from '../../clients/hashed-client-secrets.js';
import type { Logger } from '../../helpers/logger.js';
import type { PasswordHasher } from '../../passwords/password-hasher.js';
import type { AccountStore } from '../../stores/account-store.js';
import type { CounterStore } from '../../stores/counter-store.js';
import { ADMIN_SCOPE, resolveAdminOptions, type AdminOptions, type SelfRegistrationOptions } from './admin-options.js';
import { createAdminRouter } from './admin-router.js';
import { createAdminTokenVerifier } from './admin-token.js';
import { auditRegistrations, registrationGate } from './registration-gate.js';
import { createSelfRegistration, createSelfRegistrationRouter, type SelfRegistration } from './self-registration.js';

export interface AdminMountDeps {
  options: { admin?: AdminOptions; selfRegistration?: SelfRegistrationOptions; passwords?: { minLength?: number }; requestLimits?: Partial<RequestLimits> };
  provider: Provider;
  hashedSecrets: HashedClientSecrets;
  accounts: AccountStore;
  passwords: PasswordHasher;
  counters: CounterStore;
  logger: Logger;
  routes: { admin: string; registration: string };
  jwtAccessTokens?: JwtAccessTokens;
}

/** The admin router (always built, so a host app may mount it) and the middleware oidc-kit mounts. */
export interface AdminMount {
  router: Router;
  /** Admin API, registration gate and self-registration, as enabled; placed before the provider. */
  middleware: Middleware[];
  /** Self-registration (limits, policy, default role), when enabled: `POST /users` and the sign-up page use it. */
  signUp?: SelfRegistration;
}

/**
 * Wires the admin API, the RFC 7591 registration gate and self-registration from the options.
 * Called once by `createIdentityProvider`.
 */
export function mountAdmin(deps: AdminMountDeps): AdminMount {
  const settings = resolveAdminOptions(deps.options);
  const passwordPolicy = { minLength: deps.options.passwords?.minLength ?? 8 };
  const router = createAdminRouter({
    provider: deps.provider,
    clients: deps.hashedSecrets.store,
    accounts: deps.accounts,
    passwords: deps.passwords,
    logger: deps.logger,
    prefix: deps.routes.admin,
    passwordPolicy,
    role: settings.role,
    initialAccessTokens: settings.registration,
    limits: resolveRequestLimits(deps.options.requestLimits),
    ...(deps.jwtAccessTokens ? { jwtAccessTokens: deps.jwtAccessTokens } : {}),
  });

  const middleware: Middleware[] = [];
  if (settings.enabled) {
    middleware.push(underPath(deps.routes.admin, compose([
      router.routes() as unknown as Middleware,
      router.allowedMethods({ throw: true, methodNotAllowed: () => new errors.InvalidRequest('method not allowed on this admin route', 405) }) as unknown as Middleware,
    ])));
  }
  if (settings.registration) {
    auditRegistrations(deps.provider, deps.logger);
    middleware.push(registrationGate({
      provider: deps.provider,
      clients: deps.hashedSecrets.store,
      path: deps.routes.registration,
      verifyAdminToken: createAdminTokenVerifier({
        provider: deps.provider,
        accounts: deps.accounts,
        ...(deps.jwtAccessTokens ? { jwtAccessTokens: deps.jwtAccessTokens } : {}),
        scope: ADMIN_SCOPE,
        role: settings.role,
      }),
      isPlaceholder: deps.hashedSecrets.isPlaceholder,
      scope: ADMIN_SCOPE,
    }));
  }
  let signUp: AdminMount['signUp'];
  if (settings.selfRegistration.enabled) {
    signUp = createSelfRegistration({
      accounts: deps.accounts,
      passwords: deps.passwords,
      passwordPolicy,
      counters: deps.counters,
      logger: deps.logger,
      defaultRole: settings.selfRegistration.defaultRole,
      maxPerHour: settings.selfRegistration.maxPerHour,
    });
    middleware.push(createSelfRegistrationRouter(signUp).routes() as unknown as Middleware);
  }
  return { router, middleware, ...(signUp ? { signUp } : {}) };
}
