"use client";

import { useId, useLayoutEffect, useRef } from "react";
import styles from "./data-table.module.css";
import { pageRange, TABLE_PAGE_SIZES } from "./url-state";

export type PaginationProps = {
  /** 1-based current page. */
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
  canPreviousPage: boolean;
  canNextPage: boolean;
  onPreviousPage: () => void;
  onNextPage: () => void;
  onPageSizeChange: (size: number) => void;
  pageSizes?: readonly number[];
};

const numberFormat = new Intl.NumberFormat("en-US");

/** "Showing X–Y of TOTAL", "Page N of M", previous/next buttons and a "Rows per page" select. */
export function Pagination({
  page,
  pageSize,
  pageCount,
  total,
  canPreviousPage,
  canNextPage,
  onPreviousPage,
  onNextPage,
  onPageSizeChange,
  pageSizes = TABLE_PAGE_SIZES,
}: PaginationProps) {
  const sizeId = useId();
  const { from, to } = pageRange(page, pageSize, total);
  const pages = Math.max(1, pageCount);
  const sizes = pageSizes.includes(pageSize) ? pageSizes : [...pageSizes, pageSize].sort((a, b) => a - b);

  // The page re-renders under the button just used: focus stays on it, or, once it is disabled (the
  // last page reached), moves to the first enabled control here rather than falling to <body>.
  const nav = useRef<HTMLElement>(null);
  const used = useRef<HTMLButtonElement | null>(null);
  const shown = `${page}:${canPreviousPage}:${canNextPage}`;
  useLayoutEffect(() => {
    void shown;
    const button = used.current;
    const active = document.activeElement;
    if (!button || !nav.current || (active && active !== document.body && active !== button)) return;
    if (button.isConnected && !button.disabled) {
      if (active !== button) button.focus();
      return;
    }
    (nav.current.querySelector<HTMLElement>("button:not(:disabled)") ?? nav.current.querySelector("select"))?.focus();
  }, [shown]);
  const remember = (event: { currentTarget: HTMLButtonElement }) => {
    used.current = event.currentTarget;
  };

  return (
    <nav
      ref={nav}
      className={styles.pagination}
      aria-label="Pagination"
      onBlur={(event) => {
        // Focus moved on elsewhere: a later page change is not this control's doing.
        if (event.relatedTarget && !event.currentTarget.contains(event.relatedTarget)) used.current = null;
      }}
    >
      <p className={styles.range}>
        Showing {numberFormat.format(from)}–{numberFormat.format(to)} of {numberFormat.format(total)}
      </p>
      <div className={styles.pageSize}>
        <label className={styles.label} htmlFor={sizeId}>
          Rows per page
        </label>
        <select
          id={sizeId}
          className={styles.control}
          value={pageSize}
          onChange={(event) => onPageSizeChange(Number(event.currentTarget.value))}
        >
          {sizes.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </div>
      <p className={styles.pageInfo}>
        Page {numberFormat.format(Math.max(1, page))} of {numberFormat.format(pages)}
      </p>
      <div className={styles.pageButtons}>
        <button
          type="button"
          className={styles.button}
          onClick={(event) => {
            remember(event);
            onPreviousPage();
          }}
          disabled={!canPreviousPage}
        >
          <span aria-hidden="true">‹</span>Previous page
        </button>
        <button
          type="button"
          className={styles.button}
          onClick={(event) => {
            remember(event);
            onNextPage();
          }}
          disabled={!canNextPage}
        >
          Next page<span aria-hidden="true">›</span>
        </button>
      </div>
    </nav>
  );
}
