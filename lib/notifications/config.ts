/**
 * Mail configuration, from the environment only. With SMTP_URL set, notifications are sent through
 * it; without it they stay in the outbox (the Notifications page), which is then their delivery.
 */
export const DEFAULT_MAIL_FROM = "Keyward <keyward@localhost>";

export function smtpUrl(): string | undefined {
  return process.env.SMTP_URL?.trim() || undefined;
}

export function mailFrom(): string {
  return process.env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM;
}

/** The status a new notification starts in: waiting for SMTP, or kept in the outbox for good. */
export function initialStatus(): "pending" | "outbox" {
  return smtpUrl() ? "pending" : "outbox";
}

/** Seconds between scheduler passes inside the server; 0 turns the in-process scheduler off (cron only). */
export function jobsIntervalMs(): number {
  const raw = process.env.JOBS_INTERVAL_SECONDS;
  const seconds = raw === undefined || raw.trim() === "" ? 60 : Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 60_000;
}
