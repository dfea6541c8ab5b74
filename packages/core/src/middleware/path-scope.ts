import type { Context, Middleware, Next } from 'koa';

/**
 * Runs `middleware` only for `prefix` and the paths below it; every other request goes straight
 * on. A router mounted under a prefix then costs one string comparison, not a walk over its
 * routes, on requests that are not its own (token, introspection, userinfo …).
 */
export function underPath(prefix: string, middleware: Middleware): Middleware {
  const below = `${prefix}/`;
  return function scopedToPath(ctx: Context, next: Next) {
    return ctx.path === prefix || ctx.path.startsWith(below) ? middleware(ctx, next) : next();
  };
}
