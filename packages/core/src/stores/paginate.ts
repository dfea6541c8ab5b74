import type { ListQuery, Page } from './account-store.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** Clamps offset and limit to sane bounds. */
export function pageBounds(query: ListQuery = {}): { offset: number; limit: number } {
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.limit ?? DEFAULT_PAGE_SIZE)));
  return { offset, limit };
}

/** One page of an in-memory list. */
export function pageOf<T>(items: T[], query: ListQuery = {}): Page<T> {
  const { offset, limit } = pageBounds(query);
  return { items: items.slice(offset, offset + limit), total: items.length };
}
