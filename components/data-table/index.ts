/**
 * Server-driven data table (TanStack Table v9).
 *
 * Client-only: import these from client components. Server code may import the
 * types from here, and the pure URL helpers from "@/components/data-table/url-state".
 */
export {
  createDataTableColumnHelper,
  type DataTableColumnDef,
  type DataTableColumnHelper,
  type DataTableFeatures,
  dataTableFeatures,
} from "./columns";
export {
  ACTIONS_COLUMN_ID,
  DataTable,
  type DataTableProps,
  dimmedRowClassName,
  SELECT_COLUMN_ID,
} from "./data-table";
export { Pagination, type PaginationProps } from "./pagination";
export { FILTER_DEBOUNCE_MS, type FilterDef, Toolbar, type ToolbarProps } from "./toolbar";
export {
  buildSearch,
  DEFAULT_TABLE_PAGE_SIZE,
  nextSort,
  type SearchChanges,
  type SortDir,
  type SortState,
  TABLE_PAGE_SIZES,
  TABLE_PARAMS,
  type TablePageSize,
} from "./url-state";
export { type TableUrlState, useTableUrlState } from "./use-table-url-state";
