import { latestExpiry, toDateInput } from "@/lib/policy";
import type { Settings } from "@/lib/settings";
import type { ExpiryPolicy } from "./types";

export function expiryPolicy(settings: Settings, now = new Date()): ExpiryPolicy {
  const latest = latestExpiry(settings, now);
  return { latest: latest ? toDateInput(latest) : null, lifetimeDays: settings.keyLifetimeDays };
}

/** The first reminder window (the largest reminder day), or null when no reminders are sent. */
export function reminderWindowDays(settings: Pick<Settings, "expiryReminderDays">): number | null {
  return settings.expiryReminderDays.length ? Math.max(...settings.expiryReminderDays) : null;
}
