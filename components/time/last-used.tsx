"use client";

import { formatLastUsed, formatLocalDateTime, formatUtcExact } from "@/lib/model/format";
import styles from "./time.module.css";
import { useHydrated } from "./use-hydrated";

/**
 * The last time something happened, as "3 minutes ago" (or `never`: "Never used" for a key, "Never
 * signed in" for a user), with the exact time on hover. `now` is the server's time of the page, so
 * the text renders alike on the server and in the browser.
 */
export function LastUsed({
  value,
  now,
  never,
}: {
  value: Date | string | number | null | undefined;
  now: number;
  never?: string;
}) {
  const hydrated = useHydrated();
  if (value === null || value === undefined)
    return <span className={styles.time}>{formatLastUsed(null, now, never)}</span>;
  const date = new Date(value);
  const exact = hydrated ? `${formatLocalDateTime(date)} (${formatUtcExact(date)})` : formatUtcExact(date);
  return (
    <time dateTime={date.toISOString()} title={exact} className={styles.time}>
      {formatLastUsed(date, now, never)}
    </time>
  );
}
