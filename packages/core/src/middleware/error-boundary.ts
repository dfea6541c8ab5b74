import type { Context, Next } from 'koa';
import { OidcKitError } from '../errors.js';
import type { Logger } from '../helpers/logger.js';
import { isProtocolError, storageUnavailable } from '../helpers/protocol-errors.js';
import { isStorageError } from '../helpers/storage-failure.js';

/** Writes one OAuth 2.0 error body (RFC 6749 §5.2) with the headers that go with it. */
export function sendOAuthError(ctx: Context, status: number, error: string, description?: string, retryAfterSeconds?: number): void {
  ctx.status = status;
  ctx.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  if (retryAfterSeconds !== undefined) ctx.set('Retry-After', String(retryAfterSeconds));
  if (status === 401 && !ctx.response.get('WWW-Authenticate')) {
    ctx.set('WWW-Authenticate', `Bearer realm="${ctx.host}", error="${error}"`);
  }
  ctx.body = description ? { error, error_description: description } : { error };
}

/**
 * The outermost middleware of oidc-kit's own routes: protocol errors become OAuth JSON with their
 * status, an unreachable store becomes 503, anything else a logged 500 `server_error` with no
 * detail (never a stack trace or a secret in the response).
 */
export function errorBoundary(logger: Logger) {
  return async function renderErrors(ctx: Context, next: Next) {
    try {
      await next();
    } catch (caught) {
      let error = caught;
      if (isStorageError(error)) error = storageUnavailable();
      if (isProtocolError(error)) {
        sendOAuthError(ctx, error.status ?? 400, error.error, error.error_description, error.retryAfterSeconds ?? (error.status === 503 ? 5 : undefined));
        return;
      }
      const status = (error as { status?: number; expose?: boolean }).status;
      if (typeof status === 'number' && status >= 400 && status < 500 && (error as { expose?: boolean }).expose) {
        // Koa/body-parser client errors (malformed JSON, 413, unsupported type).
        sendOAuthError(ctx, status, 'invalid_request', (error as Error).message);
        return;
      }
      logger.error({ err: describe(error), method: ctx.method, path: ctx.path }, 'unexpected error');
      sendOAuthError(ctx, 500, 'server_error', 'an unexpected error occurred');
    }
  };
}

function describe(error: unknown): Record<string, unknown> {
  if (error instanceof OidcKitError) return { name: error.name, code: error.code, message: error.message };
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { value: String(error) };
}
