// Its own file (and so its own database) so that the number of administrators is known exactly.
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { expectDomainError } from "@/test/support/errors";
import { getDb } from "../../db/client";
import { getUserById } from "../../db/queries/users";
import { auditEvents, users } from "../../db/schema";
import { deleteUser, setUserStatus, updateUser } from "./users";

type TestUser = Awaited<ReturnType<typeof makeUser>>;

const auditCount = () => getDb().select({ n: count() }).from(auditEvents).get()?.n ?? 0;
const activeAdmins = () =>
  getDb()
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.status, "active")))
    .get()?.n ?? 0;
const asRole = (u: TestUser, role: "admin" | "auditor" | "user") => ({
  id: u.id,
  username: u.username,
  fullName: u.fullName,
  email: u.email,
  role,
  password: undefined,
});

/** Runs a change that must be refused as "last active administrator", and checks nothing changed. */
async function expectLastAdminRefusal(admin: TestUser, change: () => Promise<unknown>) {
  const before = await getUserById(admin.id);
  const events = auditCount();
  await expectDomainError(change(), "conflict", /last active administrator/);
  expect(await getUserById(admin.id)).toEqual(before);
  expect(auditCount()).toBe(events);
}

let first: TestUser;
let second: TestUser;

beforeAll(async () => {
  first = await makeUser("admin");
  await makeUser("user");
  await makeUser("auditor");
});

describe("with exactly one active administrator", () => {
  it("starts with one active admin", () => {
    expect(activeAdmins()).toBe(1);
  });

  it("refuses to demote them to user or auditor", async () => {
    await expectLastAdminRefusal(first, () => updateUser(rootActor, asRole(first, "user"), testContext));
    await expectLastAdminRefusal(first, () => updateUser(rootActor, asRole(first, "auditor"), testContext));
  });

  it("refuses to deactivate them", async () => {
    await expectLastAdminRefusal(first, () => setUserStatus(rootActor, first.id, "inactive", testContext));
  });

  it("refuses to delete them", async () => {
    await expectLastAdminRefusal(first, () => deleteUser(rootActor, first.id, testContext));
    expect(await getUserById(first.id)).toBeDefined();
  });

  it("still lets them be edited in other ways", async () => {
    const updated = await updateUser(
      rootActor,
      { ...asRole(first, "admin"), fullName: "Still The Admin" },
      testContext,
    );
    expect(updated).toMatchObject({ role: "admin", fullName: "Still The Admin" });
    first = { ...first, fullName: "Still The Admin" };
  });
});

describe("an inactive second administrator does not count", () => {
  it("can deactivate the second admin while the first is active", async () => {
    second = await makeUser("admin");
    expect((await setUserStatus(rootActor, second.id, "inactive", testContext)).status).toBe("inactive");
    expect(activeAdmins()).toBe(1);
  });

  it("still refuses to demote, deactivate or delete the only active admin", async () => {
    await expectLastAdminRefusal(first, () => updateUser(rootActor, asRole(first, "user"), testContext));
    await expectLastAdminRefusal(first, () => setUserStatus(rootActor, first.id, "inactive", testContext));
    await expectLastAdminRefusal(first, () => deleteUser(rootActor, first.id, testContext));
  });

  it("a non-admin (user or auditor) does not count either", async () => {
    await makeUser("auditor");
    await expectLastAdminRefusal(first, () => updateUser(rootActor, asRole(first, "auditor"), testContext));
  });

  it("the inactive admin itself may be demoted or deleted (it is not an active admin)", async () => {
    const third = await makeUser("admin");
    await setUserStatus(rootActor, third.id, "inactive", testContext);
    expect((await updateUser(rootActor, asRole(third, "user"), testContext)).role).toBe("user");
    await expect(deleteUser(rootActor, third.id, testContext)).resolves.toMatchObject({ username: third.username });
  });
});

describe("once a second active administrator exists", () => {
  it("lets the first be demoted", async () => {
    await setUserStatus(rootActor, second.id, "active", testContext);
    expect(activeAdmins()).toBe(2);
    expect((await updateUser(rootActor, asRole(first, "user"), testContext)).role).toBe("user");
    expect(activeAdmins()).toBe(1);
  });

  it("then protects the second, who has become the last", async () => {
    await expectLastAdminRefusal(second, () => setUserStatus(rootActor, second.id, "inactive", testContext));
    await expectLastAdminRefusal(second, () => deleteUser(rootActor, second.id, testContext));
  });

  it("lets an admin be deactivated or deleted while another stays active", async () => {
    const third = await makeUser("admin");
    expect((await setUserStatus(rootActor, second.id, "inactive", testContext)).status).toBe("inactive");
    await setUserStatus(rootActor, second.id, "active", testContext);
    await expect(deleteUser(rootActor, third.id, testContext)).resolves.toMatchObject({ keysDeleted: 0 });
    expect(activeAdmins()).toBe(1);
  });
});
