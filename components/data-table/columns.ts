import {
  type ColumnDef,
  type ColumnHelper,
  columnFilteringFeature,
  columnVisibilityFeature,
  createColumnHelper,
  type RowData,
  rowPaginationFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
} from "@tanstack/react-table";

/**
 * The TanStack Table v9 feature set every DataTable uses. Column definitions are
 * typed against it, so it lives at module scope (v9 wants `features` stable).
 *
 * No row models are registered: filtering, sorting and pagination are done in
 * SQL on the server, the table runs them all in `manual*` mode and only renders
 * the rows it is given.
 */
export const dataTableFeatures = tableFeatures({
  columnFilteringFeature,
  columnVisibilityFeature,
  rowSortingFeature,
  rowPaginationFeature,
  rowSelectionFeature,
});

export type DataTableFeatures = typeof dataTableFeatures;

/**
 * One column definition for a `DataTable<Row>`.
 *
 * `any` for the cell value type is deliberate and mirrors TanStack's own
 * `helper.columns()` return type: a list mixes columns whose values are
 * `string`, `number`, `Date`… and `ColumnDef` is invariant in its value type
 * (it appears in both `cell` parameters and `getValue` results), so neither
 * `unknown` nor a union would accept them. Each column keeps its precise type
 * where it is written, through the column helper.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above; ColumnDef is invariant in TValue.
export type DataTableColumnDef<Row extends RowData> = ColumnDef<DataTableFeatures, Row, any>;

export type DataTableColumnHelper<Row extends RowData> = ColumnHelper<DataTableFeatures, Row>;

/**
 * A TanStack v9 column helper bound to the DataTable features.
 *
 * ```tsx
 * const col = createDataTableColumnHelper<User>();
 * export const userColumns = col.columns([
 *   col.accessor("username", { header: "Username", enableSorting: true }),
 *   col.accessor("createdAt", { header: "Created", cell: (info) => info.getValue().toLocaleDateString() }),
 *   col.display({ id: "actions", header: "Actions", cell: ({ row }) => <RowActions user={row.original} /> }),
 * ]);
 * ```
 *
 * Sorting is opt-in per column (`enableSorting: true`), so the table never
 * offers a sort the server does not support; keep it in line with the server's
 * sortable list. The column id (the accessor key, or `id`) is what goes into
 * `?sort=`. Note that v9 turns dots in an accessor key into `_` for the id.
 *
 * `col.columns([...])` keeps each column's value type (a plain array literal
 * works too). Define columns at module scope: the table treats them as a stable
 * input, and each `cell` function is rendered as a React component.
 */
export function createDataTableColumnHelper<Row extends RowData>(): DataTableColumnHelper<Row> {
  return createColumnHelper<DataTableFeatures, Row>();
}
