import { parse } from 'node:querystring';
import type { Context, Next } from 'koa';
import { errors } from 'oidc-provider';
import { peekBody } from '../helpers/peek-body.js';
import { countParameters, type RequestLimits } from '../helpers/request-limits.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The form body's parameters, when {@link formParameters} has read one. */
export function formParametersOf(ctx: Context): Record<string, string | string[] | undefined> | undefined {
  return ctx.state.formParameters as Record<string, string | string[] | undefined> | undefined;
}

function tooManyParameters(where: string, max: number) {
  return new errors.InvalidRequest(`the ${where} has too many parameters (limit ${max})`);
}

/**
 * Limits what reaches oidc-provider's endpoints: at most `maxParameters` in the query string and
 * in a form body (400 `invalid_request`), a form body of at most `formBytes` (413). The body is
 * read here and put back for oidc-provider to parse; its parameters stay in
 * `ctx.state.formParameters` for later middleware (client authentication throttling).
 */
export function formParameters(limits: Pick<RequestLimits, 'formBytes' | 'maxParameters'>) {
  return async function limitFormParameters(ctx: Context, next: Next) {
    if (countParameters(ctx.querystring) > limits.maxParameters) throw tooManyParameters('query string', limits.maxParameters);
    if (!BODY_METHODS.has(ctx.method) || !ctx.is('application/x-www-form-urlencoded')) return next();
    const body = await peekBody(ctx.req, limits.formBytes);
    const text = body.toString('utf8');
    if (countParameters(text) > limits.maxParameters) throw tooManyParameters('request body', limits.maxParameters);
    ctx.state.formParameters = parse(text);
    // Fallback if the stream could not be given back: oidc-provider then reads `request.body`.
    if (body.length > 0 && !ctx.req.readable) (ctx.request as { body?: unknown }).body = text;
    return next();
  };
}
