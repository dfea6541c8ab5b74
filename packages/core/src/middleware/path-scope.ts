import type { Context, Middleware, Next } from 'koa';

/**
 * Runs `middleware` only for `prefix` and the paths below it; every other request goes straight
 * on. A router mounted under a prefix then costs one string comparison, not a walk over its
 * routes, on requests that are not its own (token, introspection, userinfo …).
 */
export function underPath(prefix: string, middleware: Middleware): Middleware {
  return underPaths([[prefix, middleware]]);
}

/**
 * {@link underPath} for several prefixes in one layer, as if each had its own: the middleware of
 * every prefix that holds the path runs, in order; any other request goes straight on.
 */
export function underPaths(scopes: ReadonlyArray<readonly [prefix: string, middleware: Middleware]>): Middleware {
  const entries = scopes.map(([prefix, middleware]) => ({ prefix, below: `${prefix}/`, middleware }));
  // The continuation of a matched scope is built only then: other requests pass with no closure.
  function runFrom(ctx: Context, next: Next, start: number): Promise<unknown> {
    const path = ctx.path;
    for (let i = start; i < entries.length; i += 1) {
      const { prefix, below, middleware } = entries[i]!;
      if (path === prefix || path.startsWith(below)) return Promise.resolve(middleware(ctx, () => runFrom(ctx, next, i + 1)));
    }
    return next();
  }
  return function scopedToPaths(ctx: Context, next: Next) {
    return runFrom(ctx, next, 0);
  };
}
