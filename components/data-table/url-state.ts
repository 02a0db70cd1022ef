/**
 * Pure helpers for the data table's URL state (no React, no Next.js).
 *
 * The query string is the single source of truth for a server-driven table:
 * `page` (1-based), `size`, `sort`, `dir` and one parameter per filter id.
 * Defaults are left out of the URL (`page=1`, `size=20`) so links stay short;
 * the server treats a missing parameter as its default.
 *
 * Safe to import from server code (it has no client-only dependencies).
 */

import { DEFAULT_PAGE_SIZE, PAGE_SIZES } from "@/lib/model/list-params";

export type SortDir = "asc" | "desc";

/** Allowed page sizes: the server's own list (lib/model/list-params.ts). */
export const TABLE_PAGE_SIZES = PAGE_SIZES;
export type TablePageSize = (typeof TABLE_PAGE_SIZES)[number];
export const DEFAULT_TABLE_PAGE_SIZE: TablePageSize = DEFAULT_PAGE_SIZE;

/** The reserved query parameter names; filters must not use these ids. */
export const TABLE_PARAMS = { page: "page", size: "size", sort: "sort", dir: "dir" } as const;

/** A set of query parameter changes: a string sets the parameter, `undefined` or `""` removes it. */
export type SearchChanges = Record<string, string | undefined>;

export type BuildSearchOptions = {
  /** Also drop `page` (back to page 1), e.g. because a filter or the page size changed. */
  resetPage?: boolean;
};

/** Anything with URLSearchParams' iteration, e.g. Next's ReadonlyURLSearchParams. */
export type SearchParamsLike = Pick<URLSearchParams, "toString">;

/**
 * Applies `changes` to a copy of `current` and returns the new query string,
 * with a leading `?`, or `""` when no parameter is left (so `pathname + result`
 * is always a valid URL). Unrelated parameters are kept in their order.
 */
export function buildSearch(current: SearchParamsLike, changes: SearchChanges, opts: BuildSearchOptions = {}): string {
  const next = new URLSearchParams(current.toString());
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined || value === "") next.delete(name);
    else next.set(name, value);
  }
  if (opts.resetPage && !(TABLE_PARAMS.page in changes && changes[TABLE_PARAMS.page])) {
    next.delete(TABLE_PARAMS.page);
  }
  const search = next.toString();
  return search ? `?${search}` : "";
}

/** Changes that move to `page` (1-based); page 1 is the default and is left out of the URL. */
export function pageChanges(page: number): SearchChanges {
  const safe = Number.isSafeInteger(page) && page > 1 ? page : 1;
  return { [TABLE_PARAMS.page]: safe > 1 ? String(safe) : undefined };
}

export function isTablePageSize(value: number): value is TablePageSize {
  return (TABLE_PAGE_SIZES as readonly number[]).includes(value);
}

/** Changes that set the page size (and go back to page 1); the default size is left out of the URL. */
export function pageSizeChanges(size: number): SearchChanges {
  const valid = isTablePageSize(size) ? size : DEFAULT_TABLE_PAGE_SIZE;
  return {
    [TABLE_PARAMS.size]: valid === DEFAULT_TABLE_PAGE_SIZE ? undefined : String(valid),
    [TABLE_PARAMS.page]: undefined,
  };
}

export type SortState = { sort: string; dir: SortDir };

/**
 * The sort after clicking the header of `columnId`: the same column flips
 * asc ↔ desc, a different column starts ascending.
 */
export function nextSort(current: SortState, columnId: string): SortState {
  if (current.sort === columnId) return { sort: columnId, dir: current.dir === "asc" ? "desc" : "asc" };
  return { sort: columnId, dir: "asc" };
}

/** Changes that write a sort. Sorting keeps the current page size but goes back to page 1. */
export function sortChanges(sort: SortState): SearchChanges {
  return { [TABLE_PARAMS.sort]: sort.sort, [TABLE_PARAMS.dir]: sort.dir, [TABLE_PARAMS.page]: undefined };
}

/** Changes that set (or, with `undefined`/`""`, remove) one filter. Use with `{ resetPage: true }`. */
export function filterChanges(id: string, value: string | undefined): SearchChanges {
  return { [id]: value === undefined ? undefined : value.trim() || undefined };
}

/** Changes that remove every filter in `ids`. Use with `{ resetPage: true }`. */
export function clearFilterChanges(ids: readonly string[]): SearchChanges {
  return Object.fromEntries(ids.map((id) => [id, undefined]));
}

/** Whether any of the filter `ids` has a non-empty value in `current`. */
export function hasActiveFilters(current: Pick<URLSearchParams, "get">, ids: readonly string[]): boolean {
  return ids.some((id) => Boolean(current.get(id)));
}

/** "Showing X–Y of TOTAL" bounds for a 1-based page; `{ from: 0, to: 0 }` when there is nothing to show. */
export function pageRange(page: number, pageSize: number, total: number): { from: number; to: number } {
  if (total <= 0 || pageSize <= 0) return { from: 0, to: 0 };
  const from = (Math.max(1, page) - 1) * pageSize + 1;
  if (from > total) return { from: 0, to: 0 };
  return { from, to: Math.min(total, from + pageSize - 1) };
}
