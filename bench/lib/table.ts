/** Plain-text tables with aligned columns, for benchmark reports. */
export type Column = { header: string; align?: "left" | "right" };

export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    columns
      .map((c, i) => {
        const cell = cells[i] ?? "";
        const width = widths[i] ?? 0;
        return c.align === "right" ? cell.padStart(width) : cell.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(columns.map((c) => c.header)), rule, ...rows.map(line)].join("\n");
}

export function printTable(title: string, columns: readonly Column[], rows: readonly (readonly string[])[]): void {
  console.log(`\n${title}\n${formatTable(columns, rows)}`);
}
