import type { Context, Next } from 'koa';
import { errors } from 'oidc-provider';
import { jsonShapeProblem } from '../helpers/json-shape.js';
import { peekBody } from '../helpers/peek-body.js';
import type { RequestLimits } from '../helpers/request-limits.js';
import { bodyIs } from '../helpers/body-type.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Checks the shape of JSON bodies that oidc-provider will parse itself (dynamic client
 * registration, RFC 7591): nesting past `jsonDepth`, more than `jsonMembers` members or a
 * `__proto__` member is 400 `invalid_request`. The body is read and put back; malformed JSON is
 * left to oidc-provider's own error.
 */
export function jsonShapeGuard(limits: Pick<RequestLimits, 'jsonBytes' | 'jsonDepth' | 'jsonMembers'>) {
  const shape = { maxDepth: limits.jsonDepth, maxMembers: limits.jsonMembers };
  // The common case (no JSON body) passes without an async frame: one promise less per request.
  const applies = (ctx: Context) => BODY_METHODS.has(ctx.method) && bodyIs(ctx, 'anyJson');
  return function guardJsonShapeWhenJson(ctx: Context, next: Next) {
    return applies(ctx) ? guardJsonShape(ctx, next) : next();
  };

  async function guardJsonShape(ctx: Context, next: Next) {
    const body = await peekBody(ctx.req, limits.jsonBytes);
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return next();
    }
    const problem = jsonShapeProblem(value, shape);
    if (problem) throw new errors.InvalidRequest(`the JSON body ${problem}`);
    return next();
  }
}
