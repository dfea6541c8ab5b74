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

/** The list response: `{ items, total, offset, limit }`. */
export function pageResponse<T>(items: T[], total: number, query: PageQuery): { items: T[]; total: number; offset: number; limit: number } {
  return { items, total, offset: query.offset, limit: query.limit };
}
