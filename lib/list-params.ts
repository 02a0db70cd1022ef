/** Page, sort and filters of a server-driven grid, as they travel in the URL. */
export type SortDirection = "asc" | "desc";

export type ListParams<Sort extends string, Filters> = {
  page: number;
  pageSize: number;
  sort: Sort;
  dir: SortDirection;
  filters: Filters;
};

export type ListResult<Row> = { rows: Row[]; total: number; page: number; pageSize: number; pageCount: number };

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;

export type SearchParams = Record<string, string | string[] | undefined>;

/** The first value of a query parameter, trimmed; undefined when absent or empty. */
export function param(searchParams: SearchParams, name: string): string | undefined {
  const raw = searchParams[name];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value ? value.slice(0, 200) : undefined;
}

/** Reads page/size/sort/dir, falling back to defaults for anything missing or not allowed. */
export function parseListParams<Sort extends string, Filters>(
  searchParams: SearchParams,
  options: { sortable: readonly Sort[]; defaultSort: Sort; defaultDir: SortDirection },
  filters: Filters,
): ListParams<Sort, Filters> {
  const page = Number(param(searchParams, "page"));
  const size = Number(param(searchParams, "size"));
  const sort = param(searchParams, "sort") as Sort | undefined;
  const dir = param(searchParams, "dir");
  return {
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
    sort: sort && options.sortable.includes(sort) ? sort : options.defaultSort,
    dir: dir === "asc" || dir === "desc" ? dir : options.defaultDir,
    filters,
  };
}

export function toListResult<Row>(
  rows: Row[],
  total: number,
  params: { page: number; pageSize: number },
): ListResult<Row> {
  return {
    rows,
    total,
    page: params.page,
    pageSize: params.pageSize,
    pageCount: Math.max(1, Math.ceil(total / params.pageSize)),
  };
}

/** A LIKE pattern matching `text` anywhere, with LIKE's own wildcards escaped (use with ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
