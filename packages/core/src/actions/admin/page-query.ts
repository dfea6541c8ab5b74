import type { Context } from 'koa';
import { errors } from 'oidc-provider';
import { pageBounds } from '../../stores/paginate.js';

/** `?offset&limit&search` of a list request, checked and clamped. */
export interface PageQuery {
  offset: number;
  limit: number;
  search?: string;
}

function integer(ctx: Context, name: string): number | undefined {
  const raw = ctx.query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) throw new errors.InvalidRequest(`${name} must be a non-negative integer`);
  return Number(raw);
}

/** Reads the paging parameters; bad values are 400 `invalid_request`. */
export function pageQuery(ctx: Context): PageQuery {
  const search = ctx.query.search;
  if (search !== undefined && (typeof search !== 'string' || search.length > 256)) throw new errors.InvalidRequest('search must be one string of at most 256 characters');
  const limit = integer(ctx, 'limit');
  if (limit === 0) throw new errors.InvalidRequest('limit must be at least 1');
  const bounds = pageBounds({ offset: integer(ctx, 'offset'), limit });
  return { ...bounds, ...(search ? { search } : {}) };
}

/**
 * Answers a list as a plain JSON array (the shape of the client list in the API oidc-kit replaces),
 * with the paging in headers: `X-Total-Count`, and a `Link` to the next page (RFC 8288) when there is one.
 */
export function sendList<T>(ctx: Context, items: T[], total: number, query: PageQuery): void {
  ctx.set('X-Total-Count', String(total));
  const nextOffset = query.offset + items.length;
  if (items.length > 0 && nextOffset < total) {
    const next = new URLSearchParams({ offset: String(nextOffset), limit: String(query.limit), ...(query.search ? { search: query.search } : {}) });
    ctx.set('Link', `<${ctx.originalUrl.split('?')[0]}?${next}>; rel="next"`);
  }
  ctx.body = items;
}
