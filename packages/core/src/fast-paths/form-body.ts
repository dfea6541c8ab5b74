import type { Context } from 'koa';

const FORM = 'application/x-www-form-urlencoded';
// oidc-provider's syntax for `scope` (RFC 6749 §3.3: scope-token = 1*NQCHAR, space-delimited).
const SCOPE_SYNTAX = /^[\x21\x23-\x5B\x5D-\x7E]+(?: [\x21\x23-\x5B\x5D-\x7E]+)*$/;

/**
 * Whether the request carries a UTF-8 form body, as oidc-provider reads it: the media type, and
 * no charset but UTF-8 (oidc-provider would decode any other).
 */
export function isUtf8Form(ctx: Context): boolean {
  const type = ctx.req.headers['content-type'];
  if (type === FORM) return true;
  if (type === undefined) return false;
  const [media, ...rest] = type.toLowerCase().split(';').map((part) => part.trim());
  return media === FORM && (rest.length === 0 || (rest.length === 1 && /^charset="?utf-8"?$/.test(rest[0]!)));
}

/** The parameters when each is there once, as a non-empty string; undefined otherwise. */
export function singleParameters(parsed: Record<string, string | string[] | undefined> | undefined): Record<string, string> | undefined {
  if (parsed === undefined) return undefined;
  for (const name in parsed) {
    // Repeated (array) or empty parameters have rules of their own in oidc-provider.
    const value = parsed[name];
    if (typeof value !== 'string' || value === '') return undefined;
  }
  return parsed as Record<string, string>;
}

/** Whether a `scope` parameter, when there is one, is well-formed as oidc-provider checks it. */
export function isWellFormedScope(scope: string | undefined): boolean {
  return scope === undefined || SCOPE_SYNTAX.test(scope);
}
