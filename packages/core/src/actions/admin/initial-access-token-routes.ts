import { createHash } from 'node:crypto';
import type { Router } from '@koa/router';
import { errors, type default as Provider } from 'oidc-provider';
import type { AuditLog } from './audit-log.js';
import { bodyOf } from './json-body.js';

const DEFAULT_TTL = 3600;
const MAX_TTL = 30 * 24 * 3600;

/**
 * `POST /initial-access-tokens`: issues an RFC 7591 §3 initial access token, which lets its holder
 * register clients at the registration endpoint until it expires (`expires_in` seconds, default one
 * hour). The token value is shown once; the audit log records only a fingerprint of it.
 */
export function addInitialAccessTokenRoutes(router: Router, deps: { provider: Provider; audit: AuditLog }): void {
  router.post('/initial-access-tokens', async (ctx) => {
    const expiresIn = bodyOf(ctx).expires_in ?? DEFAULT_TTL;
    if (!Number.isInteger(expiresIn) || (expiresIn as number) < 1 || (expiresIn as number) > MAX_TTL) {
      throw new errors.InvalidRequest(`expires_in must be an integer from 1 to ${MAX_TTL}`);
    }
    const token = new deps.provider.InitialAccessToken({ expiresIn: expiresIn as number });
    const value = await token.save();
    // The value is the credential: the log gets a fingerprint of it, never the value.
    deps.audit(ctx, 'initial_access_token.create', `sha256:${createHash('sha256').update(value).digest('base64url').slice(0, 16)}`);
    ctx.status = 201;
    ctx.body = { initial_access_token: value, expires_in: expiresIn, expires_at: Math.floor(Date.now() / 1000) + (expiresIn as number) };
  });
}
