"use client";

import {
  type ChangeEvent,
  type KeyboardEvent,
  type ReactNode,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from "react";
import styles from "./data-table.module.css";

/** A filter drawn in the toolbar; its `id` is also its query parameter name. */
export type FilterDef =
  | { id: string; label: string; variant: "text"; placeholder?: string }
  /**
   * A drop-down. An "All" option (value "") that means "no filter" is added in
   * front unless `options` already has an option with value "".
   */
  | { id: string; label: string; variant: "select"; options: { label: string; value: string }[] }
  /** An `<input type="date">`; the parameter value is `yyyy-mm-dd`. */
  | { id: string; label: string; variant: "date" }
  /** An `<input type="number">` of whole numbers from `min` (default 1) to `max`. */
  | { id: string; label: string; variant: "number"; min?: number; max?: number }
  /** A checkbox; when checked the parameter is "1", otherwise it is removed. */
  | { id: string; label: string; variant: "boolean" };

export type ToolbarProps = {
  filters: readonly FilterDef[];
  /** Current value of a filter parameter ("" when unset). */
  getValue: (id: string) => string;
  /** Sets (or with `undefined` removes) one filter. */
  onFilterChange: (id: string, value: string | undefined) => void;
  /** Removes every filter. */
  onClearFilters: () => void;
  /** Whether any filter is currently set. */
  hasFilters: boolean;
  /** Extra controls at the right, e.g. an "Add user" button. */
  actions?: ReactNode;
  /** Delay before a typed text/date value is written to the URL. */
  debounceMs?: number;
};

export const FILTER_DEBOUNCE_MS = 300;

/** Filter controls and page-level actions above the table. */
export function Toolbar({
  filters,
  getValue,
  onFilterChange,
  onClearFilters,
  hasFilters,
  actions,
  debounceMs = FILTER_DEBOUNCE_MS,
}: ToolbarProps) {
  // Bumped by "Clear filters" to remount the typed inputs, which cancels any
  // keystrokes still waiting for their debounce (they must not come back).
  const [generation, setGeneration] = useState(0);

  // "Clear filters" goes away once nothing is filtered: focus moves to the first filter, not <body>.
  const search = useRef<HTMLDivElement>(null);
  const cleared = useRef(false);
  useLayoutEffect(() => {
    if (hasFilters || !cleared.current) return;
    cleared.current = false;
    const active = document.activeElement;
    if (!active || active === document.body) search.current?.querySelector<HTMLElement>("input, select")?.focus();
  }, [hasFilters]);

  if (filters.length === 0 && actions == null) return null;

  return (
    <div className={styles.toolbar}>
      {filters.length > 0 ? (
        // biome-ignore lint/a11y/useSemanticElements: <search> is not yet typed/styled everywhere; role="search" is equivalent.
        <div ref={search} className={styles.filters} role="search" aria-label="Filters">
          {filters.map((filter) => (
            <FilterControl
              key={`${filter.id}:${generation}`}
              filter={filter}
              value={getValue(filter.id)}
              onChange={(value) => onFilterChange(filter.id, value)}
              debounceMs={debounceMs}
            />
          ))}
          {hasFilters ? (
            <button
              type="button"
              className={styles.clearButton}
              onClick={() => {
                cleared.current = true;
                setGeneration((g) => g + 1);
                onClearFilters();
              }}
            >
              Clear filters
            </button>
          ) : null}
        </div>
      ) : null}
      {actions != null ? <div className={styles.actions}>{actions}</div> : null}
    </div>
  );
}

type FilterControlProps = {
  filter: FilterDef;
  value: string;
  onChange: (value: string | undefined) => void;
  debounceMs: number;
};

function FilterControl({ filter, value, onChange, debounceMs }: FilterControlProps) {
  const id = useId();
  switch (filter.variant) {
    case "text":
    case "date":
    case "number":
      // The three typed inputs differ only in type and bounds.
      return (
        <div className={styles.field}>
          <label className={styles.label} htmlFor={id}>
            {filter.label}
          </label>
          <DebouncedInput
            id={id}
            type={filter.variant === "text" ? "search" : filter.variant}
            placeholder={filter.variant === "text" ? filter.placeholder : undefined}
            min={filter.variant === "number" ? (filter.min ?? 1) : undefined}
            max={filter.variant === "number" ? filter.max : undefined}
            value={value}
            onCommit={onChange}
            debounceMs={debounceMs}
          />
        </div>
      );
    case "select": {
      const hasAll = filter.options.some((option) => option.value === "");
      const options = hasAll ? filter.options : [{ label: "All", value: "" }, ...filter.options];
      // An unknown value in the URL (stale link) shows as "All", like the server treats it.
      const selected = options.some((option) => option.value === value) ? value : "";
      return (
        <div className={styles.field}>
          <label className={styles.label} htmlFor={id}>
            {filter.label}
          </label>
          <select
            id={id}
            className={styles.control}
            value={selected}
            onChange={(event) => onChange(event.currentTarget.value || undefined)}
          >
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
      );
    }
    case "boolean":
      return (
        <div className={`${styles.field} ${styles.checkboxField}`}>
          <input
            id={id}
            type="checkbox"
            className={styles.checkbox}
            checked={value === "1"}
            onChange={(event) => onChange(event.currentTarget.checked ? "1" : undefined)}
          />
          <label className={styles.checkboxLabel} htmlFor={id}>
            {filter.label}
          </label>
        </div>
      );
  }
}

type DebouncedInputProps = {
  id: string;
  type: "search" | "date" | "number";
  min?: number;
  max?: number;
  value: string;
  placeholder?: string;
  onCommit: (value: string | undefined) => void;
  debounceMs: number;
};

/**
 * An input that keeps its own state while the user types and writes to the URL
 * only after a pause (or on Enter), so no keystroke is lost to a re-render.
 */
function DebouncedInput({
  id,
  type,
  min,
  max,
  value: urlValue,
  placeholder,
  onCommit,
  debounceMs,
}: DebouncedInputProps) {
  const [text, setText] = useState(urlValue);
  const focused = useRef(false);
  const lastCommitted = useRef(urlValue);
  const onCommitRef = useRef(onCommit);
  useEffect(() => {
    onCommitRef.current = onCommit;
  });

  // Adopt a URL change made elsewhere (back/forward, a link) unless the user is typing here.
  useEffect(() => {
    if (urlValue === lastCommitted.current) return;
    lastCommitted.current = urlValue;
    if (!focused.current) setText(urlValue);
  }, [urlValue]);

  // Commit after a pause in typing.
  useEffect(() => {
    const next = text.trim();
    if (next === lastCommitted.current) return;
    const timer = setTimeout(() => {
      lastCommitted.current = next;
      onCommitRef.current(next || undefined);
    }, debounceMs);
    return () => clearTimeout(timer);
  }, [text, debounceMs]);

  const commitNow = () => {
    const next = text.trim();
    if (next === lastCommitted.current) return;
    lastCommitted.current = next;
    onCommitRef.current(next || undefined);
  };

  return (
    <input
      id={id}
      type={type}
      className={styles.control}
      min={min}
      max={max}
      inputMode={type === "number" ? "numeric" : undefined}
      value={text}
      placeholder={placeholder}
      autoComplete="off"
      spellCheck={type === "search" ? false : undefined}
      onFocus={() => {
        focused.current = true;
      }}
      onBlur={() => {
        focused.current = false;
      }}
      onChange={(event: ChangeEvent<HTMLInputElement>) => {
        // A half-typed date (or number) reports "" with badInput; wait for a whole
        // value instead of clearing the filter on every keystroke.
        if (type !== "search" && event.currentTarget.validity.badInput) return;
        setText(event.currentTarget.value);
      }}
      onKeyDown={(event: KeyboardEvent<HTMLInputElement>) => {
        if (event.key === "Enter") {
          event.preventDefault();
          commitNow();
        }
      }}
    />
  );
}
