import type { FindAccount, KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { UserAuthenticator } from '../authentication/user-authenticator.js';
import type { AccountRecord, AccountStore } from '../stores/account-store.js';
import type { CounterStore } from '../stores/counter-store.js';
import type { UserTokenRequest } from './issue-user-tokens.js';

/** oidc-provider's `Client` instance (as `ctx.oidc.client` holds it). */
export type ProviderClient = NonNullable<KoaContextWithOIDC['oidc']['client']>;

/** What the extension grants need from the rest of oidc-kit. */
export interface GrantContext {
  issuer: string;
  /** Absolute URL of the token endpoint (an accepted assertion audience and SAML recipient). */
  tokenEndpoint: string;
  scopes: ReadonlySet<string>;
  accounts: AccountStore;
  findAccount: FindAccount;
  authenticator: UserAuthenticator;
  counters: CounterStore;
  /** The resource server that access tokens are restricted to (JWT format), if any. */
  resource?: UserTokenRequest['resource'];
}

interface RegisteredScopes {
  registered: readonly string[];
  /** Undefined when the client registered no scope (then any known scope is allowed). */
  allowed: ReadonlySet<string> | undefined;
}

// oidc-provider keeps one Client instance per distinct metadata (a changed client is a new
// instance): its registered scopes are split once per instance, not on every token request.
const scopesByClient = new WeakMap<object, RegisteredScopes>();

function registeredScopes(client: { scope?: string | undefined }): RegisteredScopes {
  let cached = scopesByClient.get(client);
  if (cached === undefined) {
    const registered = (client.scope ?? 'openid').split(' ').filter(Boolean);
    cached = { registered, allowed: client.scope ? new Set(registered) : undefined };
    scopesByClient.set(client, cached);
  }
  return cached;
}

/**
 * The scopes a token request gets: the requested ones or, when none are, the client's registered
 * scope (narrowed by `defaults`); each must be known to the provider and allowed for the client
 * (RFC 6749 §3.3), else `invalid_scope`.
 */
export function requestedScopes(ctx: KoaContextWithOIDC, known: ReadonlySet<string>, defaults?: (registered: string[]) => string[]): string[] {
  const scope = ctx.oidc.params?.scope;
  return scopesFor(ctx.oidc.client!, typeof scope === 'string' ? scope : undefined, known, defaults);
}

/** {@link requestedScopes} from the client and the `scope` parameter alone. */
export function scopesFor(client: { scope?: string | undefined }, scope: string | undefined, known: ReadonlySet<string>, defaults: (registered: string[]) => string[] = (r) => r): string[] {
  const { registered, allowed } = registeredScopes(client);
  const requested = scope !== undefined ? scope.split(' ') : defaults([...registered]);
  const scopes = [...new Set(requested.filter(Boolean))];
  for (const name of scopes) {
    if (!known.has(name)) throw new errors.InvalidScope('requested scope is not recognised', name);
    if (allowed && !allowed.has(name)) throw new errors.InvalidScope('requested scope is not allowed for this client', name);
  }
  return scopes;
}

/**
 * Default scopes of the user grants (password, JWT and SAML bearer) when the request names none:
 * the client's registered scope minus `offline_access`, so that a refresh token, a long-lived
 * credential, is only issued to a client that asks for one.
 */
export function userGrantDefaults(registered: string[]): string[] {
  return registered.filter((scope) => scope !== 'offline_access');
}

/** Maps an assertion subject to an account: by id, then username, then e-mail (RFC 7521 §5.2). */
export async function accountForSubject(accounts: AccountStore, subject: string): Promise<AccountRecord | undefined> {
  const account = (await accounts.findById(subject)) ?? (await accounts.findByLogin(subject));
  return account && !account.disabled ? account : undefined;
}

/** Atomic first-use check of an assertion id, shared across instances through the counter store. */
export async function firstUse(counters: CounterStore, issuer: string, id: string, expiresAt: number): Promise<boolean> {
  const ttl = Math.max(1, expiresAt - Math.floor(Date.now() / 1000));
  const { count } = await counters.increment(`replay:${issuer}:${id}`, ttl);
  return count === 1;
}
