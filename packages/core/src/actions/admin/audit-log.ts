import type { Context } from 'koa';
import type { Logger } from '../../helpers/logger.js';
import type { AdminCaller } from './admin-token.js';

/** One audit entry: who changed what, when. Never carries secrets or passwords. */
export interface AuditEntry {
  audit: true;
  /** `sub` of the user, or `client_id` of the client, behind the token. */
  actor: string;
  client_id?: string;
  /** e.g. `client.create`, `client.secret.rotate`, `user.password.set`. */
  action: string;
  /** The id of the client or user changed. */
  target: string;
  /** ISO 8601. */
  at: string;
}

export type AuditLog = (ctx: Context, action: string, target: string) => void;

/** Writes one `logger.info` line per change made through the admin API. */
export function createAuditLog(logger: Logger): AuditLog {
  return (ctx, action, target) => {
    const caller = ctx.state.adminCaller as AdminCaller | undefined;
    const entry: AuditEntry = {
      audit: true,
      actor: caller?.actor ?? 'anonymous',
      ...(caller ? { client_id: caller.clientId } : {}),
      action,
      target,
      at: new Date().toISOString(),
    };
    logger.info(entry as unknown as Record<string, unknown>, `audit: ${action}`);
  };
}
