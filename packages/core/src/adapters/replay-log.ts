import Provider from 'oidc-provider';
import type { Logger } from '../helpers/logger.js';
import type { Replay } from './revoke-on-reuse.js';

const REMEMBERED_GRANTS = 1000;

/**
 * A replayed authorization code or refresh token is a sign of theft (RFC 9700 §4.14.2): its grant
 * is revoked — by oidc-provider for a reuse one after the other, by `revokeOnReuse` for a lost
 * consume race — and this says so, once per grant (a burst of requests with one stolen token is one
 * incident), naming the client and the grant, never the token.
 */
export function createReplayLog(logger: Logger) {
  const logged = new Set<string>();
  let provider: Provider | undefined;
  const log = (replay: Partial<Replay> & { grantId: string }) => {
    if (logged.has(replay.grantId)) return;
    if (logged.size >= REMEMBERED_GRANTS) logged.clear();
    logged.add(replay.grantId);
    logger.warn({ event: 'token.replay', ...replay }, 'a single-use authorization code or refresh token was used again: its grant is revoked');
  };
  return {
    /**
     * For `revokeOnReuse`'s `onReplay`: logs, and emits oidc-provider's `grant.revoked` with the
     * request's context, as oidc-provider does for the grants it revokes itself, so that listeners
     * (audit, session clean-up) hear of every revocation, whichever side detected the replay.
     */
    fromAdapter(replay: Replay): void {
      log(replay);
      const ctx = (Provider as unknown as { ctx?: unknown }).ctx;
      if (provider && ctx) provider.emit('grant.revoked', ctx, replay.grantId);
    },
    /** oidc-provider revokes a grant at the token endpoint only when a code or refresh token comes back used. */
    listen(target: Provider): void {
      provider = target;
      target.on('grant.revoked', (ctx: { oidc?: { route?: string; client?: { clientId: string } } } | undefined, grantId: string) => {
        if (ctx?.oidc?.route === 'token') log({ grantId, ...(ctx.oidc.client ? { clientId: ctx.oidc.client.clientId } : {}) });
      });
    },
  };
}
