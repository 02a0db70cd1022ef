// Each user operation asks the permission table for the actor it is given, whatever the caller checked.
import { describe, expect, it } from "vitest";
import { getUserById } from "@/db/queries/users";
import type { Actor } from "@/lib/model/authz";
import { makeUser, testContext } from "@/test/db/fixtures";
import { expectDomainError } from "@/test/support/errors";
import {
  changeOwnPassword,
  createUser,
  deleteUser,
  getUser,
  listUsers,
  searchActiveUsers,
  setUserStatus,
  updateUser,
} from "./users";

const actorOf = (u: Actor): Actor => ({ id: u.id, username: u.username, role: u.role, status: u.status });
const params = { page: 1, pageSize: 10, sort: "username" as const, dir: "asc" as const, filters: {} };

describe("the user service decides through the permission table", () => {
  it("lets staff list users and refuses everyone else", async () => {
    const [admin, auditor, user] = [await makeUser("admin"), await makeUser("auditor"), await makeUser("user")];
    expect((await listUsers(actorOf(admin), params)).total).toBeGreaterThan(0);
    expect((await listUsers(actorOf(auditor), params)).total).toBeGreaterThan(0);
    await expectDomainError(listUsers(actorOf(user), params), "forbidden");
    await expectDomainError(listUsers({ ...actorOf(admin), status: "inactive" }, params), "forbidden");
  });

  it("shows anyone themselves, and others only to staff", async () => {
    const [auditor, user, other] = [await makeUser("auditor"), await makeUser("user"), await makeUser("user")];
    expect(await getUser(actorOf(user), user.id)).toMatchObject({ id: user.id, username: user.username });
    await expectDomainError(getUser(actorOf(user), other.id), "forbidden");
    expect(await getUser(actorOf(auditor), other.id)).toMatchObject({ id: other.id });
    await expectDomainError(getUser(actorOf(auditor), 999_999), "not_found");
  });

  it("lets only those who assign keys search the owner picker", async () => {
    const [admin, auditor, user] = [await makeUser("admin"), await makeUser("auditor"), await makeUser("user")];
    expect((await searchActiveUsers(actorOf(admin), user.username)).map((u) => u.id)).toEqual([user.id]);
    await expectDomainError(searchActiveUsers(actorOf(auditor), user.username), "forbidden");
    await expectDomainError(searchActiveUsers(actorOf(user), user.username), "forbidden");
  });

  it("refuses user changes to auditors and users, and changes nothing", async () => {
    const target = await makeUser("user");
    for (const role of ["auditor", "user"] as const) {
      const actor = actorOf(await makeUser(role));
      const input = { ...target, fullName: "Never", password: undefined };
      await expectDomainError(updateUser(actor, input, testContext), "forbidden");
      await expectDomainError(setUserStatus(actor, target.id, "inactive", testContext), "forbidden");
      await expectDomainError(deleteUser(actor, target.id, testContext), "forbidden");
      await expectDomainError(
        createUser(actor, { ...input, username: `x-${target.username}`, password: "a long password!" }, testContext),
        "forbidden",
      );
    }
    expect(await getUserById(target.id)).toMatchObject({ fullName: target.fullName, status: "active" });
  });

  it("changes only the actor's own password, and not for an inactive actor", async () => {
    const user = await makeUser("user");
    await expectDomainError(
      changeOwnPassword({ ...actorOf(user), status: "inactive" }, user.password, "a brand new password", testContext),
      "forbidden",
    );
    await changeOwnPassword(actorOf(user), user.password, "a brand new password", testContext);
  });
});
