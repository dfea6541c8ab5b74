import type { Context, Next } from 'koa';
import { errors, type default as Provider } from 'oidc-provider';
import { looksLikeJwt, type JwtAccessTokens } from '../../access-tokens/jwt-access-tokens.js';
import { atPublicOrigin } from '../../helpers/public-url.js';
import type { AccountStore } from '../../stores/account-store.js';

/** Who is calling the admin API. */
export interface AdminCaller {
  /** The user (`sub`) for a user's token, else the client. Written to the audit log. */
  actor: string;
  clientId: string;
  accountId?: string;
}

export type AdminTokenCheck =
  | { ok: true; caller: AdminCaller }
  | { ok: false; error: 'invalid_token' | 'insufficient_scope'; description: string };

export interface AdminTokenVerifierDeps {
  provider: Provider;
  accounts: AccountStore;
  /** Present when access tokens are JWTs (their shadow records are looked up). */
  jwtAccessTokens?: JwtAccessTokens;
  /** The scope a token needs. */
  scope: string;
  /** The role a user behind a token needs. */
  role: string;
}

interface StoredToken {
  clientId: string;
  accountId?: string;
  grantId?: string;
  scope?: string;
  isSenderConstrained(): boolean;
}

/** RFC 6750 §2.1 b64token. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const MAX_TOKEN_LENGTH = 8192;

/** The Bearer token of the Authorization header (RFC 6750 §2.1), if any. */
export function bearerToken(ctx: Context): string | undefined {
  const match = /^Bearer +(\S+)\s*$/i.exec(ctx.get('authorization'));
  const token = match?.[1];
  return token && token.length <= MAX_TOKEN_LENGTH && B64TOKEN.test(token) ? token : undefined;
}

const fail = (error: 'invalid_token' | 'insufficient_scope', description: string): AdminTokenCheck => ({ ok: false, error, description });

/**
 * Checks an access token of this IdP for admin use: opaque tokens (`AccessToken`,
 * `ClientCredentials`) and JWT access tokens (through their shadow record, see
 * `createJwtAccessTokens`). The token must be live, Bearer (not sender-constrained), of a client
 * that still exists and is active, of a grant that still exists; its scope must include the admin
 * scope, and a user behind it must be enabled and hold the admin role.
 */
export function createAdminTokenVerifier(deps: AdminTokenVerifierDeps): (token: string) => Promise<AdminTokenCheck> {
  const { provider, accounts, jwtAccessTokens } = deps;

  async function findToken(value: string): Promise<StoredToken | undefined> {
    let id = value;
    if (jwtAccessTokens && looksLikeJwt(value)) {
      const resolved = await jwtAccessTokens.resolve(value);
      if (!resolved) return undefined;
      id = resolved.shadowId;
    }
    const token = (await provider.AccessToken.find(id)) ?? (await provider.ClientCredentials.find(id));
    return token as unknown as StoredToken | undefined;
  }

  return async function verifyAdminToken(value) {
    const token = await findToken(value);
    if (!token) return fail('invalid_token', 'the access token is invalid, expired or revoked');
    if (token.isSenderConstrained()) return fail('invalid_token', 'sender-constrained access tokens are not accepted here');
    if (!(await provider.Client.find(token.clientId))) return fail('invalid_token', 'the client of this access token no longer exists or is inactive');
    if (token.grantId) {
      const grant = await provider.Grant.find(token.grantId);
      if (!grant || grant.clientId !== token.clientId || grant.accountId !== token.accountId) return fail('invalid_token', 'the grant of this access token was revoked');
    }
    if (!String(token.scope ?? '').split(' ').includes(deps.scope)) return fail('insufficient_scope', `the access token lacks the "${deps.scope}" scope`);
    if (token.accountId !== undefined) {
      const account = await accounts.findById(token.accountId);
      if (!account || account.disabled) return fail('invalid_token', 'the user of this access token no longer exists or is disabled');
      if (!account.roles.includes(deps.role)) return fail('insufficient_scope', `the user of this access token does not have the "${deps.role}" role`);
      return { ok: true, caller: { actor: token.accountId, clientId: token.clientId, accountId: token.accountId } };
    }
    return { ok: true, caller: { actor: token.clientId, clientId: token.clientId } };
  };
}

/**
 * The RFC 6750 §3 error for a failed check, with its `WWW-Authenticate` challenge set on `ctx`; the
 * realm is the issuer as the caller reached it, as at UserInfo.
 */
export function bearerError(ctx: Context, issuer: string, check: { error: string; description: string } | undefined, scope: string): Error {
  const realm = atPublicOrigin(ctx, issuer);
  const quote = (value: string) => value.replace(/["\\]/g, '');
  if (!check) {
    // §3.1: a request without credentials gets a challenge with no error code.
    ctx.set('WWW-Authenticate', `Bearer realm="${quote(realm)}", scope="${scope}"`);
    return Object.assign(new errors.InvalidToken(), { error_description: `an access token with the "${scope}" scope is required (Authorization: Bearer <token>)` });
  }
  ctx.set('WWW-Authenticate', `Bearer realm="${quote(realm)}", error="${check.error}", error_description="${quote(check.description)}"${check.error === 'insufficient_scope' ? `, scope="${scope}"` : ''}`);
  if (check.error === 'insufficient_scope') return new errors.InsufficientScope(check.description, scope);
  return Object.assign(new errors.InvalidToken(), { error_description: check.description });
}

/** Koa middleware: 401/403 unless the Bearer token passes; the caller lands in `ctx.state.adminCaller`. */
export function requireAdminToken(verify: (token: string) => Promise<AdminTokenCheck>, scope: string, issuer: string) {
  return async function requireAdmin(ctx: Context, next: Next) {
    const token = bearerToken(ctx);
    const malformed: AdminTokenCheck = { ok: false, error: 'invalid_token', description: 'the Authorization header must be "Bearer <access token>"' };
    const check = token ? await verify(token) : ctx.get('authorization') ? malformed : undefined;
    if (!check?.ok) throw bearerError(ctx, issuer, check, scope);
    ctx.state.adminCaller = check.caller;
    return next();
  };
}
