"use client";

import { useContext } from "react";
import type { AccessKey } from "@/db/queries/access-keys";
import { formatDate, formatRelative } from "@/lib/format";
import styles from "./key-expiry.module.css";
import { KeyGridContext } from "./key-grid-context";

const DAY = 86_400_000;

/** Whether a key (not revoked, not yet expired) expires within `windowDays` of `now`. */
export function expiresSoon(key: Pick<AccessKey, "expiresAt" | "status">, now: number, windowDays: number | null) {
  if (!key.expiresAt || key.status === "revoked" || windowDays === null) return false;
  const left = key.expiresAt.getTime() - now;
  return left > 0 && left <= windowDays * DAY;
}

/** "2026-12-01 (in 6 days)", highlighted within the first reminder window; relative to the page's `now`. */
export function KeyExpiry({ accessKey }: { accessKey: AccessKey }) {
  const { now, reminderWindowDays } = useContext(KeyGridContext);
  if (!accessKey.expiresAt) return "Never";
  const at = accessKey.expiresAt.getTime();
  const relative = formatRelative(at, now);
  const soon = expiresSoon(accessKey, now, reminderWindowDays);
  return (
    <span className={soon ? styles.soon : undefined} data-expires-soon={soon ? "" : undefined}>
      {formatDate(at)} <span className={styles.relative}>({at <= now ? `expired ${relative}` : relative})</span>
      {soon && <span className="visually-hidden">, within the {reminderWindowDays}-day reminder window</span>}
    </span>
  );
}
