/** Dates render the same on the server and in the browser (no hydration mismatch): UTC, ISO-like. */
export function formatDateTime(value: Date | number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const iso = new Date(value).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function formatDate(value: Date | number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return new Date(value).toISOString().slice(0, 10);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
