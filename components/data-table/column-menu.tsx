"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import type { RowData, Table } from "@tanstack/react-table";
import { useRef, useState } from "react";
import type { DataTableFeatures } from "./columns";
import styles from "./data-table.module.css";

/** The column's header text, for the menu: headers are plain strings in every grid. */
function columnLabel(header: unknown, id: string): string {
  return typeof header === "string" ? header : id;
}

/** "Columns ▾": shows or hides the columns a grid allows to hide; the choice is kept by the caller. */
export function ColumnMenu<Row extends RowData>({ table }: { table: Table<DataTableFeatures, Row> }) {
  const trigger = useRef<HTMLButtonElement>(null);
  // Portalled into the page's <main> (a landmark) rather than <body>, like the row menus.
  const [landmark, setLandmark] = useState<HTMLElement | null>(null);
  const hideable = table.getAllLeafColumns().filter((column) => column.getCanHide());
  const hidden = hideable.filter((column) => !column.getIsVisible()).length;

  return (
    <Menu.Root modal={false} onOpenChange={(open) => open && setLandmark(trigger.current?.closest("main") ?? null)}>
      <Menu.Trigger ref={trigger} className={styles.button}>
        Columns{hidden > 0 ? ` (${hidden} hidden)` : ""}
        <span aria-hidden="true">▾</span>
      </Menu.Trigger>
      <Menu.Portal container={landmark}>
        <Menu.Content className="menu-content" align="end" sideOffset={4}>
          {hideable.map((column) => (
            <Menu.CheckboxItem
              key={column.id}
              className="menu-item menu-checkbox-item"
              checked={column.getIsVisible()}
              // Keep the menu open: people usually change several columns at once.
              onSelect={(event) => event.preventDefault()}
              onCheckedChange={(checked) => column.toggleVisibility(checked)}
            >
              <span className="menu-check" aria-hidden="true">
                {column.getIsVisible() ? "✓" : ""}
              </span>
              {columnLabel(column.columnDef.header, column.id)}
            </Menu.CheckboxItem>
          ))}
          <Menu.Separator className="menu-separator" />
          <Menu.Item
            className="menu-item"
            disabled={hidden === 0}
            onSelect={(event) => {
              event.preventDefault();
              table.setColumnVisibility({});
            }}
          >
            Show all columns
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
