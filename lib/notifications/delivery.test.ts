import { afterEach, describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import { claimNextNotification, markNotificationSent } from "@/db/queries/notifications";
import type { AuditContext } from "@/lib/model/audit";
import { bulkUpdateKeys, createKey, deleteKey, regenerateKey, setKeyStatus } from "@/lib/services/access-keys";
import { makeUser, testContext } from "@/test/db/fixtures";
import { mailTestSetup, startTestSmtp, type TestSmtp } from "@/test/mail/smtp";
import { rootActor } from "@/test/support/actors";
import { expectDomainError } from "@/test/support/errors";
import { deliverDue, LEASE_MS, retryDelayMs } from "./delivery";
import { runJobs } from "./jobs";

const MIN = 60_000;
type Row = {
  id: number;
  recipient: string;
  subject: string;
  status: string;
  attempts: number;
  lastError: string | null;
};
const rowsTo = (email: string) =>
  getSqlite()
    .prepare(
      "select id, recipient, subject, status, attempts, last_error as lastError from notifications where recipient = ? order by id",
    )
    .all(email) as Row[];
const newKey = (ownerId: number, ctx: AuditContext, name = `Key ${Math.random().toString(36).slice(2, 8)}`) =>
  createKey(rootActor, { ownerId, name, description: "", expiresAt: undefined, bearerEnabled: false }, ctx);

const mail = mailTestSetup();
afterEach(async () => {
  // Leave nothing due for the next test: whatever is pending gets delivered.
  await deliverDue({ now: new Date(Date.now() + 24 * 3600e3), smtpUrl: mail.smtp.url });
});

const mailsTo = (server: TestSmtp, email: string) => server.mails.filter((m) => m.to.includes(email));

describe("admin actions on someone's key e-mail the owner through SMTP", () => {
  it("create, regenerate, revoke and delete: one e-mail each, naming the key, with no secret", async () => {
    const owner = await makeUser("user");
    const { key, secret } = await newKey(owner.id, mail.adminCtx, "Nightly build");
    const { secret: secret2 } = await regenerateKey(rootActor, key.id, mail.adminCtx);
    await setKeyStatus(rootActor, key.id, "deactivate", mail.adminCtx); // not one of the four: no e-mail
    await setKeyStatus(rootActor, key.id, "revoke", mail.adminCtx);
    await deleteKey(rootActor, key.id, mail.adminCtx);
    expect(rowsTo(owner.email).map((r) => r.status)).toEqual(["pending", "pending", "pending", "pending"]);

    const report = await runJobs({ now: new Date(), smtpUrl: mail.smtp.url });
    expect(report.sent).toBeGreaterThanOrEqual(4);
    await runJobs({ now: new Date(Date.now() + 5 * MIN), smtpUrl: mail.smtp.url }); // nothing is sent twice

    const mails = mailsTo(mail.smtp, owner.email);
    expect(mails.map((m) => m.subject)).toEqual([
      'Access key "Nightly build" was created for you',
      'Access key "Nightly build" was regenerated',
      'Access key "Nightly build" was revoked',
      'Access key "Nightly build" was deleted',
    ]);
    for (const mail of mails) {
      expect(mail.to).toEqual([owner.email]);
      expect(mail.text).toContain("Nightly build");
      expect(mail.text).toContain(key.clientId);
      expect(mail.text).toMatch(/What to do: /);
      expect(mail.text).toContain("/me/api-keys");
      for (const s of [secret, secret2]) {
        expect(mail.raw).not.toContain(s);
        expect(mail.text).not.toContain(s);
        expect(mail.raw).not.toContain(s.slice(4, 20)); // no fragment either, however it was encoded
      }
    }
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(4);
    const rows = rowsTo(owner.email);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(Array(4).fill(["sent", 1]));
  });

  it("sends nothing when the owner acts on their own key", async () => {
    const owner = await makeUser("user");
    const ownCtx = { ...testContext, actorId: owner.id, actorUsername: owner.username };
    const { key } = await newKey(owner.id, ownCtx);
    await regenerateKey(rootActor, key.id, ownCtx);
    await setKeyStatus(rootActor, key.id, "revoke", ownCtx);
    await deleteKey(rootActor, key.id, ownCtx);
    expect(rowsTo(owner.email)).toEqual([]);
  });

  it("bulk revoke and delete e-mail each key's owner; a refused change queues nothing", async () => {
    const owner = await makeUser("user");
    const a = await newKey(owner.id, mail.adminCtx);
    const b = await newKey(owner.id, mail.adminCtx);
    await bulkUpdateKeys(rootActor, [a.key.id, b.key.id], "revoke", mail.adminCtx);
    await bulkUpdateKeys(rootActor, [a.key.id, b.key.id], "delete", mail.adminCtx);
    await newKey(owner.id, mail.adminCtx);
    await newKey(owner.id, mail.adminCtx);
    // A third live key is over the limit of 2: rolled back.
    await expectDomainError(newKey(owner.id, mail.adminCtx), "limit");
    expect(rowsTo(owner.email).map((r) => r.subject.replace(/"[^"]*"/, "K"))).toEqual([
      "Access key K was created for you",
      "Access key K was created for you",
      "Access key K was revoked",
      "Access key K was revoked",
      "Access key K was deleted",
      "Access key K was deleted",
      "Access key K was created for you",
      "Access key K was created for you",
    ]);
  });
});

describe("an SMTP outage loses nothing", () => {
  it("keeps every e-mail pending with its error, backs off, and sends each exactly once after recovery", async () => {
    const down = await startTestSmtp();
    const url = down.url;
    await down.close(); // the outage: nothing listens on this port any more
    const owner = await makeUser("user");
    const { key } = await newKey(owner.id, mail.adminCtx);
    await newKey(owner.id, mail.adminCtx);
    await setKeyStatus(rootActor, key.id, "revoke", mail.adminCtx);
    const t0 = Date.now();

    const first = await deliverDue({ now: new Date(t0), smtpUrl: url });
    expect(first).toEqual({ sent: 0, failed: 1 }); // a server error ends the pass: the rest would fail too
    let rows = rowsTo(owner.email);
    expect(rows.map((r) => r.status)).toEqual(["pending", "pending", "pending"]);
    expect(rows[0]?.attempts).toBe(1);
    expect(rows[0]?.lastError).toMatch(/ECONNECTION|ECONNREFUSED/);

    for (const minutes of [0.5, 1.5, 4, 10, 30]) await deliverDue({ now: new Date(t0 + minutes * MIN), smtpUrl: url });
    rows = rowsTo(owner.email);
    expect(rows.every((r) => r.status === "pending" && r.attempts >= 1 && r.lastError)).toBe(true);

    const up = await startTestSmtp({ port: down.port }); // recovery, same address
    try {
      await deliverDue({ now: new Date(t0 + 3 * 3600e3), smtpUrl: url });
      await deliverDue({ now: new Date(t0 + 4 * 3600e3), smtpUrl: url });
      rows = rowsTo(owner.email);
      expect(rows.map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
      const subjects = mailsTo(up, owner.email).map((m) => m.subject.replace(/"[^"]*"/, "K"));
      expect(subjects.sort()).toEqual([
        "Access key K was created for you",
        "Access key K was created for you",
        "Access key K was revoked",
      ]);
    } finally {
      await up.close();
    }
  });

  it("retries a recipient the server refuses for now (451), without holding up the others", async () => {
    let refusing = true;
    const picky = await startTestSmtp({
      reject: (to) => (refusing && to.startsWith("user-") ? "451 try later" : null),
    });
    try {
      const owner = await makeUser("user");
      await newKey(owner.id, mail.adminCtx);
      const t0 = Date.now();
      expect(await deliverDue({ now: new Date(t0), smtpUrl: picky.url })).toMatchObject({ sent: 0, failed: 1 });
      expect(rowsTo(owner.email)[0]?.lastError).toMatch(/451/);
      expect(await deliverDue({ now: new Date(t0 + 30_000), smtpUrl: picky.url })).toEqual({ sent: 0, failed: 0 });
      refusing = false;
      expect(await deliverDue({ now: new Date(t0 + 61_000), smtpUrl: picky.url })).toEqual({ sent: 1, failed: 0 });
      expect(mailsTo(picky, owner.email)).toHaveLength(1);
    } finally {
      await picky.close();
    }
  });

  it("backs off 1, 2, 4 … minutes, at most an hour, with no last attempt", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => retryDelayMs(n) / MIN)).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
  });
});

describe("claiming an e-mail for sending", () => {
  it("leases it: no one else takes it until the lease runs out, and a sender whose lease ran out changes nothing", async () => {
    const owner = await makeUser("user");
    const t0 = Date.now() + 48 * 3600e3;
    await newKey(owner.id, mail.adminCtx);
    const first = await claimNextNotification(new Date(t0), new Date(t0 + LEASE_MS));
    expect(first?.recipient).toBe(owner.email);
    expect(await claimNextNotification(new Date(t0 + LEASE_MS - 1), new Date(t0 + 2 * LEASE_MS))).toBeUndefined();
    const second = await claimNextNotification(new Date(t0 + LEASE_MS), new Date(t0 + 2 * LEASE_MS));
    expect(second?.id).toBe(first?.id);
    await markNotificationSent(first as NonNullable<typeof first>, new Date(t0)); // stale holder: ignored
    expect(rowsTo(owner.email)[0]?.status).toBe("pending");
    await markNotificationSent(second as NonNullable<typeof second>, new Date(t0 + LEASE_MS));
    expect(rowsTo(owner.email)[0]?.status).toBe("sent");
  });
});
