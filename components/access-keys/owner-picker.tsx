// biome-ignore-all lint/a11y/noNoninteractiveElementToInteractiveRole: listbox/option on ul/li is the pattern
// biome-ignore-all lint/a11y/useFocusableInteractive: options are reached through aria-activedescendant
// biome-ignore-all lint/a11y/useKeyWithClickEvents: the input's onKeyDown handles the keyboard
"use client";
// The ARIA 1.2 combobox pattern: focus stays in the input and aria-activedescendant names the active
// option, so the listbox and its options are deliberately not focusable; the input handles the keys.

import { useEffect, useId, useRef, useState, useTransition } from "react";
import { FieldErrors } from "@/components/ui/field";
import type { KeyActions, OwnerOption } from "./types";

/** What the Owner field holds: the text typed and the user chosen from it, if any. */
export type OwnerDraft = { query: string; chosen: OwnerOption | null };

type Props = {
  search: NonNullable<KeyActions["searchOwners"]>;
  errors?: string[];
  /** What the field shows when it mounts (a Create dialog reopened with its draft). */
  defaultValue?: OwnerDraft;
  onChange?: (value: OwnerDraft) => void;
};

/**
 * A searchable combobox of *active* users (there may be thousands: the server returns a few
 * matches at a time). The chosen user's id travels in a hidden `ownerId` input.
 */
export function OwnerPicker({ search, errors, defaultValue, onChange }: Props) {
  const id = useId();
  const [query, setQuery] = useState(defaultValue?.query ?? "");
  const [options, setOptions] = useState<OwnerOption[]>([]);
  const [chosen, setChosen] = useState<OwnerOption | null>(defaultValue?.chosen ?? null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [pending, startTransition] = useTransition();
  const latest = useRef(0);

  useEffect(() => {
    if (!open) return;
    const request = ++latest.current;
    const timer = setTimeout(() => {
      startTransition(async () => {
        const result = await search(null, { q: query });
        if (request === latest.current && result.ok) {
          setOptions(result.data ?? []);
          setActive(0);
        }
      });
    }, 200);
    return () => clearTimeout(timer);
  }, [query, open, search]);

  function update(value: OwnerDraft) {
    setQuery(value.query);
    setChosen(value.chosen);
    onChange?.(value);
  }

  function choose(option: OwnerOption) {
    update({ query: option.username, chosen: option });
    setOpen(false);
  }

  const listId = `${id}-list`;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const listed = open && options.length > 0;
  return (
    <div className="field">
      <label htmlFor={`${id}-input`}>Owner</label>
      <div className="combobox">
        <input
          id={`${id}-input`}
          className="input"
          role="combobox"
          aria-expanded={listed}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && options[active] ? `${id}-opt-${options[active].id}` : undefined}
          aria-invalid={errorId ? true : undefined}
          aria-describedby={errorId}
          autoComplete="off"
          // Escape with the suggestions shown closes them only, not the Create dialog (see Dialog).
          data-popup-open={open ? "" : undefined}
          placeholder="Search active users by username or name"
          value={query}
          onChange={(event) => {
            update({ query: event.target.value, chosen: null });
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={(event) => {
            if (event.key === "ArrowDown") {
              event.preventDefault();
              setOpen(true);
              setActive((i) => Math.min(i + 1, options.length - 1));
            } else if (event.key === "ArrowUp") {
              event.preventDefault();
              setActive((i) => Math.max(i - 1, 0));
            } else if (event.key === "Enter" && open && options[active]) {
              event.preventDefault();
              choose(options[active]);
            } else if (event.key === "Escape" && open) {
              event.stopPropagation();
              setOpen(false);
            }
          }}
        />
        <input type="hidden" name="ownerId" value={chosen?.id ?? ""} />
        {listed && (
          // tabIndex -1: a scrolling list would otherwise be a Tab stop of its own (Chromium makes
          // scroll containers without focusable children keyboard-focusable) between the Owner field
          // and the next one; the input's arrow keys move through it instead.
          <ul id={listId} role="listbox" aria-label="Active users" className="combobox-list" tabIndex={-1}>
            {options.map((option, index) => (
              <li
                key={option.id}
                id={`${id}-opt-${option.id}`}
                role="option"
                aria-selected={index === active}
                className="combobox-option"
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(option)}
              >
                {option.username} <span className="muted">— {option.fullName}</span>
              </li>
            ))}
          </ul>
        )}
        {open && options.length === 0 && (
          // Not inside the listbox: a listbox may hold options only.
          <div className="combobox-list combobox-empty" role="status">
            {pending ? "Searching…" : "No active user matches."}
          </div>
        )}
      </div>
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}
