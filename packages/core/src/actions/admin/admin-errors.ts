import type { Context, Next } from 'koa';
import { errors } from 'oidc-provider';
import { OidcKitError } from '../../errors.js';
import { isProtocolError } from '../../helpers/protocol-errors.js';
import { sendOAuthError } from '../../middleware/error-boundary.js';

/** 404 `invalid_request`: the addressed resource does not exist. */
export function notFound(what: string): Error {
  return new errors.InvalidRequest(`${what} not found`, 404);
}

/**
 * Renders the admin API's errors as OAuth JSON (`{ error, error_description }`) also when the
 * router is mounted in a host app without oidc-kit's error boundary: protocol errors with their
 * status, `ConflictError` as 409 and `ValidationError` as 400 (`invalid_request`, naming the
 * rule), body-parser failures (bad JSON 400, too large 413). Anything else (storage down, bugs)
 * goes on to the outer error handler.
 */
export function renderAdminErrors(bodyLimit: number) {
  return async function adminErrors(ctx: Context, next: Next) {
    try {
      await next();
    } catch (error) {
      if (isProtocolError(error)) {
        sendOAuthError(ctx, error.status ?? 400, error.error, error.error_description);
      } else if (error instanceof OidcKitError && error.code === 'ERR_CONFLICT') {
        sendOAuthError(ctx, 409, 'invalid_request', error.message);
      } else if (error instanceof OidcKitError && error.code === 'ERR_VALIDATION') {
        sendOAuthError(ctx, 400, 'invalid_request', error.message);
      } else if ((error as { status?: number }).status === 413) {
        sendOAuthError(ctx, 413, 'invalid_request', `request body is too large (limit ${bodyLimit} bytes)`);
      } else if ((error as { status?: number; expose?: boolean }).status === 400 && (error as { expose?: boolean }).expose) {
        sendOAuthError(ctx, 400, 'invalid_request', 'the request body is not valid JSON');
      } else {
        throw error;
      }
    }
  };
}
