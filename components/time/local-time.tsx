"use client";

import { formatDate, formatDateTime, formatLocalDateTime, formatUtcExact } from "@/lib/model/format";
import styles from "./time.module.css";
import { useHydrated } from "./use-hydrated";

type Value = Date | string | number | null | undefined;

/**
 * A moment in the viewer's own time zone, with the exact UTC time on hover. The server cannot know
 * that zone, so it renders UTC and the browser switches to local time once hydrated.
 */
export function LocalTime({ value, empty = "—" }: { value: Value; empty?: string }) {
  const hydrated = useHydrated();
  if (value === null || value === undefined) return <>{empty}</>;
  const date = new Date(value);
  return (
    <time dateTime={date.toISOString()} title={formatUtcExact(date)} className={styles.time}>
      {hydrated ? formatLocalDateTime(date) : formatDateTime(date)}
    </time>
  );
}

/** A UTC day (yyyy-mm-dd), as the grids' date filters speak, kept on one line. */
export function UtcDate({ value }: { value: Value }) {
  if (value === null || value === undefined) return <>—</>;
  const date = new Date(value);
  return (
    <time dateTime={date.toISOString()} title={formatUtcExact(date)} className={styles.time}>
      {formatDate(date)}
    </time>
  );
}
