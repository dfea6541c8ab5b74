import type { Context, Next } from 'koa';
import { FORM_BODY_LIMIT } from '../helpers/read-form-body.js';
import { payloadTooLarge } from '../helpers/protocol-errors.js';

/** Refuses, before reading it, a body whose declared length is over the limit (413). */
export function bodySizeGuard(limit = FORM_BODY_LIMIT) {
  return async function guardBodySize(ctx: Context, next: Next) {
    const length = Number(ctx.get('content-length') || 0);
    if (length > limit) throw payloadTooLarge(limit);
    return next();
  };
}
