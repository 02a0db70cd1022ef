import { z } from "zod";

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

/**
 * What page, size, sort and dir may be: the one definition read leniently by the pages (a
 * hand-edited URL falls back to the defaults) and strictly by the REST API (400, field named).
 */
export function listFieldSchemas<Sort extends string>(sortable: readonly Sort[]) {
  const page = "Use a whole page number from 1.";
  const size = `Use one of ${PAGE_SIZES.join(", ")}.`;
  return {
    page: z.coerce.number(page).int(page).min(1, page),
    size: z.coerce.number(size).pipe(z.literal(PAGE_SIZES, size)),
    sort: z.enum(sortable, `Sort by one of ${sortable.join(", ")}.`),
    dir: z.enum(["asc", "desc"], "Use asc or desc."),
  };
}

/** Reads page/size/sort/dir, falling back to defaults for anything missing or not allowed. */
export function parseListParams<Sort extends string, Filters>(
  searchParams: SearchParams,
  options: { sortable: readonly Sort[]; defaultSort: Sort; defaultDir: SortDirection },
  filters: Filters,
): ListParams<Sort, Filters> {
  const fields = listFieldSchemas(options.sortable);
  const read = <T>(schema: z.ZodType<T>, name: string, fallback: T): T => {
    const parsed = schema.safeParse(param(searchParams, name));
    return parsed.success ? parsed.data : fallback;
  };
  return {
    page: read(fields.page, "page", 1),
    pageSize: read<number>(fields.size, "size", DEFAULT_PAGE_SIZE),
    sort: read(fields.sort, "sort", options.defaultSort),
    dir: read(fields.dir, "dir", options.defaultDir),
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
