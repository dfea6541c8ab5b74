export { createIdentityProvider, type IdentityProvider } from './create-identity-provider.js';
export type {
  IdentityProviderOptions,
  AccessTokenOptions,
  GrantsOptions,
  PasswordGrantOptions,
  JwtBearerIssuer,
  SamlBearerIdp,
  TtlOptions,
  InteractionOptions,
} from './options/types.js';
export { DEFAULT_REQUEST_LIMITS, type RequestLimits } from './helpers/request-limits.js';
export { DEFAULT_CLIENT_AUTH_THROTTLE, type ClientAuthThrottleLimits } from './middleware/client-auth-throttle.js';
export { jsonBody, type JsonBodyOptions } from './middleware/json-body.js';
export { clientAddressOf } from './middleware/request-origin.js';
export { OidcKitError, ConfigurationError, ConflictError, ValidationError, StorageError, type OidcKitErrorCode } from './errors.js';
export { MODEL_NAMES, type Adapter, type AdapterFactory, type AdapterPayload, type ModelName } from './adapters/adapter.js';
export { createMemoryAdapter, type MemoryAdapterOptions } from './adapters/memory-adapter.js';
export { MemoryStorage, type MemoryStorageOptions } from './adapters/memory-storage.js';
export type { AccountRecord, AccountStore, AccountPatch, NewAccount, ListQuery, Page } from './stores/account-store.js';
export type { ClientMetadata, ClientStore } from './stores/client-store.js';
export type { CounterStore } from './stores/counter-store.js';
export { MemoryAccountStore } from './stores/memory-account-store.js';
export { MemoryClientStore } from './stores/memory-client-store.js';
export { MemoryCounterStore } from './stores/memory-counter-store.js';
export { pageBounds, pageOf } from './stores/paginate.js';
export { generateSigningKeys, normalizeSigningKeys, type SigningKeySet } from './keys/signing-keys.js';
export { SECRET_KEYS, type SecretsStore } from './keys/persisted-secrets.js';
export { resolveRoutes, ROUTE_NAMES, type RouteMap, type RoutePreset, type RoutesOption, type RouteName } from './routes/route-presets.js';
export { createPasswordHasher, isBcryptHash, type BcryptImplementation, type PasswordHasher, type PasswordHasherOptions } from './passwords/password-hasher.js';
export { checkPasswordPolicy } from './passwords/password-policy.js';
export { createAttemptLimiter, type AttemptLimiter } from './throttle/attempt-limiter.js';
export { STANDARD_CLAIMS, accountClaims } from './provider/account-claims.js';
export { consoleLogger, type Logger } from './helpers/logger.js';
export { createAdminRouter, type AdminRouterDeps } from './actions/admin/admin-router.js';
export { ADMIN_SCOPE, type AdminOptions, type SelfRegistrationOptions } from './actions/admin/admin-options.js';
export type { AuditEntry } from './actions/admin/audit-log.js';
export { createSelfRegistration, type SignUp } from './actions/admin/self-registration.js';
export { createClientRegistry, type ClientRegistry, type RegisteredClient, type RotatedSecret } from './clients/client-registry.js';
export { generateClientSecret, hashClientSecret, matchesSecretHashes, SECRET_HASHES, type ClientSecretHash } from './clients/hashed-client-secrets.js';
export * from './views/index.js';
export { errors } from 'oidc-provider';
