import type { IncomingMessage, ServerResponse } from 'node:http';
import Koa, { type Context, type Middleware, type Next } from 'koa';
import compose from 'koa-compose';
import Cookies from 'cookies';
import Provider, { errors } from 'oidc-provider';
import { createJwtAccessTokens, type JwtAccessTokens } from './access-tokens/jwt-access-tokens.js';
import { createInteractionRouter } from './actions/interactions.js';
import { bridgeClientModel } from './provider/client-bridge.js';
import { reuseBuiltClients } from './provider/client-cache.js';
import { createMemoryAdapter } from './adapters/memory-adapter.js';
import { createReplayLog } from './adapters/replay-log.js';
import { revokeOnReuse } from './adapters/revoke-on-reuse.js';
import { createUserAuthenticator } from './authentication/user-authenticator.js';
import { ConfigurationError } from './errors.js';
import { cookieKeyRing } from './helpers/cookie-key-ring.js';
import { createCsrfTokens } from './helpers/csrf-token.js';
import { consoleLogger } from './helpers/logger.js';
import { createStorageProbe } from './helpers/storage-probe.js';
import { resolveSecrets } from './keys/persisted-secrets.js';
import { isStorageError } from './helpers/storage-failure.js';
import { errorBoundary, sendOAuthError } from './middleware/error-boundary.js';
import { jwtAccessTokenLookup } from './middleware/jwt-access-token-lookup.js';
import { logoutCompat } from './middleware/logout-compat.js';
import { completeProviderResponses } from './middleware/provider-responses.js';
import { requireIntrospectionCredentials } from './middleware/introspection-authentication.js';
import { providerPageHeaders } from './middleware/page-headers.js';
import { inferPublicClient } from './middleware/public-client-inference.js';
import { edgeMiddleware } from './middleware/edge-middleware.js';
import { underPaths } from './middleware/path-scope.js';
import { fastPaths } from './fast-paths/fast-paths.js';
import type { IdentityProviderOptions } from './options/types.js';
import { parseIssuer, validateOptions } from './options/validate-options.js';
import { createPasswordHasher, type PasswordHasher } from './passwords/password-hasher.js';
import { browserTransport } from './provider/browser-transport.js';
import { buildConfiguration, STANDARD_SCOPES } from './provider/build-configuration.js';
import { defaultAuthorizationScope } from './provider/requested-scopes.js';
import { endpointMethods } from './routes/endpoint-methods.js';
import { resolveRoutes, type ExtraRouteName, type RouteName } from './routes/route-presets.js';
import type { AccountStore } from './stores/account-store.js';
import type { ClientMetadata, ClientStore } from './stores/client-store.js';
import type { CounterStore } from './stores/counter-store.js';
import { MemoryAccountStore } from './stores/memory-account-store.js';
import { MemoryClientStore } from './stores/memory-client-store.js';
import { MemoryCounterStore } from './stores/memory-counter-store.js';
import { createAttemptLimiter } from './throttle/attempt-limiter.js';
import { resolveViews } from './views/index.js';
import { registerExtensionGrants } from './grants/register-grants.js';
import type { GrantContext } from './grants/grant-context.js';
import { createFindAccount } from './provider/account-claims.js';
import { ADMIN_SCOPE, adminScopes, resolveAdminOptions } from './actions/admin/admin-options.js';
import { mountAdmin } from './actions/admin/admin-mount.js';
import { createHashedClientSecrets } from './clients/hashed-client-secrets.js';
import { withClientRegistration } from './clients/registration-configuration.js';
import type { Router } from '@koa/router';

/** A running identity provider: mount it, reach into it, close it. */
export interface IdentityProvider {
  /** The issuer identifier, exactly as configured. */
  readonly issuer: string;
  /** The oidc-provider instance: the escape hatch, never hidden. */
  readonly provider: Provider;
  /** The Koa app that serves everything under the issuer's path. */
  readonly app: Koa;
  readonly accounts: AccountStore;
  /** The client store; client_secret_basic/post secrets are saved hashed (`client_secret_hashes`). */
  readonly clients: ClientStore;
  /**
   * The admin API (clients, users; `admin`-scoped Bearer tokens). Mounted at `routes.admin` when
   * `admin.enabled` is set; a host app may also mount it itself.
   */
  readonly adminRouter: Router;
  readonly counters: CounterStore;
  readonly passwords: PasswordHasher;
  /** The path of every route, relative to the issuer. */
  readonly routes: Readonly<Record<RouteName | ExtraRouteName, string>>;
  /** A Node.js request listener: `http.createServer(idp.callback())`. */
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  /**
   * Koa middleware for an existing app. Requests under the issuer's path are served; everything
   * else (and any path the IdP does not know) goes on to the host app's next middleware.
   */
  middleware(): Middleware;
  /** Registers extra middleware on oidc-kit's own routes (before the provider). */
  use(middleware: Middleware): void;
  /**
   * Resolves when storage answers (one lookup through the adapter, the account store and the
   * client store); rejects with the store's error otherwise. For readiness checks.
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}

function resolveClients(option: IdentityProviderOptions['clients']): { store: ClientStore; statics: ClientMetadata[] } {
  if (option === undefined) return { store: new MemoryClientStore(), statics: [] };
  if (Array.isArray(option)) return { store: new MemoryClientStore(), statics: option };
  if ('find' in option) return { store: option as ClientStore, statics: [] };
  const { store, static: statics } = option as { store?: ClientStore; static?: ClientMetadata[] };
  return { store: store ?? new MemoryClientStore(), statics: statics ?? [] };
}

/**
 * Creates an OpenID Connect / OAuth 2.0 identity provider. Every option is checked here, once;
 * a bad one throws a `ConfigurationError` naming it.
 *
 * @example
 * const idp = await createIdentityProvider({ issuer: 'http://localhost:3000', clients: [{ client_id: 'app', client_secret: 's3cret', redirect_uris: ['http://localhost:8080/cb'] }] });
 * http.createServer(idp.callback()).listen(3000);
 */
export async function createIdentityProvider(options: IdentityProviderOptions): Promise<IdentityProvider> {
  validateOptions(options);
  const issuerUrl = parseIssuer(options.issuer);
  const issuer = options.issuer;
  const logger = options.logger ?? consoleLogger;
  const mountPath = issuerUrl.pathname === '/' ? '' : issuerUrl.pathname;

  const { keys, cookieKeys } = await resolveSecrets({ keys: options.keys, cookieKeys: options.cookieKeys, secretsStore: options.secretsStore, logger });
  // One key ring for every signed cookie: oidc-provider's, the app's and a host app's requests'.
  const cookieRing = cookieKeyRing(cookieKeys);
  if (!options.adapter) logger.warn({ option: 'adapter' }, 'using in-memory storage: everything is lost at restart and not shared between instances');

  const accounts = options.accounts ?? new MemoryAccountStore();
  const { store: clientStore, statics } = resolveClients(options.clients);
  // Client secrets are stored hashed; oidc-provider reads clients through the hashing view.
  const hashedSecrets = createHashedClientSecrets(clientStore);
  const clients = hashedSecrets.store;
  const counters = options.counters ?? new MemoryCounterStore();
  const replays = createReplayLog(logger);
  // Every scope that releases claims is one a client may ask for (and discovery lists).
  const scopes = [...new Set([...STANDARD_SCOPES, ...Object.keys(options.claims ?? {}), ...(options.scopes ?? []), ...adminScopes(options)])];
  const adapter = bridgeClientModel(
    revokeOnReuse(options.adapter ?? createMemoryAdapter(), { refreshTokenReuseGraceSeconds: options.refreshTokenReuseGraceSeconds ?? 0, onReplay: replays.fromAdapter }),
    hashedSecrets.providerStore,
    scopes.filter((scope) => scope !== ADMIN_SCOPE).join(' '),
  );
  const routes = resolveRoutes(options.routes);
  const views = resolveViews(options.interactions?.views);

  let jwtAccessTokens: JwtAccessTokens | undefined;
  if (options.accessTokens?.format === 'jwt') {
    jwtAccessTokens = createJwtAccessTokens({
      issuer,
      audience: options.accessTokens.audience ?? issuer,
      signingAlg: options.accessTokens.signingAlg ?? 'RS256',
      ttl: options.accessTokens.ttl ?? 3600,
      scopes,
      secret: cookieKeys[0]!,
      publicKeys: { keys: keys.keys.map(({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub }) => pub) },
    });
  }

  const configuration = withClientRegistration(buildConfiguration({
    options, adapter, accounts, keys, cookieKeyRing: cookieRing, routes, scopes, views, jwtAccessTokens,
    interactionUrl: `${issuer}${routes.interaction}`,
  }), { enabled: resolveAdminOptions(options).registration, adminScope: ADMIN_SCOPE, isPlaceholder: hashedSecrets.isPlaceholder });
  let provider: Provider;
  try {
    provider = new Provider(issuer, configuration);
  } catch (cause) {
    throw new ConfigurationError('options', `were refused by oidc-provider: ${(cause as Error).message}`, { cause });
  }
  hashedSecrets.install(provider);
  reuseBuiltClients(provider, clientStore);

  replays.listen(provider);

  provider.on('server_error', (ctx: Context, error: unknown) => {
    if (isStorageError(error)) {
      ctx.state.storageUnavailable = true;
    } else {
      logger.error({ err: { name: (error as Error)?.name, message: (error as Error)?.message, stack: (error as Error)?.stack }, path: ctx.path }, 'oidc-provider server_error');
    }
  });

  const passwords = createPasswordHasher({ cost: options.passwords?.cost ?? 12 });
  const { maxFailures, windowSeconds } = passwordLimit(options);
  const perLogin = createAttemptLimiter({ counters, maxFailures, windowSeconds });
  // Per address the limit is higher: many users may share one address (NAT, a corporate proxy).
  const perAddress = createAttemptLimiter({ counters, maxFailures: maxFailures * 20, windowSeconds });
  const authenticator = createUserAuthenticator({ accounts, hasher: passwords, perLogin, perAddress });

  const enabledGrantTypes = new Set(['authorization_code', 'refresh_token', 'implicit']);
  const grantContext: GrantContext = {
    issuer,
    tokenEndpoint: `${issuer}${routes.token}`,
    scopes: new Set(scopes),
    accounts,
    findAccount: createFindAccount(accounts),
    authenticator,
    counters,
    ...(jwtAccessTokens ? { resource: { indicator: jwtAccessTokens.audience, info: jwtAccessTokens.resourceServerInfo } } : {}),
  };
  try {
    for (const grantType of registerExtensionGrants(provider, grantContext, options.grants)) enabledGrantTypes.add(grantType);
    await saveStaticClients(provider, clients, statics);
  } catch (error) {
    await passwords.close();
    throw error;
  }

  provider.use(completeProviderResponses(accounts, enabledGrantTypes));
  provider.use(requireIntrospectionCredentials(routes.introspection, issuer));
  provider.use(defaultAuthorizationScope(routes.authorization));
  provider.use(providerPageHeaders([routes.authorization, routes.end_session]));
  provider.use(inferPublicClient(provider, routes.token));
  if (jwtAccessTokens) provider.use(jwtAccessTokenLookup(jwtAccessTokens, routes));

  const admin = mountAdmin({ options, provider, hashedSecrets, accounts, passwords, counters, logger, routes, ...(jwtAccessTokens ? { jwtAccessTokens } : {}) });
  const interactionRouter = createInteractionRouter({
    provider, views, authenticator, accounts,
    ...(admin.signUp ? { signUp: admin.signUp } : {}),
    csrf: createCsrfTokens(cookieKeys[0]!),
    basePath: routes.interaction,
    baseUrl: `${issuer}${routes.interaction}`,
  });

  const app = new Koa();
  app.keys = cookieRing;
  app.silent = true;
  const edge = edgeMiddleware({ issuer: issuerUrl, options, routes, counters, views, logger, ownRequestPrototype: app.request });
  // Our cookie keys when a host app's context (with its own keys, or none) is passed in. Our own
  // app's context makes the same `Cookies` lazily (our keys, `secure` as now): none is created for
  // requests that never touch a cookie (token, introspection).
  const useOurCookies = (ctx: Context, next: Next) => {
    ctx.cookies = new Cookies(ctx.req, ctx.res, { keys: cookieRing, secure: ctx.secure });
    return next();
  };
  const extra: Middleware[] = [];
  const front: Middleware[] = [edge.headers, errorBoundary(logger), edge.origin];
  const middle: Middleware[] = [
    ...(edge.transport ? [edge.transport] : []),
    edge.body,
    ...admin.middleware,
    underPaths([
      [routes.end_session, logoutCompat(provider, clients, routes.end_session)],
      [routes.interaction, compose([interactionRouter.routes() as unknown as Middleware, interactionRouter.allowedMethods() as unknown as Middleware])],
    ]),
  ];
  const back: Middleware[] = [
    ...edge.providerGate,
    // Raw oidc-provider configuration may change what a request does: then every request takes oidc-provider's way.
    ...(options.providerConfiguration ? [] : [fastPaths({ provider, grant: grantContext, accounts, routes, clientCredentials: enabledGrantTypes.has('client_credentials') })]),
    compose(provider.middleware as Middleware[]),
  ];
  // Composed once, and again on each `use`: no layer runs on a request that has nothing for it.
  const chainFor = (hostApp: boolean) => compose([...front, ...(hostApp ? [useOurCookies] : []), ...middle, ...extra, ...back]);
  let ownChain = chainFor(false);
  let hostChain = chainFor(true);

  // Raw oidc-provider configuration may enable or disable endpoints: then no 405s are inferred.
  const allowAt = options.providerConfiguration ? undefined : endpointMethods(routes, browserTransport(issuer).enableHttpPostMethods);

  // RFC 8414 §3.1: for an issuer with a path, the metadata's well-known segment goes before it.
  const insertedMetadataPath = mountPath ? `${OAUTH_METADATA_PATH}${mountPath}` : undefined;
  function underMount(path: string): string | undefined {
    if (!mountPath) return path;
    if (path === mountPath) return '/';
    if (path === insertedMetadataPath) return OAUTH_METADATA_PATH;
    return path.startsWith(`${mountPath}/`) ? path.slice(mountPath.length) : undefined;
  }

  async function serve(ctx: Context, next: Next): Promise<void> {
    const inner = underMount(ctx.path);
    if (inner === undefined) return next();
    const outerPath = ctx.path;
    // A host app's cookies are put back for its own middleware; reading `ctx.cookies` of our own
    // app's context would create them early (before the public origin is known), so not there.
    const ownApp = ctx.app === app;
    const outerCookies = ownApp ? undefined : ctx.cookies;
    if (inner !== outerPath) ctx.path = inner;
    (ctx as unknown as { mountPath?: string }).mountPath = mountPath || undefined;
    let passedOn = false;
    try {
      await (ownApp ? ownChain : hostChain)(ctx, async () => {
        // No route of ours took it: on one of our endpoints, the method is what is wrong.
        const allow = ctx.method === 'OPTIONS' ? undefined : allowAt?.(inner);
        if (allow && !allow.split(', ').includes(ctx.method)) {
          ctx.set('Allow', allow);
          sendOAuthError(ctx, 405, 'invalid_request', `${ctx.method} is not allowed on ${outerPath} (${allow} only)`);
          return;
        }
        passedOn = true;
        ctx.path = outerPath;
        if (!ownApp) ctx.cookies = outerCookies!;
        try {
          await next();
        } finally {
          if (inner !== outerPath) ctx.path = inner;
        }
      });
    } finally {
      if (inner !== outerPath) ctx.path = outerPath;
    }
    // A layer of ours that ended the request without an answer (oidc-provider's CORS handling of
    // an OPTIONS that is no preflight) leaves Koa's plain-text 404: it is an unknown route as any.
    if (!passedOn && ctx.status === 404 && ctx.body == null && !ctx.res.headersSent) unrecognizedRoute(ctx);
  }

  app.use(serve);
  app.use(unrecognizedRoute);

  return {
    issuer,
    provider,
    app,
    accounts,
    clients,
    adminRouter: admin.router,
    counters,
    passwords,
    routes,
    callback: () => app.callback(),
    middleware: () => serve,
    use: (middleware) => {
      extra.push(middleware);
      ownChain = chainFor(false);
      hostChain = chainFor(true);
    },
    ping: createStorageProbe(adapter, accounts, clients),
    close: async () => {
      await passwords.close();
    },
  };
}

/** Validates the static clients as oidc-provider will (so a bad one stops start-up) and stores them. */
async function saveStaticClients(provider: Provider, clients: ClientStore, statics: ClientMetadata[]): Promise<void> {
  for (const [index, metadata] of statics.entries()) {
    try {
      await provider.Client.validate(metadata as never);
    } catch (cause) {
      const detail = (cause as { error_description?: string; message?: string }).error_description ?? (cause as Error).message;
      throw new ConfigurationError(`clients[${index}]`, `(${String(metadata?.client_id)}) is invalid: ${detail}`, { cause });
    }
    await clients.save(metadata);
  }
}

const OAUTH_METADATA_PATH = '/.well-known/oauth-authorization-server';

function unrecognizedRoute(ctx: Context): void {
  sendOAuthError(ctx, 404, 'invalid_request', `unrecognized route or not allowed method (${ctx.method} on ${ctx.path})`);
}

function passwordLimit(options: IdentityProviderOptions): { maxFailures: number; windowSeconds: number } {
  const password = typeof options.grants?.password === 'object' ? options.grants.password : {};
  return { maxFailures: password.maxFailures ?? 5, windowSeconds: password.windowSeconds ?? 900 };
}


