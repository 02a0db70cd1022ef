// The audit event of a user change must commit or roll back together with the change itself.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insertRawKeys, makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { tag } from "@/test/support/unique";
import { getDb } from "../../db/client";
import { getUserById } from "../../db/queries/users";
import { accessKeys, users } from "../../db/schema";
import { createUser, deleteUser, setUserStatus, updateUser } from "./users";

describe("the audit event is written in the same transaction as the change", () => {
  // A trigger makes the audit insert fail for one target; the change itself must then be rolled back.
  function failAuditFor(id: number) {
    getDb().run(
      sql.raw(`create trigger fail_audit_${id} before insert on audit_events when new.target_id = ${id}
       begin select raise(abort, 'audit write failed'); end`),
    );
    return () => getDb().run(sql.raw(`drop trigger fail_audit_${id}`));
  }

  it("rolls back update, deactivate and delete when their event cannot be written", async () => {
    const user = await makeUser("user");
    insertRawKeys(user.id);
    const restore = failAuditFor(user.id);
    try {
      await expect(
        updateUser(rootActor, { ...user, fullName: "Never", password: undefined }, testContext),
      ).rejects.toThrow(/audit write failed/);
      await expect(setUserStatus(rootActor, user.id, "inactive", testContext)).rejects.toThrow(/audit write failed/);
      await expect(deleteUser(rootActor, user.id, testContext)).rejects.toThrow(/audit write failed/);
    } finally {
      restore();
    }
    expect(await getUserById(user.id)).toMatchObject({ fullName: user.fullName, status: "active" });
    expect(getDb().select().from(accessKeys).where(eq(accessKeys.ownerId, user.id)).all()).toHaveLength(1);
  });

  it("rolls back createUser when its event cannot be written", async () => {
    const t = tag();
    getDb().run(
      sql.raw(`create trigger fail_create_${t} before insert on audit_events when new.target_label = 'atomic-${t}'
       begin select raise(abort, 'audit write failed'); end`),
    );
    try {
      await expect(
        createUser(
          rootActor,
          {
            username: `atomic-${t}`,
            fullName: "A",
            email: `a-${t}@example.test`,
            role: "user",
            password: "long password!",
          },
          testContext,
        ),
      ).rejects.toThrow(/audit write failed/);
    } finally {
      getDb().run(sql.raw(`drop trigger fail_create_${t}`));
    }
    expect(
      getDb()
        .select()
        .from(users)
        .where(eq(users.username, `atomic-${t}`))
        .all(),
    ).toHaveLength(0);
  });
});
