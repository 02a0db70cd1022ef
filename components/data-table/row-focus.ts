"use client";

import { type FocusEvent, useCallback, useEffect, useLayoutEffect, useRef } from "react";
import { registerFocusFallback } from "@/components/ui/focus-return";

/** Where in the grid the user last was: the control, and enough to find its neighbour once it is gone. */
type Spot = { element: HTMLElement; rowId: string; rowIndex: number; columnId: string; controlIndex: number };

const FOCUSABLE = 'button:not(:disabled), a[href], input:not(:disabled), select:not(:disabled), [tabindex="0"]';

function controlsIn(row: HTMLElement, columnId: string): HTMLElement[] {
  const cell = row.querySelector<HTMLElement>(`td[data-column-id="${CSS.escape(columnId)}"]`);
  return cell ? [...cell.querySelectorAll<HTMLElement>(FOCUSABLE)] : [];
}

/**
 * Keeps keyboard focus in the grid when its rows re-render: a row action that changes the row
 * (Deactivate) leaves focus on the same row's control, and one that removes it (Delete, or a status
 * filter it no longer matches) moves focus to the control in the same column of the row that took
 * its place, else the row above, else the table itself. Dialogs opened from a row come back through
 * the same rule (registerFocusFallback); focus in the bulk bar, gone with the selection, goes to the
 * "Select all rows on this page" checkbox.
 */
export function useRowFocus(rows: unknown, selectedCount: number) {
  const table = useRef<HTMLTableElement>(null);
  const spot = useRef<Spot | null>(null);
  // The bulk bar goes away with the selection (a bulk action, "Clear selection"): focus goes to "Select all".
  const bulkBar = useRef<HTMLElement | null>(null);
  const lastBarFocus = useRef<HTMLElement | null>(null);
  const bulkBarRef = useCallback((element: HTMLElement | null) => {
    if (element) bulkBar.current = element;
  }, []);

  const onFocus = useCallback((event: FocusEvent<HTMLElement>) => {
    const target = event.target;
    const row = target.closest<HTMLElement>("tr[data-row-id]");
    const cell = target.closest<HTMLElement>("td[data-column-id]");
    if (!row?.dataset.rowId || !cell?.dataset.columnId || !table.current) return;
    const rows = [...table.current.querySelectorAll<HTMLElement>("tbody tr[data-row-id]")];
    spot.current = {
      element: target,
      rowId: row.dataset.rowId,
      rowIndex: rows.indexOf(row),
      columnId: cell.dataset.columnId,
      controlIndex: Math.max(0, controlsIn(row, cell.dataset.columnId).indexOf(target)),
    };
  }, []);

  const selectAll = useCallback(
    () => table.current?.querySelector<HTMLElement>('thead input[type="checkbox"]:not(:disabled)') ?? table.current,
    [],
  );

  const neighbour = useCallback((): HTMLElement | null => {
    const last = spot.current;
    if (!last || !table.current) return null;
    const rows = [...table.current.querySelectorAll<HTMLElement>("tbody tr[data-row-id]")];
    const same = rows.find((row) => row.dataset.rowId === last.rowId);
    if (same) {
      const controls = controlsIn(same, last.columnId);
      const control = controls[Math.min(last.controlIndex, controls.length - 1)];
      if (control) return control;
    }
    // Its first control, not the same one: the next row's "Delete" is not where to land after a delete.
    const next = rows[Math.min(last.rowIndex, rows.length - 1)];
    return (next && controlsIn(next, last.columnId)[0]) ?? table.current;
  }, []);

  useEffect(() => {
    // Focus that left the grid for something other than its menus and dialogs is the user's own move.
    const forget = (event: globalThis.FocusEvent) => {
      const target = event.target;
      if (!(target instanceof Element) || table.current?.contains(target)) return;
      if (!target.closest('[role="menu"], [role="dialog"], [role="alertdialog"]')) spot.current = null;
    };
    document.addEventListener("focusin", forget);
    const unregister = registerFocusFallback((lost) => {
      if (spot.current && lost.includes(spot.current.element)) return neighbour();
      const bar = bulkBar.current;
      return bar && lost.some((element) => bar.contains(element)) ? selectAll() : null;
    });
    return () => {
      document.removeEventListener("focusin", forget);
      unregister();
    };
  }, [neighbour, selectAll]);

  // "Clear selection" (or a bulk action without a dialog) removed the bar that had focus.
  useLayoutEffect(() => {
    const bar = bulkBar.current;
    const active = document.activeElement;
    if (selectedCount > 0 || !bar || bar.isConnected || (active && active !== document.body)) return;
    if (!bar.contains(lastBarFocus.current)) return;
    lastBarFocus.current = null;
    selectAll()?.focus();
  }, [selectedCount, selectAll]);
  const onBulkBarFocus = useCallback((event: FocusEvent<HTMLElement>) => {
    lastBarFocus.current = event.target;
  }, []);

  useLayoutEffect(() => {
    void rows;
    const last = spot.current;
    if (!last || last.element.isConnected) return;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    neighbour()?.focus();
  }, [rows, neighbour]);

  return { tableRef: table, bulkBarRef, onBulkBarFocus, onFocus };
}
