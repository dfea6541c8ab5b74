import { bodyParser } from '@koa/bodyparser';
import type { Context, Next } from 'koa';
import compose from 'koa-compose';
import { errors } from 'oidc-provider';
import { jsonShapeProblem } from '../../helpers/json-shape.js';
import { payloadTooLarge } from '../../helpers/protocol-errors.js';

export interface JsonBodyOptions {
  /** Largest body in bytes; larger is 413. */
  limit: number;
  /** Deepest nesting of objects and arrays; deeper is 400. */
  maxDepth: number;
  /** Most object members plus array elements over the whole body; more is 400. */
  maxMembers: number;
}

const hasBody = (ctx: Context) => Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';

/**
 * JSON request bodies for the admin API: `application/json` only (another type with a body is
 * 415), at most `limit` bytes (413), a JSON object (400) nested at most `maxDepth` levels, with
 * at most `maxMembers` members and no `__proto__` member (400).
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
    async function parseJson(ctx: Context, next: Next) {
      try {
        await parse(ctx, async () => undefined);
      } catch (error) {
        // raw-body: 413 past the limit (also for a declared length); co-body: bad JSON (400).
        if ((error as { status?: number }).status === 413) throw payloadTooLarge(options.limit);
        throw new errors.InvalidRequest('the request body is not valid JSON');
      }
      return next();
    },
    async function checkShape(ctx: Context, next: Next) {
      const body = (ctx.request as { body?: unknown }).body;
      if (body === undefined) return next();
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new errors.InvalidRequest('the request body must be a JSON object');
      const problem = jsonShapeProblem(body, options);
      if (problem) throw new errors.InvalidRequest(`the JSON body ${problem}`);
      return next();
    },
  ]);
}

/** The parsed JSON object body (`{}` when there was none). */
export function bodyOf(ctx: Context): Record<string, unknown> {
  const body = (ctx.request as { body?: unknown }).body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}
