import type { Context, Next } from 'koa';
import { errors } from 'oidc-provider';
import type { OidcKitErrorCode } from '../../errors.js';
import { isProtocolError } from '../../helpers/protocol-errors.js';
import { sendOAuthError } from '../../middleware/error-boundary.js';

/** 404 `invalid_request`: the addressed resource does not exist. */
export function notFound(what: string): Error {
  return new errors.InvalidRequest(`${what} not found`, 404);
}

function codeOf(error: unknown): OidcKitErrorCode | undefined {
  return typeof error === 'object' && error !== null ? ((error as { code?: OidcKitErrorCode }).code) : undefined;
}

/**
 * Renders the admin API's errors as OAuth JSON (`{ error, error_description }`) also when the
 * router is mounted in a host app without oidc-kit's error boundary: protocol errors with their
 * status, `ConflictError` as 409 and `ValidationError` as 400 (`invalid_request`, naming the
 * rule). Decided by the stable `code`, so stores from another copy of oidc-kit are understood too.
 * Anything else (storage down, bugs) goes on to the outer error handler.
 */
export function renderAdminErrors() {
  return async function adminErrors(ctx: Context, next: Next) {
    try {
      await next();
    } catch (error) {
      if (isProtocolError(error)) {
        sendOAuthError(ctx, error.status ?? 400, error.error, error.error_description, error.retryAfterSeconds);
      } else if (codeOf(error) === 'ERR_CONFLICT') {
        sendOAuthError(ctx, 409, 'invalid_request', (error as Error).message);
      } else if (codeOf(error) === 'ERR_VALIDATION') {
        sendOAuthError(ctx, 400, 'invalid_request', (error as Error).message);
      } else {
        throw error;
      }
    }
  };
}
