import { closeDb, getDb, migrateDatabase } from "../db/client";
import { smtpUrl } from "../lib/notifications/config";
import { runJobs } from "../lib/notifications/jobs";
import { ensureLocalEnv } from "./local-env";

/**
 * `npm run jobs`: one scheduler pass (queue due expiry reminders and notices, send due e-mail,
 * delete long-expired access tokens), for installations that prefer cron. Safe next to the server's
 * own scheduler.
 */
ensureLocalEnv();
migrateDatabase(getDb());
try {
  const report = await runJobs();
  const outbox = smtpUrl() ? "" : " (no SMTP_URL: notifications stay in the outbox)";
  console.log(
    `Keyward jobs: queued ${report.reminders} reminder(s) and ${report.expired} expiry notice(s); sent ${report.sent}, failed ${report.failed}${outbox}; purged ${report.tokensPurged} expired access token(s) and ${report.sessionsPurged} expired session(s)`,
  );
} finally {
  closeDb();
}
