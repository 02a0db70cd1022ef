import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { AuditContext } from "@/lib/model/audit";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { expectDomainError } from "@/test/support/errors";
import { tag } from "@/test/support/unique";
import { getDb } from "../../db/client";
import { auditEvents } from "../../db/schema";
import { changeOwnPassword, checkCredentials, setUserStatus } from "./users";

const selfCtx = (u: { id: number; username: string }): AuditContext => ({
  ...testContext,
  actorId: u.id,
  actorUsername: u.username,
});
const eventsFor = (id: number, event: string) =>
  getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.targetId, id), eq(auditEvents.event, event)))
    .all();

describe("checkCredentials", () => {
  it("accepts the right password and returns the user without its hash", async () => {
    const user = await makeUser("user");
    const check = await checkCredentials(user.username, user.password);
    expect(check).toMatchObject({ ok: true, user: { id: user.id, username: user.username } });
    expect(check.user).not.toHaveProperty("passwordHash");
  });

  it("matches the username case-insensitively", async () => {
    const user = await makeUser("auditor");
    expect((await checkCredentials(user.username.toUpperCase(), user.password)).ok).toBe(true);
  });

  it("says wrong_password for a wrong password", async () => {
    const user = await makeUser("user");
    const check = await checkCredentials(user.username, `${user.password}!`);
    expect(check).toMatchObject({ ok: false, reason: "wrong_password" });
    expect(check.user).not.toHaveProperty("passwordHash");
  });

  it("says unknown_user for a username that does not exist, and returns no user", async () => {
    const check = await checkCredentials(`ghost-${tag()}`, "correct horse battery");
    expect(check).toEqual({ ok: false, reason: "unknown_user" });
  });

  it("does not match usernames by pattern", async () => {
    await makeUser("user");
    expect(await checkCredentials("user-%", "correct horse battery")).toEqual({ ok: false, reason: "unknown_user" });
    expect(await checkCredentials("user-________", "correct horse battery")).toEqual({
      ok: false,
      reason: "unknown_user",
    });
  });

  it("says inactive for a deactivated user with the right password", async () => {
    const user = await makeUser("user");
    await setUserStatus(rootActor, user.id, "inactive", testContext);
    expect(await checkCredentials(user.username, user.password)).toMatchObject({ ok: false, reason: "inactive" });
  });

  it("says wrong_password (not inactive) for a deactivated user with a wrong password", async () => {
    const user = await makeUser("user");
    await setUserStatus(rootActor, user.id, "inactive", testContext);
    expect(await checkCredentials(user.username, "not the password")).toMatchObject({
      ok: false,
      reason: "wrong_password",
    });
  });

  it("refuses a password longer than 72 bytes whose first 72 bytes are right", async () => {
    const password = "p".repeat(72);
    const user = await makeUser("user", { password });
    expect((await checkCredentials(user.username, password)).ok).toBe(true);
    expect(await checkCredentials(user.username, `${password}extra`)).toMatchObject({
      ok: false,
      reason: "wrong_password",
    });
  });
});

describe("changeOwnPassword", () => {
  it("refuses a wrong current password and leaves the old one working", async () => {
    const user = await makeUser("user");
    const error = await expectDomainError(
      changeOwnPassword(user, "not my password", "a brand new password", selfCtx(user)),
      "invalid",
    );
    expect(error.fieldErrors?.currentPassword).toBeDefined();
    expect((await checkCredentials(user.username, user.password)).ok).toBe(true);
    expect((await checkCredentials(user.username, "a brand new password")).ok).toBe(false);
    expect(eventsFor(user.id, "user.password_change")).toHaveLength(0);
  });

  it("accepts the right current password: the new one works, the old one no longer does", async () => {
    const user = await makeUser("user");
    const next = `new-password-${tag()}`;
    await changeOwnPassword(user, user.password, next, selfCtx(user));
    expect((await checkCredentials(user.username, next)).ok).toBe(true);
    expect(await checkCredentials(user.username, user.password)).toMatchObject({ ok: false, reason: "wrong_password" });
  });

  it("records one user.password_change event without either password", async () => {
    const oldPassword = `old-password-${tag()}`;
    const user = await makeUser("user", { password: oldPassword });
    const next = `new-password-${tag()}`;
    await changeOwnPassword(user, oldPassword, next, selfCtx(user));
    const events = eventsFor(user.id, "user.password_change");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      outcome: "success",
      actorId: user.id,
      actorUsername: user.username,
      targetType: "user",
    });
    const everything = JSON.stringify(getDb().all(sql`select * from audit_events`));
    expect(everything).not.toContain(oldPassword);
    expect(everything).not.toContain(next);
  });

  it("refuses an unknown user with not_found", async () => {
    await expectDomainError(
      changeOwnPassword({ ...rootActor, id: 999_999 }, "x", "a brand new password", testContext),
      "not_found",
    );
  });
});
