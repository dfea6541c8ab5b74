import type { Context } from 'koa';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Answers with `body` as JSON, serialised here and with its media type set directly: Koa then
 * looks up no type and serialises nothing on the way out (about a tenth of a fast path's cost).
 * `ctx.body` is the JSON text.
 */
export function answerJson(ctx: Context, body: unknown): void {
  ctx.res.setHeader('Content-Type', JSON_TYPE);
  ctx.body = JSON.stringify(body);
}
