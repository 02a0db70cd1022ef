import { purgeExpiredSessions } from "@/db/queries/sessions";
import { purgeExpiredTokens } from "@/db/queries/verification";
import { type DeliveryReport, deliverDue } from "./delivery";
import { type ExpiryReport, queueExpiryMail } from "./expiry";

export type JobsReport = ExpiryReport & DeliveryReport & { tokensPurged: number; sessionsPurged: number };

/**
 * One scheduler pass (the server's periodic jobs, not only notifications): queue the reminders and expiry notices now due, send what is due, then delete
 * the OAuth access tokens long expired (the table would otherwise grow with every token issued) and
 * the browser sessions past their end.
 * Safe to run from several processes at once (the server's timer and `npm run jobs` under cron).
 */
export async function runJobs(options: { now?: Date; smtpUrl?: string } = {}): Promise<JobsReport> {
  const now = options.now ?? new Date();
  const queued = await queueExpiryMail(now);
  const delivered = await deliverDue({ now, smtpUrl: options.smtpUrl });
  const tokensPurged = await purgeExpiredTokens(now);
  const sessionsPurged = await purgeExpiredSessions(now);
  return { ...queued, ...delivered, tokensPurged, sessionsPurged };
}
