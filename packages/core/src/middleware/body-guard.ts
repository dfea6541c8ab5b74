import type { Context, Next } from 'koa';
import { payloadTooLarge, unsupportedContentCoding } from '../helpers/protocol-errors.js';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from '../helpers/request-limits.js';
import { bodyIs } from '../helpers/body-type.js';

/** The byte limit for the request's content type. */
export function bodyLimitFor(ctx: Context, limits: Pick<RequestLimits, 'formBytes' | 'jsonBytes' | 'otherBytes'>): number {
  if (bodyIs(ctx, 'form')) return limits.formBytes;
  if (bodyIs(ctx, 'anyJson')) return limits.jsonBytes;
  return limits.otherBytes;
}

/**
 * Refuses, before reading it, a body whose declared length is over the limit of its content
 * type (413), and a body with a content coding (415, RFC 9110 §15.5.16): every reader here takes
 * bodies as sent, so a compressed one would be read as garbage. Bodies without a declared length
 * are limited by whoever reads them.
 */
export function bodyGuard(limits: Pick<RequestLimits, 'formBytes' | 'jsonBytes' | 'otherBytes'> = DEFAULT_REQUEST_LIMITS) {
  // Not async (nothing is awaited): one promise less per request.
  return function guardBody(ctx: Context, next: Next) {
    const coding = ctx.req.headers['content-encoding'];
    if (coding !== undefined && coding.trim().toLowerCase() !== 'identity') throw unsupportedContentCoding(coding);
    const length = Number(ctx.get('content-length') || 0);
    if (length > 0) {
      const limit = bodyLimitFor(ctx, limits);
      if (length > limit) throw payloadTooLarge(limit);
    }
    return next();
  };
}
