import { parse } from 'node:querystring';
import type { Context } from 'koa';
import { formParametersOf } from '../middleware/form-parameters.js';
import { giveBackBody, takeBody } from '../helpers/peek-body.js';
import { PROVIDER_BODY_LIMIT } from '../helpers/request-limits.js';

const FORM = 'application/x-www-form-urlencoded';

/** A form body read for a fast path, and how to leave it to oidc-provider after all. */
export interface FormBody {
  /** Each parameter once, as a non-empty string; undefined when the form has anything else. */
  parameters: Record<string, string> | undefined;
  /** Puts the body back into the stream for oidc-provider (when the fast path declines). */
  giveBack(): void;
}

const nothingToGiveBack = () => {};

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

function simple(parsed: Record<string, string | string[] | undefined>): Record<string, string> | undefined {
  for (const value of Object.values(parsed)) {
    // Repeated (array) or empty parameters have rules of their own in oidc-provider.
    if (typeof value !== 'string' || value === '') return undefined;
  }
  return parsed as Record<string, string>;
}

/**
 * The parameters of the request's form body. A body the edge middleware already read (and put
 * back) is not read again; a short one it left in the stream is taken now and given back only if
 * the fast path declines. The body must be complete and exactly as long as declared.
 */
export async function readFormBody(ctx: Context): Promise<FormBody> {
  const known = formParametersOf(ctx);
  if (known !== undefined) return { parameters: simple(known), giveBack: nothingToGiveBack };
  const body = await takeBody(ctx.req, PROVIDER_BODY_LIMIT);
  const giveBack = () => {
    if (!giveBackBody(ctx.req, body)) (ctx.request as { body?: unknown }).body = body.toString('utf8');
  };
  const declared = ctx.req.headers['content-length'];
  if (declared === undefined || Number(declared) !== body.length) return { parameters: undefined, giveBack };
  ctx.state.formBodyDeferred = undefined;
  return { parameters: simple(parse(body.toString('utf8'))), giveBack };
}
