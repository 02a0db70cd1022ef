import { type DeliveryReport, deliverDue } from "./delivery";
import { type ExpiryReport, queueExpiryMail } from "./expiry";

export type JobsReport = ExpiryReport & DeliveryReport;

/**
 * One scheduler pass: queue the reminders and expiry notices now due, then send what is due.
 * Safe to run from several processes at once (the server's timer and `npm run jobs` under cron).
 */
export async function runJobs(options: { now?: Date; smtpUrl?: string } = {}): Promise<JobsReport> {
  const now = options.now ?? new Date();
  const queued = await queueExpiryMail(now);
  const delivered = await deliverDue({ now, smtpUrl: options.smtpUrl });
  return { ...queued, ...delivered };
}
