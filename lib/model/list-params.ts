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
