import type { Composer, ExpiryBand } from "@/db/queries/notifications";
import { getSettings } from "@/db/queries/settings";
import { publicUrl } from "@/lib/public-url";
import { queueExpiryNotifications } from "@/lib/services/notifications";
import { expiredMessage, reminderMessage } from "./messages";

const DAY = 86_400_000;
/** A key that expired longer ago than this gets no expiry notice (after a long outage, or on upgrade). */
export const EXPIRY_NOTICE_WINDOW_DAYS = 30;

/**
 * What a pass looks for. A reminder is due at expiry − d days for each reminder day d. When passes
 * were missed (downtime), a key gets only the most urgent reminder whose moment has passed, never a
 * burst of stale ones: with days 30, 7, 1 a key expiring in (7, 30] days is in the 30-day band, in
 * (1, 7] the 7-day band, in (0, 1] the 1-day band. A key that expired in the last
 * EXPIRY_NOTICE_WINDOW_DAYS days is in the expiry band, whatever reminders it missed.
 */
export function expiryBands(reminderDays: readonly number[], now: Date): ExpiryBand[] {
  const days = [...new Set(reminderDays)].filter((d) => d > 0).sort((a, b) => a - b);
  const at = (offsetDays: number) => new Date(now.getTime() + offsetDays * DAY);
  const bands: ExpiryBand[] = days.map((d, i) => ({
    kind: "reminder",
    days: d,
    from: at(days[i - 1] ?? 0),
    to: at(d),
  }));
  bands.push({ kind: "expired", from: at(-EXPIRY_NOTICE_WINDOW_DAYS), to: now });
  return bands;
}

export type ExpiryReport = { reminders: number; expired: number };

/** Queues every reminder and expiry notice now due; each exactly once per key, expiry date, day and recipient. */
export async function queueExpiryMail(now = new Date()): Promise<ExpiryReport> {
  const { expiryReminderDays } = await getSettings();
  const base = publicUrl();
  const report: ExpiryReport = { reminders: 0, expired: 0 };
  for (const band of expiryBands(expiryReminderDays, now)) {
    const compose: Composer =
      band.kind === "reminder"
        ? (key, recipient) => reminderMessage(key, recipient, now, base)
        : (key, recipient) => expiredMessage(key, recipient, base);
    const queued = await queueExpiryNotifications(band, compose, now);
    if (band.kind === "reminder") report.reminders += queued;
    else report.expired += queued;
  }
  return report;
}
