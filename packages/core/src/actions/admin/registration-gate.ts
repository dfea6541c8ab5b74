import type { Context, Next } from 'koa';
import { errors, type default as Provider } from 'oidc-provider';
import { matchesSecretHashes, storedSecretHashes } from '../../clients/hashed-client-secrets.js';
import { REGISTRATION_CALLER, type RegistrationCaller } from '../../clients/registration-configuration.js';
import type { Logger } from '../../helpers/logger.js';
import { giveBackBody, takeBody } from '../../helpers/peek-body.js';
import { PROVIDER_BODY_LIMIT } from '../../helpers/request-limits.js';
import type { ClientStore } from '../../stores/client-store.js';
import { bearerError, bearerToken, type AdminTokenCheck } from './admin-token.js';

export interface RegistrationGateDeps {
  provider: Provider;
  clients: ClientStore;
  /** Path of the registration endpoint inside the issuer (`routes.registration`). */
  path: string;
  verifyAdminToken(token: string): Promise<AdminTokenCheck>;
  isPlaceholder(value: unknown): boolean;
  scope: string;
}

/**
 * RFC 7592 §2.2: a `client_secret` in an update must match the current one. oidc-provider compares
 * it with what it holds, which for a hashed secret is a placeholder; this checks it against the
 * hashes instead and hands the body on without it.
 */
async function checkPresentedSecret(ctx: Context, clients: ClientStore, clientId: string): Promise<void> {
  const stored = await clients.find(clientId);
  const hashes = storedSecretHashes(stored);
  if (hashes.length === 0 || typeof stored?.client_secret === 'string' || !ctx.is('application/json')) return;
  const raw = await takeBody(ctx.req, PROVIDER_BODY_LIMIT);
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new errors.InvalidRequest('failed to parse the request body');
  }
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'client_secret' in body) {
    const record = body as Record<string, unknown>;
    if (!matchesSecretHashes(hashes, record.client_secret)) throw new errors.InvalidRequest("provided client_secret does not match the authenticated client's one");
    delete record.client_secret;
  }
  // oidc-provider parses the body (without the checked secret) from the stream itself.
  if (!giveBackBody(ctx.req, Buffer.from(JSON.stringify(body)))) (ctx.request as unknown as { body: unknown }).body = body;
}

/**
 * Runs in front of oidc-provider's registration endpoint. Registering (POST) needs an initial
 * access token (`provider.InitialAccessToken`) or an `admin`-scoped access token, else 401/403;
 * who it was is left in `ctx.state` for the metadata checks. RFC 7592 reads and updates never
 * show a hashed secret's placeholder as `client_secret`.
 */
export function registrationGate(deps: RegistrationGateDeps) {
  const { provider, path } = deps;

  async function caller(ctx: Context): Promise<RegistrationCaller> {
    const token = bearerToken(ctx);
    if (!token) throw bearerError(ctx, provider.issuer, undefined, deps.scope);
    if (await provider.InitialAccessToken.find(token)) return { admin: false, actor: 'initial_access_token' };
    const check = await deps.verifyAdminToken(token);
    if (!check.ok) {
      const description = check.error === 'invalid_token' ? 'an initial access token or an admin access token is required' : check.description;
      throw bearerError(ctx, provider.issuer, { error: check.error, description }, deps.scope);
    }
    return { admin: true, actor: check.caller.actor };
  }

  return async function gateRegistration(ctx: Context, next: Next) {
    if (ctx.path === path) {
      if (ctx.method === 'POST') ctx.state[REGISTRATION_CALLER] = await caller(ctx);
      return next();
    }
    if (!ctx.path.startsWith(`${path}/`)) return next();
    let clientId: string;
    try {
      clientId = decodeURIComponent(ctx.path.slice(path.length + 1));
    } catch {
      return next(); // not a client path oidc-provider knows either
    }
    ctx.state[REGISTRATION_CALLER] = { admin: false, actor: clientId } satisfies RegistrationCaller;
    if (ctx.method === 'PUT') await checkPresentedSecret(ctx, deps.clients, clientId);
    await next();
    const body = ctx.body as Record<string, unknown> | undefined;
    if (body && typeof body === 'object' && deps.isPlaceholder(body.client_secret)) delete body.client_secret;
  };
}

/** One audit line per RFC 7591/7592 change, like the admin API's. */
export function auditRegistrations(provider: Provider, logger: Logger): void {
  const log = (action: string) => (ctx: Context, client: { clientId: string }) => {
    const caller = ctx.state?.[REGISTRATION_CALLER] as RegistrationCaller | undefined;
    logger.info({ audit: true, actor: caller?.actor ?? client.clientId, action, target: client.clientId, at: new Date().toISOString() }, `audit: ${action}`);
  };
  provider.on('registration_create.success', log('client.register'));
  provider.on('registration_update.success', log('client.register.update'));
  provider.on('registration_delete.success', log('client.register.delete'));
}
