import { parse } from 'node:querystring';
import type { Context, Next } from 'koa';
import { errors } from 'oidc-provider';
import { peekBody } from '../helpers/peek-body.js';
import { countParameters, type RequestLimits } from '../helpers/request-limits.js';
import { bodyIs } from '../helpers/body-type.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type FormParameters = Record<string, string | string[] | undefined>;

/** The form body's parameters, when {@link formParameters} has read one. */
export function formParametersOf(ctx: Context): FormParameters | undefined {
  return ctx.state.formParameters as FormParameters | undefined;
}

/**
 * The form body's parameters, read now if {@link formParameters} left the body unread (a body
 * too short to break the parameter limit); undefined when the request carries no form body.
 */
export async function loadFormParameters(ctx: Context): Promise<FormParameters | undefined> {
  const deferredLimit = ctx.state.formBodyDeferred as number | undefined;
  if (deferredLimit === undefined) return formParametersOf(ctx);
  ctx.state.formBodyDeferred = undefined;
  const body = await peekBody(ctx.req, deferredLimit);
  return readParameters(ctx, body);
}

function readParameters(ctx: Context, body: Buffer): FormParameters {
  const text = body.toString('utf8');
  const parameters = parse(text);
  ctx.state.formParameters = parameters;
  // Fallback if the stream could not be given back: oidc-provider then reads `request.body`.
  if (body.length > 0 && !ctx.req.readable) (ctx.request as { body?: unknown }).body = text;
  return parameters;
}

function tooManyParameters(where: string, max: number) {
  return new errors.InvalidRequest(`the ${where} has too many parameters (limit ${max})`);
}

/**
 * Limits what reaches oidc-provider's endpoints: at most `maxParameters` in the query string and
 * in a form body (400 `invalid_request`), a form body of at most `formBytes` (413). The body is
 * read here and put back for oidc-provider to parse; its parameters stay in
 * `ctx.state.formParameters` for later middleware (client authentication throttling), which
 * reads them through {@link loadFormParameters}.
 */
export function formParameters(limits: Pick<RequestLimits, 'formBytes' | 'maxParameters'>) {
  // Every parameter takes at least one byte and all but the last a `&`: a body of at most this
  // many bytes cannot hold more than `maxParameters`.
  const countSafeBytes = Math.min(2 * limits.maxParameters - 1, limits.formBytes);
  // Not async: the common short body passes without a promise of its own.
  return function limitFormParameters(ctx: Context, next: Next) {
    if (countParameters(ctx.querystring) > limits.maxParameters) throw tooManyParameters('query string', limits.maxParameters);
    if (!BODY_METHODS.has(ctx.method) || !bodyIs(ctx, 'form')) return next();
    // A declared length that cannot break the limit (the body-size guard has refused longer ones
    // and oidc-provider reads no more than declared): the body is not read ahead and put back,
    // oidc-provider reads it once. A later middleware that needs the parameters
    // (client-auth throttling without HTTP Basic) reads them then.
    const declared = ctx.req.headers['content-length'];
    if (declared !== undefined && Number(declared) <= countSafeBytes) {
      ctx.state.formBodyDeferred = countSafeBytes;
      return next();
    }
    return checkBody(ctx, next);
  };

  async function checkBody(ctx: Context, next: Next) {
    const body = await peekBody(ctx.req, limits.formBytes);
    if (countParameters(body.toString('utf8')) > limits.maxParameters) throw tooManyParameters('request body', limits.maxParameters);
    readParameters(ctx, body);
    return next();
  }
}
