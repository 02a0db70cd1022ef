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

/** The exact moment in UTC, to the second: what a time shows on hover. */
export function formatUtcExact(value: Date | number): string {
  const iso = new Date(value).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/**
 * A moment in a time zone (the viewer's when none is given), as "2030-06-15 21:30 GMT+2": the same
 * shape as the UTC text, whatever the browser's locale, with the zone named so it is never mistaken.
 */
export function formatLocalDateTime(value: Date | number, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).formatToParts(new Date(value));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")} ${part("timeZoneName")}`;
}

/**
 * A last time something happened, relative ("3 minutes ago"), or `never` when it has not: "Never
 * used" (a key's Last used), "Never signed in" (a user's Last sign-in).
 */
export function formatLastUsed(
  value: Date | number | null | undefined,
  now: Date | number,
  never = "Never used",
): string {
  return value === null || value === undefined ? never : formatRelative(value, now);
}
