import { z } from "zod";

// The pure shapes and page sizes live in lib/model (the grids' URL state uses them too).
export * from "./model/list-params";

import { DEFAULT_PAGE_SIZE, type ListParams, PAGE_SIZES, type SortDirection } from "./model/list-params";

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
