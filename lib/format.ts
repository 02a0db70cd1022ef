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

const RELATIVE_UNITS = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
] as const;

/**
 * "in 6 days", "2 hours ago": the largest whole unit, rounded (a 30-day reminder sent a minute late
 * still says "in 30 days"). Pure in both moments, so the server and the browser render the same
 * text when given the same `now`.
 */
export function formatRelative(target: Date | number, now: Date | number): string {
  const diff = new Date(target).getTime() - new Date(now).getTime();
  const size = Math.abs(diff);
  for (const [unit, ms] of RELATIVE_UNITS) {
    if (size >= ms) {
      const text = plural(Math.round(size / ms), unit);
      return diff > 0 ? `in ${text}` : `${text} ago`;
    }
  }
  return diff > 0 ? "in less than a minute" : "less than a minute ago";
}
