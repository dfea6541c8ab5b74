import type { Middleware } from 'koa';
import type { Logger } from '../helpers/logger.js';
import { resolveRequestLimits } from '../helpers/request-limits.js';
import type { IdentityProviderOptions } from '../options/types.js';
import type { ExtraRouteName, RouteName } from '../routes/route-presets.js';
import type { CounterStore } from '../stores/counter-store.js';
import type { Views } from '../views/index.js';
import { bodyGuard } from './body-guard.js';
import { clientAuthThrottle, DEFAULT_CLIENT_AUTH_THROTTLE } from './client-auth-throttle.js';
import { formParameters } from './form-parameters.js';
import { jsonFormCompat } from './json-form-compat.js';
import { jsonShapeGuard } from './json-shape-guard.js';
import { requestOrigin } from './request-origin.js';
import { securityHeaders } from './security-headers.js';
import { secureTransport } from './secure-transport.js';

/** What the edge middleware is built from. */
export interface EdgeInputs {
  issuer: URL;
  options: IdentityProviderOptions;
  routes: Readonly<Record<RouteName | ExtraRouteName, string>>;
  counters: CounterStore;
  views: Required<Views>;
  logger: Logger;
  /** The request prototype of the IdP's own Koa app (see `RequestOriginOptions`). */
  ownRequestPrototype?: object;
}

/** The hardening middleware, by the place each takes in the chain (outermost first). */
export interface EdgeMiddleware {
  /** Outermost, before the error boundary: cache, referrer and HSTS headers on every answer. */
  headers: Middleware;
  /** Right inside the error boundary: Host allow-list, trusted proxies, public origin, client address. */
  origin: Middleware;
  /** After the origin: https issuers refuse browser routes reached over http, and say why (none for an http issuer). */
  transport?: Middleware;
  /** Before any body is read: declared body sizes per content type (413), no content coding (415). */
  body: Middleware;
  /** Right before oidc-provider: JSON parameters as a form, parameter counts, body limits, JSON shape, client authentication throttling. */
  providerGate: Middleware[];
}

/** Builds the edge middleware from the options (see docs/security.md). */
export function edgeMiddleware(inputs: EdgeInputs): EdgeMiddleware {
  const { issuer, options, routes } = inputs;
  const https = issuer.protocol === 'https:';
  const limits = resolveRequestLimits(options.requestLimits);
  return {
    headers: securityHeaders({ hsts: https }) as Middleware,
    origin: requestOrigin({
      issuer, trustProxy: options.trustProxy, publicOrigins: options.publicOrigins ?? [],
      ...(inputs.ownRequestPrototype ? { ownRequestPrototype: inputs.ownRequestPrototype } : {}),
    }) as Middleware,
    ...(https
      ? { transport: secureTransport({ cookiePaths: [routes.authorization, routes.end_session, routes.interaction], views: inputs.views, logger: inputs.logger }) as Middleware }
      : {}),
    body: bodyGuard(limits) as Middleware,
    // Layers of the one chain, not a nested compose: one dispatch less on every request.
    providerGate: [
      jsonFormCompat([routes.token, routes.introspection, routes.revocation]),
      formParameters(limits),
      jsonShapeGuard(limits),
      clientAuthThrottle({
        ...DEFAULT_CLIENT_AUTH_THROTTLE,
        ...options.clientAuthThrottle,
        counters: inputs.counters,
        paths: [routes.token, routes.introspection, routes.revocation, routes.pushed_authorization_request, routes.device_authorization, routes.backchannel_authentication],
      }),
    ] as Middleware[],
  };
}
