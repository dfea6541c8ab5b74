import { stringify as stringifyQuery } from 'node:querystring';
import type { Context, Next } from 'koa';
import { errors } from 'oidc-provider';
import { giveBackBody, takeBody } from '../helpers/peek-body.js';
import { PROVIDER_BODY_LIMIT } from '../helpers/request-limits.js';
import { bodyIs } from '../helpers/body-type.js';

/**
 * Token, introspection and revocation take `application/x-www-form-urlencoded` (RFC 6749 §4,
 * RFC 7662 §2.1, RFC 7009 §2.1). Some services oidc-kit replaces also took the same parameters as
 * a flat JSON object; such a body is turned into the form oidc-provider parses. Anything but
 * string, number or boolean members is refused with 400.
 */
export function jsonFormCompat(paths: readonly string[]) {
  const accepted = new Set(paths);
  // Not async: every other request (form bodies included) passes without a promise of its own,
  // and the body is only read when it is JSON.
  return function acceptJsonParameters(ctx: Context, next: Next) {
    if (ctx.method !== 'POST' || !accepted.has(ctx.path) || !bodyIs(ctx, 'json')) return next();
    return jsonAsForm(ctx, next);
  };

  async function jsonAsForm(ctx: Context, next: Next) {
    const raw = await takeBody(ctx.req, PROVIDER_BODY_LIMIT);
    let parsed: unknown;
    try {
      parsed = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
    } catch {
      throw new errors.InvalidRequest('the request body is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new errors.InvalidRequest('the JSON body must be an object of parameters');
    const form: Record<string, string> = {};
    for (const [name, value] of Object.entries(parsed)) {
      if (!['string', 'number', 'boolean'].includes(typeof value)) throw new errors.InvalidRequest(`parameter ${name} must be a string`);
      form[name] = String(value);
    }
    let encoded: string;
    try {
      encoded = stringifyQuery(form);
    } catch {
      // A lone UTF-16 surrogate ("\ud800") is valid JSON but no text: it cannot be percent-encoded.
      throw new errors.InvalidRequest('the JSON body holds a string that is not valid Unicode text');
    }
    const body = Buffer.from(encoded);
    ctx.req.headers['content-type'] = 'application/x-www-form-urlencoded';
    if (!giveBackBody(ctx.req, body)) throw new errors.InvalidRequest('the request body could not be read');
    return next();
  }
}
