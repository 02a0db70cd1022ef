import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { AuditContext } from "@/lib/model/audit";
import { insertRawKeys, makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { expectDomainError } from "@/test/support/errors";
import { tag } from "@/test/support/unique";
import { getDb } from "../../db/client";
import { getUserById, listUsers } from "../../db/queries/users";
import { accessKeys, auditEvents } from "../../db/schema";
import { checkCredentials, createUser, deleteUser, setUserStatus, updateUser } from "./users";

const rawUser = (id: number) =>
  getDb().get<Record<string, unknown> | undefined>(sql`select * from users where id = ${id}`);
const eventsFor = (id: number) =>
  getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.targetType, "user"), eq(auditEvents.targetId, id)))
    .orderBy(auditEvents.id)
    .all();
const allEventsText = () => JSON.stringify(getDb().all(sql`select * from audit_events`));
const actorCtx = (actor: { id: number; username: string }): AuditContext => ({
  ...testContext,
  actorId: actor.id,
  actorUsername: actor.username,
});
const updateInput = (u: Awaited<ReturnType<typeof makeUser>>) => ({
  id: u.id,
  username: u.username,
  fullName: u.fullName,
  email: u.email,
  role: u.role,
  password: undefined as string | undefined,
});

const input = (username: string, email = `${username}@example.test`) => ({
  username,
  fullName: `Full ${username}`,
  email,
  role: "user" as const,
  password: "a long password!",
});

describe("createUser", () => {
  it("stores a bcrypt hash, never the password", async () => {
    const password = `plain-${tag()}-password`;
    const user = await makeUser("user", { password });
    const row = rawUser(user.id);
    expect(row?.password_hash).toMatch(/^\$2/);
    expect(row?.password_hash).not.toContain(password);
    expect(JSON.stringify(row)).not.toContain(password);
    expect(allEventsText()).not.toContain(password);
  });

  it("never returns the password hash", async () => {
    const user = await makeUser("auditor");
    expect(user).not.toHaveProperty("passwordHash");
    const read = await getUserById(user.id);
    expect(read).toMatchObject({ id: user.id, username: user.username, role: "auditor", status: "active" });
    expect(read).not.toHaveProperty("passwordHash");
    const list = await listUsers({
      page: 1,
      pageSize: 100,
      sort: "username",
      dir: "asc",
      filters: { q: user.username },
    });
    expect(list.rows).toHaveLength(1);
    expect(list.rows[0]).not.toHaveProperty("passwordHash");
    expect(JSON.stringify(list.rows)).not.toMatch(/\$2[aby]\$/);
  });

  it("writes one user.create event with actor and target", async () => {
    const admin = await makeUser("admin");
    const t = tag();
    const user = await createUser(rootActor, input(`new-${t}`), actorCtx(admin));
    const events = eventsFor(user.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      event: "user.create",
      outcome: "success",
      actorId: admin.id,
      actorUsername: admin.username,
    });
    expect(events[0]?.targetLabel).toBe(user.username);
  });
});

describe("uniqueness is case-insensitive", () => {
  it("refuses a username that differs only in case", async () => {
    const t = tag();
    await createUser(rootActor, input(`Alice-${t}`, `a1-${t}@example.test`), testContext);
    const error = await expectDomainError(
      createUser(rootActor, input(`alice-${t.toUpperCase()}`, `a2-${t}@example.test`), testContext),
      "conflict",
    );
    expect(error.fieldErrors?.username).toBeDefined();
    expect(error.fieldErrors?.email).toBeUndefined();
    expect((await listUsers({ page: 1, pageSize: 10, sort: "username", dir: "asc", filters: { q: t } })).total).toBe(1);
  });

  it("refuses an email that differs only in case", async () => {
    const t = tag();
    await createUser(rootActor, input(`bob1-${t}`, `Bob-${t}@Example.test`), testContext);
    const error = await expectDomainError(
      createUser(rootActor, input(`bob2-${t}`, `bob-${t}@example.TEST`), testContext),
      "conflict",
    );
    expect(error.fieldErrors?.email).toBeDefined();
    expect(error.fieldErrors?.username).toBeUndefined();
  });
});

describe("updateUser", () => {
  it("changes fields and keeps the password when none is given", async () => {
    const user = await makeUser("user");
    const t = tag();
    const updated = await updateUser(
      rootActor,
      {
        ...updateInput(user),
        username: `renamed-${t}`,
        fullName: "Renamed",
        email: `renamed-${t}@example.test`,
        role: "auditor",
      },
      testContext,
    );
    expect(updated).toMatchObject({
      username: `renamed-${t}`,
      fullName: "Renamed",
      email: `renamed-${t}@example.test`,
      role: "auditor",
    });
    expect(updated).not.toHaveProperty("passwordHash");
    expect(await getUserById(user.id)).toMatchObject({ username: `renamed-${t}`, role: "auditor" });
    expect((await checkCredentials(`renamed-${t}`, user.password)).ok).toBe(true);
  });

  it("changes the password when one is given", async () => {
    const user = await makeUser("user");
    await updateUser(rootActor, { ...updateInput(user), password: "the new password 1" }, testContext);
    expect(await checkCredentials(user.username, "the new password 1")).toMatchObject({ ok: true });
    expect(await checkCredentials(user.username, user.password)).toMatchObject({ ok: false, reason: "wrong_password" });
  });

  it("lets a user change only the case of their own username", async () => {
    const user = await makeUser("user");
    const updated = await updateUser(
      rootActor,
      { ...updateInput(user), username: user.username.toUpperCase() },
      testContext,
    );
    expect(updated.username).toBe(user.username.toUpperCase());
  });

  it("refuses another user's username or email, whatever the case", async () => {
    const [a, b] = [await makeUser("user"), await makeUser("user")];
    const byName = await expectDomainError(
      updateUser(rootActor, { ...updateInput(b), username: a.username.toUpperCase() }, testContext),
      "conflict",
    );
    expect(byName.fieldErrors?.username).toBeDefined();
    const byEmail = await expectDomainError(
      updateUser(rootActor, { ...updateInput(b), email: a.email.toUpperCase() }, testContext),
      "conflict",
    );
    expect(byEmail.fieldErrors?.email).toBeDefined();
    expect(await getUserById(b.id)).toMatchObject({ username: b.username, email: b.email });
    expect(eventsFor(b.id).map((e) => e.event)).toEqual(["user.create"]);
  });

  it("records one user.update event naming the changed fields, never the password", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser("user");
    const secret = `Secret-${tag()}-pw`;
    await updateUser(rootActor, { ...updateInput(user), fullName: "Changed Name", password: secret }, actorCtx(admin));
    const events = eventsFor(user.id).filter((e) => e.event === "user.update");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: admin.id, actorUsername: admin.username, targetId: user.id });
    const details = JSON.parse(events[0]?.details ?? "{}");
    expect(details.changed).toEqual(["fullName", "password"]);
    expect(details.fullName).toEqual({ from: user.fullName, to: "Changed Name" });
    expect(allEventsText()).not.toContain(secret);
  });

  it("refuses an unknown id with not_found", async () => {
    const user = await makeUser("user");
    await expectDomainError(updateUser(rootActor, { ...updateInput(user), id: 999_999 }, testContext), "not_found");
  });
});

describe("setUserStatus", () => {
  it("deactivates and reactivates, one event each", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser("user");
    expect((await setUserStatus(rootActor, user.id, "inactive", actorCtx(admin))).status).toBe("inactive");
    expect((await getUserById(user.id))?.status).toBe("inactive");
    expect((await setUserStatus(rootActor, user.id, "active", actorCtx(admin))).status).toBe("active");
    const events = eventsFor(user.id).slice(1);
    expect(events.map((e) => e.event)).toEqual(["user.deactivate", "user.activate"]);
    for (const e of events)
      expect(e).toMatchObject({ actorId: admin.id, actorUsername: admin.username, targetId: user.id });
  });

  it("writes nothing when the status does not change", async () => {
    const user = await makeUser("user");
    await setUserStatus(rootActor, user.id, "active", testContext);
    expect(eventsFor(user.id)).toHaveLength(1);
  });

  it("refuses to let an actor deactivate themselves", async () => {
    await makeUser("admin"); // so the last-administrator rule is not what refuses
    const self = await makeUser("admin");
    await expectDomainError(setUserStatus(rootActor, self.id, "inactive", actorCtx(self)), "conflict");
    expect((await getUserById(self.id))?.status).toBe("active");
    expect(eventsFor(self.id)).toHaveLength(1);
  });
});

describe("deleteUser", () => {
  it("refuses to let an actor delete themselves", async () => {
    await makeUser("admin");
    const self = await makeUser("admin");
    await expectDomainError(deleteUser(rootActor, self.id, actorCtx(self)), "conflict");
    expect(await getUserById(self.id)).toBeDefined();
  });

  it("deletes the user's keys, counts them, and keeps the audit event", async () => {
    const admin = await makeUser("admin");
    const doomed = await makeUser("user");
    const bystander = await makeUser("user");
    insertRawKeys(doomed.id, 3);
    insertRawKeys(bystander.id, 1);
    const result = await deleteUser(rootActor, doomed.id, actorCtx(admin));
    expect(result).toEqual({ username: doomed.username, keysDeleted: 3 });
    expect(await getUserById(doomed.id)).toBeUndefined();
    expect(getDb().select().from(accessKeys).where(eq(accessKeys.ownerId, doomed.id)).all()).toHaveLength(0);
    expect(getDb().select().from(accessKeys).where(eq(accessKeys.ownerId, bystander.id)).all()).toHaveLength(1);
    const deletes = eventsFor(doomed.id).filter((e) => e.event === "user.delete");
    expect(deletes).toHaveLength(1);
    expect(deletes[0]).toMatchObject({ actorId: admin.id, targetLabel: doomed.username });
    expect(JSON.parse(deletes[0]?.details ?? "{}")).toEqual({ keysDeleted: 3 });
  });

  it("reports zero keys for a user without keys", async () => {
    const user = await makeUser("user");
    expect((await deleteUser(rootActor, user.id, testContext)).keysDeleted).toBe(0);
  });

  it("refuses an unknown id with not_found", async () => {
    await expectDomainError(deleteUser(rootActor, 999_999, testContext), "not_found");
  });
});
