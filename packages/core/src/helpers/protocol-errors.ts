import { errors } from 'oidc-provider';

type ProtocolError = InstanceType<typeof errors.OIDCProviderError>;

function withStatus<T extends ProtocolError>(error: T, status: number): T {
  Object.assign(error, { status, statusCode: status });
  return error;
}

/** 413 `invalid_request`: the body is over the limit. */
export function payloadTooLarge(limit: number): ProtocolError {
  return withStatus(new errors.InvalidRequest(`request body is too large (limit ${limit} bytes)`), 413);
}

/** 415 `invalid_request`: the body has a content coding (gzip, …), which is not accepted. */
export function unsupportedContentCoding(coding: string): ProtocolError {
  return withStatus(new errors.InvalidRequest(`the request body must not be encoded (Content-Encoding: ${coding.slice(0, 40)})`), 415);
}

/** 429 `invalid_request` (RFC 6585) with the seconds to wait; the renderer adds `Retry-After`. */
export function tooManyAttempts(description: string, retryAfterSeconds: number): ProtocolError {
  return Object.assign(withStatus(new errors.InvalidRequest(description), 429), { retryAfterSeconds });
}

/** 503 `server_error`: storage is unreachable (fails fast; the client may retry). */
export function storageUnavailable(): ProtocolError {
  return withStatus(new errors.CustomOIDCProviderError('server_error', 'storage is temporarily unavailable, try again shortly'), 503);
}

/** Whether a value is one of oidc-provider's protocol errors (it carries `error` and `status`). */
export function isProtocolError(error: unknown): error is ProtocolError & { retryAfterSeconds?: number } {
  return error instanceof errors.OIDCProviderError;
}
