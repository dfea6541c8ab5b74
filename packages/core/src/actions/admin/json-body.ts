import { bodyParser } from '@koa/bodyparser';
import type { Context, Next } from 'koa';
import compose from 'koa-compose';
import { errors } from 'oidc-provider';

export interface JsonBodyOptions {
  /** Largest body in bytes; larger is 413. */
  limit: number;
  /** Deepest nesting of objects and arrays; deeper is 400. */
  maxDepth: number;
}

/** Whether `value` nests objects/arrays deeper than `max` levels. Iterative: no recursion to exhaust. */
export function exceedsDepth(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

const hasBody = (ctx: Context) => Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';

/**
 * JSON request bodies for the admin API: `application/json` only (another type with a body is
 * 415), at most `limit` bytes (413), a JSON object (400), nested at most `maxDepth` levels (400).
 * No body at all reads as `{}`.
 */
export function jsonBody(options: JsonBodyOptions) {
  const parse = bodyParser({ enableTypes: ['json'], jsonLimit: options.limit, encoding: 'utf-8' });
  return compose([
    async function requireJson(ctx: Context, next: Next) {
      if (['POST', 'PUT', 'PATCH'].includes(ctx.method) && hasBody(ctx) && !ctx.is('application/json')) {
        throw new errors.InvalidRequest('the request body must be JSON (Content-Type: application/json)', 415);
      }
      return next();
    },
    parse,
    async function checkShape(ctx: Context, next: Next) {
      const body = (ctx.request as { body?: unknown }).body;
      if (body === undefined) return next();
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new errors.InvalidRequest('the request body must be a JSON object');
      if (exceedsDepth(body, options.maxDepth)) throw new errors.InvalidRequest(`the request body is nested deeper than ${options.maxDepth} levels`);
      return next();
    },
  ]);
}

/** The parsed JSON object body (`{}` when there was none). */
export function bodyOf(ctx: Context): Record<string, unknown> {
  const body = (ctx.request as { body?: unknown }).body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}
