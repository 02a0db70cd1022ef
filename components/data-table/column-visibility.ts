"use client";

import type { ColumnVisibilityState, Updater } from "@tanstack/react-table";
import { functionalUpdate } from "@tanstack/react-table";
import { useCallback, useSyncExternalStore } from "react";

/*
 * Which columns a user has hidden, kept in this browser per table (localStorage
 * "keyward.columns.<label>"), so the choice survives reloads and is shared by the
 * tabs. Only hidden columns are stored: a column added later starts visible.
 */

const PREFIX = "keyward.columns.";
const NOTHING_HIDDEN: ColumnVisibilityState = {};
const listeners = new Set<() => void>();
// One snapshot object per stored string: useSyncExternalStore compares snapshots by identity.
const parsed = new Map<string, ColumnVisibilityState>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

function read(key: string): ColumnVisibilityState {
  let raw: string | null = null;
  try {
    raw = window.localStorage.getItem(key);
  } catch {
    return NOTHING_HIDDEN; // Storage refused (privacy mode): nothing hidden.
  }
  if (!raw) return NOTHING_HIDDEN;
  let state = parsed.get(raw);
  if (!state) {
    state = toState(raw);
    parsed.set(raw, state);
  }
  return state;
}

/** A stored JSON list of hidden column ids; anything else counts as nothing hidden. */
function toState(raw: string): ColumnVisibilityState {
  try {
    const ids: unknown = JSON.parse(raw);
    if (!Array.isArray(ids)) return NOTHING_HIDDEN;
    return Object.fromEntries(ids.filter((id) => typeof id === "string").map((id) => [id, false]));
  } catch {
    return NOTHING_HIDDEN;
  }
}

function write(key: string, state: ColumnVisibilityState): void {
  const hidden = Object.keys(state).filter((id) => state[id] === false);
  try {
    if (hidden.length === 0) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(hidden));
  } catch {
    // Not kept, but the table still follows the choice until the page is left.
  }
  for (const listener of listeners) listener();
}

/**
 * TanStack `columnVisibility` state for the table named `label`, kept in localStorage.
 * The server renders every column; hidden ones go once the page has hydrated.
 */
export function usePersistedColumnVisibility(
  label: string,
): [ColumnVisibilityState, (updater: Updater<ColumnVisibilityState>) => void] {
  const key = PREFIX + label;
  const state = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => NOTHING_HIDDEN,
  );
  const setState = useCallback(
    (updater: Updater<ColumnVisibilityState>) => write(key, functionalUpdate(updater, read(key))),
    [key],
  );
  return [state, setState];
}
