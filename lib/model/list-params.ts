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
export type PageSize = (typeof PAGE_SIZES)[number];
export const DEFAULT_PAGE_SIZE: PageSize = 20;

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
