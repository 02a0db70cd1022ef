import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { releaseSignInAttempt } from "@/db/queries/sign-in-throttle";
import { getUserById } from "@/db/queries/users";
import { auditEvents } from "@/db/schema";
import { setUserStatus } from "@/lib/services/users";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { attemptSignIn, INVALID_CREDENTIALS } from "./sign-in";

// The throttle's counters live in this file's database: every test uses its own usernames and its own fake IPs.
let ipCounter = 0;
const freshIp = () => `198.51.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;
const from = (ip: string) => ({ ip, userAgent: "vitest" });
const wrongPassword = () => `wrong-${randomBytes(6).toString("hex")}`;
const eventsFromIp = (ip: string, event = "auth.sign_in_failed") =>
  getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.ip, ip), eq(auditEvents.event, event)))
    .orderBy(auditEvents.id)
    .all();
const allEventsText = () => JSON.stringify(getDb().all(sql`select * from audit_events`));

describe("successful sign-in", () => {
  it("returns ok with the user, records auth.sign_in and sets lastSignInAt", async () => {
    const user = await makeUser("user");
    const ip = freshIp();
    expect((await getUserById(user.id))?.lastSignInAt).toBeNull();
    const outcome = await attemptSignIn(user.username, user.password, from(ip));
    expect(outcome).toMatchObject({ ok: true, user: { id: user.id, username: user.username } });
    expect((await getUserById(user.id))?.lastSignInAt).toBeInstanceOf(Date);
    const events = eventsFromIp(ip, "auth.sign_in");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      outcome: "success",
      actorId: user.id,
      actorUsername: user.username,
      targetId: user.id,
    });
  });

  it("accepts the username in another case and with surrounding spaces", async () => {
    const user = await makeUser("user");
    expect((await attemptSignIn(`  ${user.username.toUpperCase()} `, user.password, from(freshIp()))).ok).toBe(true);
  });
});

describe("failed sign-in does not reveal whether the username exists", () => {
  it("answers a wrong password with code invalid and the generic message", async () => {
    const user = await makeUser("user");
    expect(await attemptSignIn(user.username, wrongPassword(), from(freshIp()))).toEqual({
      ok: false,
      code: "invalid",
      message: INVALID_CREDENTIALS,
    });
  });

  it("answers an unknown username exactly as it answers a wrong password", async () => {
    const user = await makeUser("user");
    const wrong = await attemptSignIn(user.username, wrongPassword(), from(freshIp()));
    const unknown = await attemptSignIn(`nobody-${randomBytes(4).toString("hex")}`, wrongPassword(), from(freshIp()));
    expect(unknown).toEqual(wrong);
    expect(unknown).toEqual({ ok: false, code: "invalid", message: INVALID_CREDENTIALS });
  });

  it("tells a deactivated user with the right password that the account is inactive", async () => {
    const user = await makeUser("user");
    await setUserStatus(rootActor, user.id, "inactive", testContext);
    const outcome = await attemptSignIn(user.username, user.password, from(freshIp()));
    expect(outcome).toMatchObject({ ok: false, code: "inactive" });
    expect(await attemptSignIn(user.username, wrongPassword(), from(freshIp()))).toMatchObject({ code: "invalid" });
  });
});

describe("throttling per username", () => {
  it("after 5 failures, refuses even the right password with a 'Try again' message", async () => {
    const user = await makeUser("user");
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      expect(await attemptSignIn(user.username, wrongPassword(), from(ip))).toMatchObject({ code: "invalid" });
    }
    const sixth = await attemptSignIn(user.username, user.password, from(freshIp()));
    expect(sixth).toMatchObject({ ok: false, code: "throttled" });
    expect(sixth.ok === false && sixth.message).toMatch(/Try again/);
    expect((await getUserById(user.id))?.lastSignInAt).toBeNull();
  });

  it("counts the username whatever its case", async () => {
    const user = await makeUser("user");
    for (let i = 0; i < 5; i++) {
      const name = i % 2 ? user.username.toUpperCase() : ` ${user.username} `;
      await attemptSignIn(name, wrongPassword(), from(freshIp()));
    }
    expect(await attemptSignIn(user.username, user.password, from(freshIp()))).toMatchObject({ code: "throttled" });
  });

  it("throttles unknown usernames the same way, so blocking does not reveal existence either", async () => {
    const ghost = `ghost-${randomBytes(4).toString("hex")}`;
    for (let i = 0; i < 5; i++) await attemptSignIn(ghost, wrongPassword(), from(freshIp()));
    expect(await attemptSignIn(ghost, wrongPassword(), from(freshIp()))).toMatchObject({ code: "throttled" });
  });

  it("leaves a different username from a different IP unaffected", async () => {
    const [victim, other] = [await makeUser("user"), await makeUser("user")];
    for (let i = 0; i < 5; i++) await attemptSignIn(victim.username, wrongPassword(), from(freshIp()));
    expect((await attemptSignIn(other.username, other.password, from(freshIp()))).ok).toBe(true);
  });

  it("a success below the limit clears the username's failures", async () => {
    const user = await makeUser("user");
    for (let i = 0; i < 4; i++) await attemptSignIn(user.username, wrongPassword(), from(freshIp()));
    expect((await attemptSignIn(user.username, user.password, from(freshIp()))).ok).toBe(true);
    for (let i = 0; i < 4; i++) await attemptSignIn(user.username, wrongPassword(), from(freshIp()));
    expect((await attemptSignIn(user.username, user.password, from(freshIp()))).ok).toBe(true);
  });

  it("cannot be bypassed by sending many attempts at once", async () => {
    const user = await makeUser("user");
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () => attemptSignIn(user.username, wrongPassword(), from(freshIp()))),
    );
    // At most 5 passwords may be tried per window; the rest must be refused unchecked.
    expect(outcomes.filter((o) => !o.ok && o.code === "invalid").length).toBeLessThanOrEqual(5);
    expect(outcomes.filter((o) => !o.ok && o.code === "throttled").length).toBeGreaterThanOrEqual(7);
  });
});

describe("throttling per IP", () => {
  it("after 20 failures from one IP across usernames, blocks that IP even for a user without failures", async () => {
    const ip = freshIp();
    const user = await makeUser("user");
    for (let i = 0; i < 20; i++) {
      const outcome = await attemptSignIn(`spray-${i}-${randomBytes(3).toString("hex")}`, wrongPassword(), from(ip));
      expect(outcome).toMatchObject({ code: "invalid" });
    }
    const blocked = await attemptSignIn(user.username, user.password, from(ip));
    expect(blocked).toMatchObject({ ok: false, code: "throttled" });
    expect(blocked.ok === false && blocked.message).toMatch(/Try again/);
    // The same user from another address is fine: only the IP is blocked.
    expect((await attemptSignIn(user.username, user.password, from(freshIp()))).ok).toBe(true);
  });

  it("does not block an IP below 20 failures", async () => {
    const ip = freshIp();
    const user = await makeUser("user");
    for (let i = 0; i < 19; i++)
      await attemptSignIn(`few-${i}-${randomBytes(3).toString("hex")}`, wrongPassword(), from(ip));
    expect((await attemptSignIn(user.username, user.password, from(ip))).ok).toBe(true);
  });

  it("unblocks once the throttle entry is reset", async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++)
      await attemptSignIn(`reset-${i}-${randomBytes(3).toString("hex")}`, wrongPassword(), from(ip));
    const user = await makeUser("user");
    expect(await attemptSignIn(user.username, user.password, from(ip))).toMatchObject({ code: "throttled" });
    releaseSignInAttempt({ reset: [{ scope: "ip", key: ip }] });
    expect((await attemptSignIn(user.username, user.password, from(ip))).ok).toBe(true);
  });
});

describe("auditing failures", () => {
  it("records every failure as auth.sign_in_failed with outcome failure and a reason", async () => {
    const ip = freshIp();
    const user = await makeUser("user");
    const inactive = await makeUser("user");
    await setUserStatus(rootActor, inactive.id, "inactive", testContext);
    await attemptSignIn(user.username, wrongPassword(), from(ip));
    await attemptSignIn(`unknown-${randomBytes(4).toString("hex")}`, wrongPassword(), from(ip));
    await attemptSignIn(inactive.username, inactive.password, from(ip));
    const events = eventsFromIp(ip);
    expect(events.map((e) => e.reason)).toEqual(["wrong_password", "unknown_user", "inactive"]);
    for (const e of events) expect(e).toMatchObject({ outcome: "failure", userAgent: "vitest" });
    expect(events[0]?.actorUsername).toBe(user.username);
  });

  it("records throttled attempts too", async () => {
    const user = await makeUser("user");
    const ip = freshIp();
    for (let i = 0; i < 5; i++) await attemptSignIn(user.username, wrongPassword(), from(freshIp()));
    await attemptSignIn(user.username, user.password, from(ip));
    expect(eventsFromIp(ip)).toMatchObject([{ outcome: "failure", reason: "throttled" }]);
  });

  it("never writes a password, right or wrong, into any event", async () => {
    const password = `Right-${randomBytes(6).toString("hex")}`;
    const user = await makeUser("user", { password });
    const [wrong1, wrong2] = [wrongPassword(), wrongPassword()];
    await attemptSignIn(user.username, wrong1, from(freshIp()));
    await attemptSignIn(`nobody-${randomBytes(4).toString("hex")}`, wrong2, from(freshIp()));
    await attemptSignIn(user.username, password, from(freshIp()));
    const text = allEventsText();
    for (const p of [password, wrong1, wrong2]) expect(text).not.toContain(p);
  });
});
