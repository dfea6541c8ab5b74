import type { Context, Next } from 'koa';
import compose from 'koa-compose';
import { errors } from 'oidc-provider';
import { jsonBody as parseJsonBody, type JsonBodyOptions } from '../../middleware/json-body.js';

export type { JsonBodyOptions };

const hasBody = (ctx: Context) => Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';

/**
 * JSON request bodies for the admin API: the shared `jsonBody` limits (413 past the size, 400 for
 * malformed JSON, too deep or too many members), plus: another content type with a body is 415,
 * and the body must be a JSON object. No body at all reads as `{}`.
 */
export function jsonBody(options: JsonBodyOptions) {
  return compose([
    async function requireJson(ctx: Context, next: Next) {
      if (['POST', 'PUT', 'PATCH'].includes(ctx.method) && hasBody(ctx) && !ctx.is('json', '+json')) {
        throw new errors.InvalidRequest('the request body must be JSON (Content-Type: application/json)', 415);
      }
      return next();
    },
    parseJsonBody(options),
    async function requireObject(ctx: Context, next: Next) {
      const body = (ctx.request as { body?: unknown }).body;
      if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
        throw new errors.InvalidRequest('the request body must be a JSON object');
      }
      return next();
    },
  ]);
}

/** The parsed JSON object body (`{}` when there was none). */
export function bodyOf(ctx: Context): Record<string, unknown> {
  const body = (ctx.request as { body?: unknown }).body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}
