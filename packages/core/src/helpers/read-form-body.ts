import type { Context } from 'koa';
import { payloadTooLarge } from './protocol-errors.js';

/** oidc-provider's own limit for urlencoded bodies. */
export const FORM_BODY_LIMIT = 56 * 1024;

/** Reads a urlencoded body; past the limit it answers 413 `invalid_request`. */
export async function readFormBody(ctx: Context): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > FORM_BODY_LIMIT) throw payloadTooLarge(FORM_BODY_LIMIT);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
