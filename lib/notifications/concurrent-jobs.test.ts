import { describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import { createKey } from "@/lib/services/access-keys";
import { makeUser } from "@/test/db/fixtures";
import { mailTestSetup } from "@/test/mail/smtp";
import { rootActor } from "@/test/support/actors";
import { lastReport, runReleasedTogether } from "@/test/support/processes";
import { type JobsReport, runJobs } from "./jobs";

const DAY = 86_400_000;
const notificationStats = () =>
  getSqlite()
    .prepare(
      "select count(*) as n, sum(status = 'sent') as sent, count(dedupe_key) as deduped, count(distinct dedupe_key) as distinctKeys from notifications",
    )
    .get() as { n: number; sent: number; deduped: number; distinctKeys: number };

const mail = mailTestSetup();

/**
 * One key per band for each of `perBand` new owners, created by the administrator (so each has a
 * creation e-mail and two recipients per reminder): expiring in 20 days, 5 days, 12 hours, and 1
 * day ago. Returns how many e-mails that makes.
 */
async function seedKeys(perBand: number): Promise<number> {
  const offsets = [20 * DAY, 5 * DAY, DAY / 2, -DAY];
  for (const offset of offsets) {
    for (let i = 0; i < perBand; i++) {
      const owner = await makeUser("user");
      const { key } = await createKey(
        rootActor,
        { ownerId: owner.id, name: `Race ${i}`, description: "", expiresAt: undefined, bearerEnabled: false },
        mail.adminCtx,
      );
      getSqlite()
        .prepare("update access_keys set expires_at = ? where id = ?")
        .run(Date.now() + offset, key.id);
    }
  }
  return offsets.length * perBand * 3; // a creation e-mail, then owner and creator for its band
}

function expectEachOnce(expected: number) {
  const stats = notificationStats();
  expect(stats.n).toBe(expected);
  expect(stats.sent).toBe(expected);
  expect(stats.distinctKeys).toBe(stats.deduped);
  expect(mail.smtp.mails).toHaveLength(expected);
  expect(new Set(mail.smtp.mails.map((m) => m.messageId)).size).toBe(expected);
  // Each e-mail reached the recipient its row names, with its subject.
  const rows = getSqlite().prepare("select recipient, subject from notifications").all() as {
    recipient: string;
    subject: string;
  }[];
  const pairs = (list: { to: string; subject: string }[]) => list.map((m) => `${m.to} ${m.subject}`).sort();
  expect(pairs(mail.smtp.mails.map((m) => ({ to: m.to.join(","), subject: m.subject })))).toEqual(
    pairs(rows.map((r) => ({ to: r.recipient, subject: r.subject }))),
  );
}

describe("two schedulers at once never send an e-mail twice", () => {
  it("two passes racing in one process", async () => {
    const expected = await seedKeys(2);
    const reports = await Promise.all([runJobs(), runJobs(), runJobs()]);
    const sum = (k: keyof JobsReport) => reports.reduce((n, r) => n + r[k], 0);
    expect(sum("reminders") + sum("expired")).toBe((expected / 3) * 2);
    expect(sum("sent")).toBe(expected);
    expectEachOnce(expected);
  });

  it("two OS processes released at the same moment", { timeout: 120_000 }, async () => {
    const before = notificationStats().n;
    const expected = before + (await seedKeys(3));
    const now = String(Date.now());
    const { runs } = await runReleasedTogether("test/children/run-jobs.ts", [
      { NOW: now, PASSES: "3" },
      { NOW: now, PASSES: "3" },
    ]);
    const reports = runs.map((run, i) => {
      expect(run.code, `child ${i} failed: ${run.stderr}`).toBe(0);
      return lastReport<JobsReport>(run);
    });
    expect(reports.reduce((n, r) => n + r.reminders + r.expired, 0)).toBe(((expected - before) / 3) * 2);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(expected - before);
    expectEachOnce(expected);
  });
});
