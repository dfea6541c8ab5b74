import type { Context, Next } from 'koa';
import { errors } from 'oidc-provider';
import { jsonShapeProblem } from '../helpers/json-shape.js';
import { payloadTooLarge } from '../helpers/protocol-errors.js';
import { DEFAULT_REQUEST_LIMITS } from '../helpers/request-limits.js';

/** Options of {@link jsonBody}; each defaults to `requestLimits`' default. */
export interface JsonBodyOptions {
  /** Largest body in bytes (413 past it). Default 65536. */
  limit?: number;
  /** Deepest nesting of objects and arrays (400 past it). Default 20. */
  maxDepth?: number;
  /** Most object members plus array elements over the whole body (400 past it). Default 1000. */
  maxMembers?: number;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function readText(ctx: Context, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw payloadTooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/**
 * Parses a JSON request body into `ctx.request.body` with limits, for oidc-kit's own JSON APIs
 * (the admin API): 413 past `limit` bytes, 400 `invalid_request` for malformed JSON, nesting past
 * `maxDepth`, more than `maxMembers` members, or a `__proto__` member. Requests without a JSON
 * body (or with an empty one) pass through untouched (`ctx.request.body` stays undefined); a body already parsed is kept.
 *
 * @example
 * router.post('/clients', jsonBody({ limit: 32 * 1024 }), async (ctx) => { const input = ctx.request.body; … });
 */
export function jsonBody(options: JsonBodyOptions = {}) {
  const limit = options.limit ?? DEFAULT_REQUEST_LIMITS.jsonBytes;
  const shape = { maxDepth: options.maxDepth ?? DEFAULT_REQUEST_LIMITS.jsonDepth, maxMembers: options.maxMembers ?? DEFAULT_REQUEST_LIMITS.jsonMembers };
  return async function parseJsonBody(ctx: Context, next: Next) {
    const request = ctx.request as { body?: unknown };
    if (!BODY_METHODS.has(ctx.method) || request.body !== undefined || !ctx.is('json', '+json')) return next();
    const text = await readText(ctx, limit);
    if (text.trim() === '') return next();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new errors.InvalidRequest('the request body is not valid JSON');
    }
    const problem = jsonShapeProblem(value, shape);
    if (problem) throw new errors.InvalidRequest(`the JSON body ${problem}`);
    request.body = value;
    return next();
  };
}
