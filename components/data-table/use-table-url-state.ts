"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useOptimistic, useRef, useTransition } from "react";
import {
  type BuildSearchOptions,
  buildSearch,
  clearFilterChanges,
  filterChanges,
  hasActiveFilters,
  pageChanges,
  pageSizeChanges,
  type SearchChanges,
  type SortState,
  sortChanges,
} from "./url-state";

export type TableUrlState = {
  /** True while the server re-renders after a URL change made through these setters. */
  isPending: boolean;
  /** The current value of a query parameter ("" when absent), including a change still in flight. */
  get: (name: string) => string;
  /** Whether any of the filter ids currently has a value. */
  hasFilters: (ids: readonly string[]) => boolean;
  /** Low-level: apply changes to the query string (keeps unrelated parameters). */
  update: (changes: SearchChanges, opts?: BuildSearchOptions) => void;
  setPage: (page: number) => void;
  setPageSize: (size: number) => void;
  setSort: (sort: SortState) => void;
  /** Sets one filter (`undefined`/"" removes it) and goes back to page 1. */
  setFilter: (id: string, value: string | undefined) => void;
  /** Removes every filter in `ids` and goes back to page 1. */
  clearFilters: (ids: readonly string[]) => void;
};

/**
 * Reads the table's state from the URL and returns setters that write a new URL
 * with `router.replace(url, { scroll: false })` inside a transition, so
 * `isPending` stays true until the server component has re-rendered.
 *
 * Call it once per table and pass the setters down: every setter shares the
 * same transition, which is what drives the table's loading state.
 */
export function useTableUrlState(): TableUrlState {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [isPending, startTransition] = useTransition();
  // What the URL will be once the pending navigation lands: controls show the
  // value the user just picked instead of snapping back until the server answers.
  const committed = searchParams.toString();
  const [optimistic, setOptimistic] = useOptimistic(committed);
  const params = useMemo(() => new URLSearchParams(optimistic), [optimistic]);

  // The query string of the last URL we asked for. Until the server has
  // answered, the committed URL (searchParams) does not contain that change
  // yet, so a second change made meanwhile (a debounced filter, then a page
  // click) must build on the requested URL or it would drop the first one.
  const requested = useRef<string | null>(null);
  useEffect(() => {
    if (!isPending) requested.current = null;
  }, [isPending]);

  const update = useCallback(
    (changes: SearchChanges, opts?: BuildSearchOptions) => {
      const base = requested.current ?? committed;
      const search = buildSearch(new URLSearchParams(base), changes, opts);
      const next = search.replace(/^\?/, "");
      if (next === base) return;
      requested.current = next;
      startTransition(() => {
        setOptimistic(next);
        router.replace(`${pathname}${search}`, { scroll: false });
      });
    },
    [committed, pathname, router, setOptimistic],
  );

  return useMemo<TableUrlState>(
    () => ({
      isPending,
      get: (name) => params.get(name) ?? "",
      hasFilters: (ids) => hasActiveFilters(params, ids),
      update,
      setPage: (page) => update(pageChanges(page)),
      setPageSize: (size) => update(pageSizeChanges(size)),
      setSort: (sort) => update(sortChanges(sort)),
      setFilter: (id, value) => update(filterChanges(id, value), { resetPage: true }),
      clearFilters: (ids) => update(clearFilterChanges(ids), { resetPage: true }),
    }),
    [isPending, params, update],
  );
}
