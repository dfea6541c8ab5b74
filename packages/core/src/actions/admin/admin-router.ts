import { Router } from '@koa/router';
import type { Context, Next } from 'koa';
import type { default as Provider } from 'oidc-provider';
import type { JwtAccessTokens } from '../../access-tokens/jwt-access-tokens.js';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from '../../helpers/request-limits.js';
import { createClientRegistry } from '../../clients/client-registry.js';
import type { Logger } from '../../helpers/logger.js';
import type { PasswordHasher } from '../../passwords/password-hasher.js';
import type { PasswordPolicy } from '../../passwords/password-policy.js';
import type { AccountStore } from '../../stores/account-store.js';
import type { ClientStore } from '../../stores/client-store.js';
import { renderAdminErrors } from './admin-errors.js';
import { ADMIN_SCOPE } from './admin-options.js';
import { createAdminTokenVerifier, requireAdminToken } from './admin-token.js';
import { createAuditLog } from './audit-log.js';
import { addClientRoutes } from './client-routes.js';
import { addInitialAccessTokenRoutes } from './initial-access-token-routes.js';
import { jsonBody } from './json-body.js';
import { addUserRoutes } from './user-routes.js';


/** What {@link createAdminRouter} works with. `idp` has all of it. */
export interface AdminRouterDeps {
  provider: Provider;
  /** The client store; pass `idp.clients`, which stores secrets hashed. */
  clients: ClientStore;
  accounts: AccountStore;
  passwords: PasswordHasher;
  logger: Logger;
  /** Path prefix of the routes. Default `/admin`. */
  prefix?: string;
  /** Rules for new passwords. Default: at least 8 characters, at most 72 UTF-8 bytes. */
  passwordPolicy?: PasswordPolicy;
  /** Set when access tokens are JWTs, so that admin JWTs are recognised. */
  jwtAccessTokens?: JwtAccessTokens;
  /** Role a user needs behind an admin token. Default `admin`. */
  role?: string;
  /** Offer `POST /initial-access-tokens` (when RFC 7591 registration is on). */
  initialAccessTokens?: boolean;
  /** JSON body limits (`requestLimits`): 64 KiB (413 past it), depth 20 and 1000 members (400). */
  limits?: Pick<RequestLimits, 'jsonBytes' | 'jsonDepth' | 'jsonMembers'>;
}

function noStore(ctx: Context, next: Next) {
  // Responses carry secrets (shown once) and personal data: never cached.
  ctx.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  return next();
}

/**
 * The admin API as a `@koa/router` Router: clients (`/clients`), users (`/users`) and initial
 * access tokens, JSON in and out, every error OAuth-style (`{ error, error_description }`).
 * Callers need a Bearer access token issued by this IdP whose scope includes `admin` (RFC 6750:
 * 401 `invalid_token`, 403 `insufficient_scope`); each change writes one audit line to `logger`.
 * oidc-kit mounts it at `routes.admin` when `admin.enabled` is set; it is `idp.adminRouter`.
 *
 * @example
 * const app = new Koa();
 * app.use(idp.adminRouter.routes()).use(idp.adminRouter.allowedMethods());
 */
export function createAdminRouter(deps: AdminRouterDeps): Router {
  const prefix = deps.prefix ?? '/admin';
  const router = new Router({ prefix });
  const verify = createAdminTokenVerifier({
    provider: deps.provider,
    accounts: deps.accounts,
    ...(deps.jwtAccessTokens ? { jwtAccessTokens: deps.jwtAccessTokens } : {}),
    scope: ADMIN_SCOPE,
    role: deps.role ?? 'admin',
  });
  const audit = createAuditLog(deps.logger);
  const limits = deps.limits ?? DEFAULT_REQUEST_LIMITS;

  router.use(
    renderAdminErrors(),
    noStore,
    // Authorization first: nobody's body is read before their token is checked.
    requireAdminToken(verify, ADMIN_SCOPE, deps.provider.issuer),
    jsonBody({ limit: limits.jsonBytes, maxDepth: limits.jsonDepth, maxMembers: limits.jsonMembers }),
  );
  addClientRoutes(router, { registry: createClientRegistry({ provider: deps.provider, clients: deps.clients }), audit, prefix });
  addUserRoutes(router, {
    accounts: deps.accounts,
    passwords: deps.passwords,
    passwordPolicy: deps.passwordPolicy ?? {},
    audit,
    prefix,
  });
  if (deps.initialAccessTokens) addInitialAccessTokenRoutes(router, { provider: deps.provider, audit });
  return router;
}
