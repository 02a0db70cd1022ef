import nodemailer from "nodemailer";
import SMTPPool from "nodemailer/lib/smtp-pool";
import {
  type ClaimedNotification,
  claimNextNotification,
  markNotificationFailed,
  markNotificationSent,
} from "@/db/queries/notifications";
import { mailFrom, smtpUrl } from "./config";

/** How long a claimed e-mail is reserved for its sender; a sender that died releases it after this. */
export const LEASE_MS = 10 * 60_000;
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 60 * 60_000;
/** Errors that say the server, not this message, is the problem: stop the pass, the rest would fail too. */
const SERVER_ERRORS = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "EAUTH", "ETLS"]);

/** 1 minute after the first failure, doubling each time, at most an hour. There is no last attempt. */
export function retryDelayMs(failures: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1), MAX_RETRY_MS);
}

export type DeliveryOptions = {
  now?: Date;
  /** Defaults to SMTP_URL; without one nothing is sent (the outbox is the delivery). */
  smtpUrl?: string;
  from?: string;
  /** At most this many e-mails per pass. */
  limit?: number;
};
export type DeliveryReport = { sent: number; failed: number };

function describeError(error: unknown): { text: string; code?: string } {
  if (!(error instanceof Error)) return { text: String(error) };
  const code = (error as { code?: string }).code;
  return { text: code ? `${code}: ${error.message}` : error.message, code };
}

/**
 * Sends due e-mails one by one. Each is claimed (leased) in its own transaction first, so two
 * schedulers never send the same one; sent ones are marked sent, failed ones keep their error and
 * wait for their next attempt. A crash between sending and marking may send one e-mail twice
 * (at least once, never lost); its stable Message-ID lets mail systems drop the copy.
 */
export async function deliverDue(options: DeliveryOptions = {}): Promise<DeliveryReport> {
  const url = options.smtpUrl ?? smtpUrl();
  const report: DeliveryReport = { sent: 0, failed: 0 };
  if (!url) return report;
  // Time moves on from `now` as the pass runs, so a fake clock still gets real leases.
  const started = Date.now();
  const base = (options.now ?? new Date()).getTime();
  const clock = () => new Date(base + (Date.now() - started));
  // A pool of one: the pass reuses one connection, message after message. (Options given next to
  // `url` reach the transport only this way; createTransport({ url }) would keep the URL's alone.)
  const transport = nodemailer.createTransport(
    new SMTPPool({
      url,
      pool: true,
      maxConnections: 1,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    }),
  );
  const from = options.from ?? mailFrom();
  try {
    for (let i = 0; i < (options.limit ?? 100); i++) {
      const now = clock();
      const claim: ClaimedNotification | undefined = await claimNextNotification(
        now,
        new Date(now.getTime() + LEASE_MS),
      );
      if (!claim) break;
      try {
        await transport.sendMail({
          from,
          to: claim.recipient,
          subject: claim.subject,
          text: claim.body,
          messageId: `<notification-${claim.id}.${claim.createdAt.getTime()}@keyward>`,
        });
        await markNotificationSent(claim, clock());
        report.sent += 1;
      } catch (error) {
        const { text, code } = describeError(error);
        await markNotificationFailed(claim, text, new Date(clock().getTime() + retryDelayMs(claim.attempts + 1)));
        report.failed += 1;
        if (code && SERVER_ERRORS.has(code)) break;
      }
    }
  } finally {
    transport.close();
  }
  return report;
}
