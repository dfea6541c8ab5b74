import type { Configuration } from 'oidc-provider';
import type { AdapterFactory } from '../adapters/adapter.js';
import type { SigningKeySet } from '../keys/signing-keys.js';
import type { SecretsStore } from '../keys/persisted-secrets.js';
import type { RoutesOption } from '../routes/route-presets.js';
import type { AccountStore } from '../stores/account-store.js';
import type { ClientMetadata, ClientStore } from '../stores/client-store.js';
import type { CounterStore } from '../stores/counter-store.js';
import type { Views } from '../views/index.js';
import type { Logger } from '../helpers/logger.js';
import type { RequestLimits } from '../helpers/request-limits.js';
import type { ClientAuthThrottleLimits } from '../middleware/client-auth-throttle.js';
import type { AdminOptions, SelfRegistrationOptions } from '../actions/admin/admin-options.js';

/** Password grant (RFC 6749 §4.3) and login-form throttling. */
export interface PasswordGrantOptions {
  /** Failed attempts per username, and per client address, before 429. Default 5. */
  maxFailures?: number;
  /** Window of the failure counters, in seconds. Default 900. */
  windowSeconds?: number;
}

/** A trusted issuer of RFC 7523 JWT bearer assertions. */
export interface JwtBearerIssuer {
  issuer: string;
  jwks?: { keys: Record<string, unknown>[] };
  jwks_uri?: string;
  algorithms?: string[];
  maxLifetimeSeconds?: number;
}

/** A trusted SAML 2.0 identity provider for RFC 7522 bearer assertions. */
export interface SamlBearerIdp {
  entityId: string;
  certificates: string[];
}

export interface GrantsOptions {
  /** RFC 6749 §4.4. Default on. */
  clientCredentials?: boolean;
  /** RFC 6749 §4.3. Default on (per client still needs `password` in its `grant_types`). */
  password?: boolean | PasswordGrantOptions;
  /** RFC 7523. Off unless issuers are configured. */
  /** `clockSkewSeconds`: tolerance on the assertion's `exp`, `nbf` and `iat` (default 30). */
  jwtBearer?: { issuers: JwtBearerIssuer[]; clockSkewSeconds?: number };
  /** RFC 7522. Off unless identity providers are configured. */
  samlBearer?: { idps: SamlBearerIdp[]; clockSkewSeconds?: number };
}

export interface AccessTokenOptions {
  /** `opaque` (default) or `jwt` (RFC 9068). */
  format?: 'opaque' | 'jwt';
  /** Lifetime in seconds. Default 3600. */
  ttl?: number;
  /** `aud` of JWT access tokens. Default: the issuer. */
  audience?: string;
  /** JWS algorithm of JWT access tokens. Default RS256. */
  signingAlg?: 'RS256' | 'ES256';
}

/** Lifetimes in seconds. */
export interface TtlOptions {
  authorizationCode?: number;
  idToken?: number;
  refreshToken?: number;
  session?: number;
  grant?: number;
  interaction?: number;
}

export interface InteractionOptions {
  /** Replace any of the built-in pages. */
  views?: Partial<Views>;
}

/**
 * Options of {@link createIdentityProvider}. Only `issuer` is required; everything else has a
 * development default (in-memory storage, generated keys) that prints one warning line.
 */
export interface IdentityProviderOptions {
  /** The issuer identifier: an absolute http(s) URL, no query or fragment. Its path is the mount prefix. */
  issuer: string;
  accounts?: AccountStore;
  /** A client store, a static list of clients, or both. */
  clients?: ClientStore | ClientMetadata[] | { store?: ClientStore; static?: ClientMetadata[] };
  adapter?: AdapterFactory;
  /** Shared counters for throttling; in memory by default. */
  counters?: CounterStore;
  /** Private signing JWKS (RS256 required, ES256 recommended). Generated when absent. */
  keys?: SigningKeySet;
  /** Secrets that sign cookies, newest first. Generated when absent. */
  cookieKeys?: string[];
  routes?: RoutesOption;
  /** Scopes beyond `openid profile email phone address offline_access`. */
  scopes?: string[];
  /** Extra scope → claim names, merged with the standard OpenID Connect ones. */
  claims?: Record<string, string[]>;
  grants?: GrantsOptions;
  accessTokens?: AccessTokenOptions;
  ttl?: TtlOptions;
  interactions?: InteractionOptions;
  /**
   * Honour `X-Forwarded-For/-Proto/-Host` only from these proxies: `true` (every hop), a hop count,
   * or addresses/CIDRs (`loopback`, `uniquelocal`, `linklocal` name ranges). Off by default.
   */
  trustProxy?: boolean | number | string[];
  /**
   * Origins (`https://host[:port]`) this IdP answers on besides the issuer's; a request for any
   * other Host is refused (400). Published URLs stay on the origin a request came to. Default none.
   */
  publicOrigins?: string[];
  /** Throttling of failed client authentications (429 + Retry-After). Defaults 20 / 100 per 300 s. */
  clientAuthThrottle?: Partial<ClientAuthThrottleLimits>;
  /** Body sizes per content type, parameter counts and JSON shape limits. */
  requestLimits?: Partial<RequestLimits>;
  /** `public` (default): PKCE required for public clients; `always`: for every client. */
  pkce?: 'public' | 'always';
  /** bcrypt cost of new password hashes (default 12) and the minimum password length (default 8). */
  passwords?: { cost?: number; minLength?: number };
  /**
   * Seconds within which a just-rotated refresh token may be used again (clients refreshing from
   * several tabs) instead of revoking the grant. Default 0: any reuse revokes (RFC 9700 §4.14.2).
   */
  refreshTokenReuseGraceSeconds?: number;
  /**
   * Where signing keys and cookie keys are generated once and kept when `keys` / `cookieKeys` are
   * not configured, so that every instance and restart agrees (e.g. the Redis adapter's `keyValue`).
   */
  secretsStore?: SecretsStore;
  /** Admin API at `routes.admin` and RFC 7591/7592 registration (`admin` scope). Off by default. */
  admin?: AdminOptions;
  /** `POST /users` sign-up with one default role. Off by default. */
  selfRegistration?: SelfRegistrationOptions;
  logger?: Logger;
  /** Raw oidc-provider configuration merged last. The escape hatch; unchecked. */
  providerConfiguration?: Partial<Configuration>;
}
