// The shape shared by the authorization matrices (lib/api/matrix.test.ts, lib/next/actions-matrix.test.ts):
// one row per endpoint or action, one cell per caller, where a row key names a caller or a group.

/** One expected answer, or a pair: [about the caller's own key, about someone else's]. */
export type Cell<Outcome> = Outcome | readonly [own: Outcome, other: Outcome];
export type Row<Outcome> = Record<string, Cell<Outcome>>;

/** The cell for `caller`: exactly one key of the row may name it, directly or through a group. */
export function resolveCell<Outcome>(
  row: Row<Outcome> | undefined,
  caller: string,
  groups: Record<string, readonly string[]>,
): Cell<Outcome> {
  if (!row) throw new Error("no row");
  const matches = Object.keys(row).filter((key) => key === caller || groups[key]?.includes(caller));
  if (matches.length !== 1) throw new Error(`${caller} matches ${matches.length} cells: ${matches.join(", ")}`);
  return row[matches[0] as string] as Cell<Outcome>;
}

/** The answer for one target of a cell. */
export const cellFor = <Outcome>(cell: Cell<Outcome>, target: "own" | "other"): Outcome =>
  Array.isArray(cell) ? ((cell as readonly Outcome[])[target === "own" ? 0 : 1] as Outcome) : (cell as Outcome);
