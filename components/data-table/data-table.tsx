"use client";

import {
  type ColumnFiltersState,
  functionalUpdate,
  type PaginationState,
  type RowData,
  type RowSelectionState,
  type SortingState,
  type Updater,
  useTable,
} from "@tanstack/react-table";
import { type ReactNode, useCallback, useMemo, useState } from "react";
import { ColumnMenu } from "./column-menu";
import { usePersistedColumnVisibility } from "./column-visibility";
import { type DataTableColumnDef, dataTableFeatures } from "./columns";
import styles from "./data-table.module.css";
import { Pagination } from "./pagination";
import { useRowFocus } from "./row-focus";
import { type FilterDef, Toolbar } from "./toolbar";
import { nextSort, type SortDir } from "./url-state";
import { useTableUrlState } from "./use-table-url-state";

export type DataTableProps<Row extends RowData> = {
  /** Accessible name of the table (its aria-label), e.g. "Users". */
  label: string;
  /** Column definitions, built with `createDataTableColumnHelper<Row>()`. Keep the array stable (module scope). */
  columns: readonly DataTableColumnDef<Row>[];
  /** The current page of rows, already filtered, sorted and paginated by the server. */
  rows: Row[];
  /** Number of rows matching the filters, over all pages. */
  total: number;
  /** 1-based current page. */
  page: number;
  pageSize: number;
  pageCount: number;
  /** The column id the rows are sorted by (as resolved by the server). */
  sort: string;
  dir: SortDir;
  /** A stable id per row, used for React keys, selection and "Select row <id>". */
  getRowId: (row: Row) => string;
  /** Filters drawn in a toolbar above the table; each writes the query parameter named by its `id`. */
  filters?: readonly FilterDef[];
  /** Extra controls at the right of the toolbar, e.g. an "Add user" button. */
  toolbar?: ReactNode;
  /** Shown in one full-width cell when `rows` is empty. */
  emptyMessage?: string;
  /** Extra class for a row's `<tr>`; `dimmedRowClassName` gives the standard dimmed look. */
  rowClassName?: (row: Row) => string | undefined;
  /** Adds a checkbox column ("Select all rows on this page", "Select row <id>"). */
  enableRowSelection?: boolean;
  /** What a row's checkbox names it ("Select <label>") instead of its id; keep it stable (module scope). */
  getRowLabel?: (row: Row) => string;
  /** Rendered in a bar above the table while at least one row on this page is selected. */
  bulkActions?: (selected: Row[], clear: () => void) => ReactNode;
};

/** A row class for a muted row (e.g. a disabled user): `rowClassName={(u) => u.disabled ? dimmedRowClassName : undefined}`. */
export const dimmedRowClassName: string = styles.dimmed ?? "dimmed";

export const SELECT_COLUMN_ID = "select";
/** The id of a grid's row-actions column: kept on screen at the right when the table scrolls. */
export const ACTIONS_COLUMN_ID = "actions";

// Module scope on purpose: v9 memoizes the column model on the identity of
// `defaultColumn`, so an inline object would rebuild every column each render.
// Sorting is opt-in per column (`enableSorting: true`) because only the server
// knows which columns it can sort by.
const defaultColumn = { enableSorting: false } as const;

function cx(...names: (string | false | null | undefined)[]): string | undefined {
  const joined = names.filter(Boolean).join(" ");
  return joined || undefined;
}

function createSelectColumn<Row extends RowData>(getRowLabel?: (row: Row) => string): DataTableColumnDef<Row> {
  return {
    id: SELECT_COLUMN_ID,
    enableSorting: false,
    enableHiding: false,
    header: ({ table }) => (
      <Checkbox
        label="Select all rows on this page"
        checked={table.getIsAllPageRowsSelected()}
        indeterminate={table.getIsSomePageRowsSelected() && !table.getIsAllPageRowsSelected()}
        disabled={table.getRowModel().rows.length === 0}
        onChange={table.getToggleAllPageRowsSelectedHandler()}
      />
    ),
    cell: ({ row }) => (
      <Checkbox
        label={getRowLabel ? `Select ${getRowLabel(row.original)}` : `Select row ${row.id}`}
        checked={row.getIsSelected()}
        disabled={!row.getCanSelect()}
        // The row handler reads Shift from the click (React passes it as
        // nativeEvent) to select a range.
        onChange={row.getToggleSelectedHandler()}
      />
    ),
  };
}

type CheckboxProps = {
  label: string;
  checked: boolean;
  indeterminate?: boolean;
  disabled?: boolean;
  onChange: (event: unknown) => void;
};

function Checkbox({ label, checked, indeterminate = false, disabled, onChange }: CheckboxProps) {
  return (
    <input
      type="checkbox"
      className={styles.checkbox}
      aria-label={label}
      checked={checked}
      disabled={disabled}
      onChange={onChange}
      ref={(element) => {
        if (element) element.indeterminate = indeterminate;
      }}
    />
  );
}

/**
 * A server-driven table: renders the rows it is given and turns sorting,
 * paging and filtering into URL changes (`?page=&size=&sort=&dir=&<filter>=`),
 * which make the server component re-render with new rows.
 */
export function DataTable<Row extends RowData>({
  label,
  columns,
  rows,
  total,
  page,
  pageSize,
  pageCount,
  sort,
  dir,
  getRowId,
  filters = [],
  toolbar,
  emptyMessage = "No results.",
  rowClassName,
  enableRowSelection = false,
  getRowLabel,
  bulkActions,
}: DataTableProps<Row>) {
  const url = useTableUrlState();
  const [columnVisibility, setColumnVisibility] = usePersistedColumnVisibility(label);

  // Selection belongs to the rows on screen: when new rows arrive (another
  // page, a refresh after a bulk action) drop ids that are no longer shown.
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [selectionRows, setSelectionRows] = useState(rows);
  if (selectionRows !== rows) {
    setSelectionRows(rows);
    const shown = new Set(rows.map((row) => getRowId(row)));
    const kept = Object.fromEntries(
      Object.keys(rowSelection)
        .filter((id) => shown.has(id))
        .map((id) => [id, true] as const),
    );
    if (Object.keys(kept).length !== Object.keys(rowSelection).length) setRowSelection(kept);
  }

  // Columns opt in to hiding (`enableHiding: true`), which offers the "Columns" menu; the first
  // column names the row and the actions column acts on it, so neither can go.
  const tableColumns = useMemo(() => {
    const withHiding = columns.map((column, index) => ({
      ...column,
      enableHiding: column.enableHiding === true && index > 0 && column.id !== ACTIONS_COLUMN_ID,
    }));
    return enableRowSelection ? [createSelectColumn<Row>(getRowLabel), ...withHiding] : withHiding;
  }, [columns, enableRowSelection, getRowLabel]);
  const columnsMenu = tableColumns.some((column) => column.enableHiding);

  const sorting = useMemo<SortingState>(() => (sort ? [{ id: sort, desc: dir === "desc" }] : []), [sort, dir]);
  const pagination = useMemo<PaginationState>(() => ({ pageIndex: Math.max(0, page - 1), pageSize }), [page, pageSize]);
  const { get: getParam } = url;
  const columnFilters = useMemo<ColumnFiltersState>(
    () => filters.flatMap((filter) => (getParam(filter.id) ? [{ id: filter.id, value: getParam(filter.id) }] : [])),
    [filters, getParam],
  );

  const { setSort, setPage, setPageSize } = url;
  const onSortingChange = useCallback(
    (updater: Updater<SortingState>) => {
      const first = functionalUpdate(updater, sorting)[0];
      if (first) setSort({ sort: first.id, dir: first.desc ? "desc" : "asc" });
    },
    [setSort, sorting],
  );
  const onPaginationChange = useCallback(
    (updater: Updater<PaginationState>) => {
      const next = functionalUpdate(updater, pagination);
      if (next.pageSize !== pagination.pageSize) setPageSize(next.pageSize);
      else if (next.pageIndex !== pagination.pageIndex) setPage(next.pageIndex + 1);
    },
    [pagination, setPage, setPageSize],
  );

  const table = useTable({
    features: dataTableFeatures,
    columns: tableColumns,
    data: rows,
    getRowId: (row) => getRowId(row),
    defaultColumn,
    state: { sorting, pagination, columnFilters, rowSelection, columnVisibility },
    onSortingChange,
    onColumnVisibilityChange: setColumnVisibility,
    onPaginationChange,
    onRowSelectionChange: setRowSelection,
    // The server filters, sorts and paginates; the table only renders.
    manualFiltering: true,
    manualSorting: true,
    manualPagination: true,
    rowCount: total,
    pageCount: Math.max(1, pageCount),
    autoResetAll: false,
    enableMultiSort: false,
    enableSortingRemoval: false,
    enableRowSelection,
  });

  const selectedRows = enableRowSelection ? table.getSelectedRowModel().rows.map((row) => row.original) : [];
  const clearSelection = () => table.resetRowSelection(true);
  const rowFocus = useRowFocus(rows, selectedRows.length);
  const visibleRows = table.getRowModel().rows;
  const columnCount = table.getVisibleLeafColumns().length;
  // Sticky at the left: the row checkbox and the column naming the row; at the right: its actions.
  const firstColumnId = table.getAllLeafColumns().find((column) => column.id !== SELECT_COLUMN_ID)?.id;
  const stickyClass = (columnId: string) =>
    cx(
      columnId === SELECT_COLUMN_ID && styles.selectCell,
      columnId === firstColumnId && styles.nameCell,
      columnId === ACTIONS_COLUMN_ID && styles.actionsCell,
    );

  return (
    <div className={styles.root}>
      <Toolbar
        filters={filters}
        getValue={url.get}
        onFilterChange={url.setFilter}
        onClearFilters={() => url.clearFilters(filters.map((filter) => filter.id))}
        hasFilters={url.hasFilters(filters.map((filter) => filter.id))}
        actions={
          columnsMenu || toolbar ? (
            <>
              {columnsMenu ? <ColumnMenu table={table} /> : null}
              {toolbar}
            </>
          ) : null
        }
      />

      {selectedRows.length > 0 ? (
        <section
          ref={rowFocus.bulkBarRef}
          className={styles.bulkBar}
          aria-label="Bulk actions"
          onFocus={rowFocus.onBulkBarFocus}
        >
          <span className={styles.selectedCount}>{selectedRows.length} selected</span>
          <div className={styles.bulkActions}>{bulkActions?.(selectedRows, clearSelection)}</div>
          <button type="button" className={styles.linkButton} onClick={clearSelection}>
            Clear selection
          </button>
        </section>
      ) : null}

      <div className={styles.tableRegion} aria-busy={url.isPending}>
        <p role="status" className={styles.status}>
          {url.isPending ? "Loading…" : null}
        </p>
        <div className={styles.scroll}>
          {/* tabIndex -1: where focus lands when the last row with the user's focus is gone. */}
          <table
            ref={rowFocus.tableRef}
            className={styles.table}
            aria-label={label}
            tabIndex={-1}
            data-selectable={enableRowSelection || undefined}
          >
            <thead>
              {table.getHeaderGroups().map((headerGroup) => (
                <tr key={headerGroup.id}>
                  {headerGroup.headers.map((header) => {
                    const column = header.column;
                    const canSort = !header.isPlaceholder && column.getCanSort();
                    const sorted = column.getIsSorted();
                    const ariaSort = sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none";
                    return (
                      <th
                        key={header.id}
                        scope="col"
                        colSpan={header.colSpan > 1 ? header.colSpan : undefined}
                        aria-sort={canSort ? ariaSort : undefined}
                        className={cx(styles.th, stickyClass(column.id))}
                      >
                        {header.isPlaceholder ? null : canSort ? (
                          <button
                            type="button"
                            className={styles.sortButton}
                            data-sorted={sorted || undefined}
                            onClick={() => {
                              // Same column flips asc ↔ desc, a new column starts ascending.
                              column.toggleSorting(nextSort({ sort, dir }, column.id).dir === "desc");
                            }}
                          >
                            <table.FlexRender header={header} />
                            <span className={styles.sortIcon} aria-hidden="true">
                              {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                            </span>
                          </button>
                        ) : (
                          <table.FlexRender header={header} />
                        )}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody onFocus={rowFocus.onFocus}>
              {visibleRows.length === 0 ? (
                <tr>
                  <td className={styles.empty} colSpan={columnCount}>
                    {emptyMessage}
                  </td>
                </tr>
              ) : (
                visibleRows.map((row) => {
                  const selected = enableRowSelection && row.getIsSelected();
                  return (
                    <tr
                      key={row.id}
                      data-row-id={row.id}
                      className={cx(styles.row, selected && styles.selected, rowClassName?.(row.original))}
                      data-state={selected ? "selected" : undefined}
                    >
                      {row.getVisibleCells().map((cell) => (
                        <td
                          key={cell.id}
                          data-column-id={cell.column.id}
                          className={cx(styles.td, stickyClass(cell.column.id))}
                        >
                          <table.FlexRender cell={cell} />
                        </td>
                      ))}
                    </tr>
                  );
                })
              )}
            </tbody>
          </table>
        </div>
      </div>

      <Pagination
        page={page}
        pageSize={pageSize}
        pageCount={Math.max(1, pageCount)}
        total={total}
        canPreviousPage={table.getCanPreviousPage()}
        canNextPage={table.getCanNextPage()}
        onPreviousPage={() => {
          // A stale link can point past the last page: go back to the last real one.
          if (page > pageCount) setPage(Math.max(1, pageCount));
          else table.previousPage();
        }}
        onNextPage={() => table.nextPage()}
        onPageSizeChange={(size) => table.setPageSize(size)}
      />
    </div>
  );
}
