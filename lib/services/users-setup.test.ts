// Its own file (and so its own, initially empty, database): the first-run path.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { expectDomainError } from "@/test/support/errors";
import { getDb } from "../../db/client";
import { auditEvents, users } from "../../db/schema";
import { checkCredentials, countUsers, createFirstAdmin } from "./users";

const origin = { ip: "192.0.2.1", userAgent: "vitest" };
const input = (name: string) => ({
  username: name,
  fullName: `First ${name}`,
  email: `${name}@example.test`,
  password: "first admin password",
});

describe("createFirstAdmin", () => {
  it("creates an administrator on an empty database", async () => {
    expect(await countUsers()).toBe(0);
    const admin = await createFirstAdmin(input("root-admin"), origin);
    expect(admin).toMatchObject({ username: "root-admin", role: "admin", status: "active" });
    expect(admin).not.toHaveProperty("passwordHash");
    expect(await countUsers()).toBe(1);
    expect(await checkCredentials("root-admin", "first admin password")).toMatchObject({ ok: true });
  });

  it("audits the creation as done by the new administrator, without the password", () => {
    const events = getDb().select().from(auditEvents).where(eq(auditEvents.event, "user.create")).all();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: null,
      actorUsername: "root-admin",
      targetLabel: "root-admin",
      ip: "192.0.2.1",
    });
    expect(JSON.stringify(events)).not.toContain("first admin password");
  });

  it("refuses a second call once a user exists", async () => {
    await expectDomainError(createFirstAdmin(input("second-admin"), origin), "conflict");
    expect(await countUsers()).toBe(1);
    expect(await checkCredentials("second-admin", "first admin password")).toMatchObject({
      ok: false,
      reason: "unknown_user",
    });
  });

  it("lets only one of several concurrent calls succeed", async () => {
    // Back to an empty database (this file's own), then race three setups.
    getDb().delete(users).run();
    expect(await countUsers()).toBe(0);
    const results = await Promise.allSettled([
      createFirstAdmin(input("race-a"), origin),
      createFirstAdmin(input("race-b"), origin),
      createFirstAdmin(input("race-c"), origin),
    ]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(2);
    for (const r of rejected) await expectDomainError(Promise.reject(r.reason), "conflict");
    const all = getDb().select({ role: users.role }).from(users).all();
    expect(all).toEqual([{ role: "admin" }]);
  });
});
